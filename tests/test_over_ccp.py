"""A program that loads itself over the CCP, as DDT does, runs (cpm80 alone crashes).

DDT.COM is Digital Research's and ships in no package we can install, so
tests/z80/overccp.mac does what trips cpm80: its own code runs at D1AAh,
inside the CCP's space, where cpm80 decodes the CCP's command buffer as
ASCII on a breakpoint of its own, and that buffer holds the program's bytes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from emulator import Machine, Profile
from emulator.machine import MachineEvent
from roms import build

HERE = Path(__file__).parent


@pytest.mark.skipif(importlib.util.find_spec("um80") is None, reason="needs the ROM tools")
def test_code_run_over_the_ccp_does_not_crash_the_machine(tmp_path):
    rel = build._assemble(HERE / "z80" / "overccp.mac", tmp_path)
    com = tmp_path / "OVERCCP.COM"
    build._tool("ul80", "-o", com, rel, cwd=tmp_path)
    m = Machine(Profile(mhz=None, programs=("OVERCCP",), boot="OVERCCP", restart=False),
                {"OVERCCP": com.read_bytes()})
    m.start()
    try:
        assert m.wait_for_text("RAN OVER THE CCP")
        # The warm boot put the CCP back: it answers at the prompt.
        assert m.wait_for_input()
        m.type("DIR\r")
        assert m.wait_for_text("OVERCCP  COM")
        assert m.error is None
        crashed = []
        while not m.events.empty():
            report = m.events.get()
            if report.event is MachineEvent.CRASHED:
                crashed.append(report)
        assert crashed == []
    finally:
        m.stop()

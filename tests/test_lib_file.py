"""roms/lib/file.mac: a test program saves, reads back and checks names on a real CP/M disk."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from emulator import Machine, Profile
from roms import build

HERE = Path(__file__).parent


@pytest.mark.skipif(importlib.util.find_spec("um80") is None, reason="needs the ROM tools")
def test_make_write_close_open_read_and_bad_names(tmp_path):
    lib = build.build_library(tmp_path)
    rel = build._assemble(HERE / "z80" / "ftest.mac", tmp_path)
    com = tmp_path / "FTEST.COM"
    build._tool("ul80", "-o", com, rel, lib, cwd=tmp_path)
    m = Machine(Profile(mhz=None, programs=("FTEST",), boot="FTEST", restart=False),
                {"FTEST": com.read_bytes()})
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.contains("FILE OK HELLO")
        m.type("DIR\r")
        assert m.wait_for_input()
        assert m.terminal.contains("TEST     TXT")
    finally:
        m.stop()

"""``exhibit run PROGRAM ARGS...``: the command tail at 0080h and the FCBs at
005Ch/006Ch are exactly what CP/M 2.2's CCP builds for the same line typed at A>."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from emulator import Machine, Profile
from exhibit.commands.run import RunError, machine_from_args

# LD C,1 ; CALL 5 ; JP 0: wait for a key with the CCP's work left in page zero.
WAITKEY = bytes([0x0E, 0x01, 0xCD, 0x05, 0x00, 0xC3, 0x00, 0x00])


def args(**given: object) -> argparse.Namespace:
    base = {"program": None, "tail": [], "org": None, "mhz": None, "run_turbo": True,
            "mount": None, "run_stop": None, "content": None, "run_break": None}
    return argparse.Namespace(**{**base, **given})


def page_zero_when_waiting(m: Machine, typed: str | None = None) -> bytes:
    """005Ch-00FFh (both FCBs and the tail), once the program waits for its key."""
    m.start()
    try:
        if typed is not None:
            assert m.wait_for_input()           # at A>
            m.type(typed)
        assert m.wait_for_input()
        assert m.pause()
        return bytes(m.cpu.memory[0x5C:0x100])
    finally:
        m.stop()


@pytest.fixture
def waitkey(tmp_path) -> Path:
    path = tmp_path / "waitkey.com"
    path.write_bytes(WAITKEY)
    return path


def test_tail_and_fcbs_match_what_the_ccp_builds_from_the_typed_line(waitkey):
    words = ["b:hello.txt", "*.asm"]
    ours, _ = machine_from_args(args(program=str(waitkey), tail=words))
    built = page_zero_when_waiting(ours)

    typed = Machine(Profile.base("cpm", name="typed").with_changes(mhz=None, boot=""),
                    {"WAITKEY": WAITKEY})
    reference = page_zero_when_waiting(typed, "WAITKEY b:hello.txt *.asm\r")
    assert built == reference

    # And what CP/M 2.2 says those are (Interface Guide, section 4).
    fcb1, fcb2, tail = built[0:16], built[0x10:0x20], built[0x24:]
    assert fcb1[:13] == b"\x02HELLO   TXT\x00"            # drive B:, upper case, extent 0
    assert fcb2[:12] == b"\x00????????ASM"                  # the wildcard name as ?s
    assert tail[0] == len(" B:HELLO.TXT *.ASM")
    assert tail[1:1 + tail[0]] == b" B:HELLO.TXT *.ASM"


def test_with_a_mounted_folder_the_program_starts_on_b(waitkey, tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    m, _ = machine_from_args(args(program=str(waitkey), tail=["hi"], mount=str(folder)))
    m.start()
    try:
        assert m.wait_for_input()
        assert m.pause()
        assert m.cpu.memory[0x0004] & 0x0F == 1           # current drive B:
        assert bytes(m.cpu.memory[0x5C:0x68]) == b"\x00HI         "
        assert m.terminal.contains("B>A:WAITKEY hi")     # the CCP reads it upper case
    finally:
        m.stop()


def test_a_tail_that_cannot_be_typed_is_one_clear_line(waitkey):
    with pytest.raises(RunError, match="plain ASCII"):
        machine_from_args(args(program=str(waitkey), tail=["café"]))
    with pytest.raises(RunError, match="keep it under 100"):
        machine_from_args(args(program=str(waitkey), tail=["X" * 120]))
    with pytest.raises(RunError, match="needs a program"):
        machine_from_args(args(tail=["HI"], run_stop=None))


def test_break_stops_at_a_label_of_ours_with_history_to_step_back():
    from emulator.machine import MachineEvent

    m, _ = machine_from_args(args(program="MEMO", run_break=["NXTFLD"]))
    m.start()
    try:
        report = m.wait_for_event(MachineEvent.BREAK)
        assert report is not None and report.pc == 0x010A      # NXTFLD in MEMO.SYM
        assert m.pause() and m.cpu.pc == 0x010A
        assert m.step_back() and m.cpu.pc < 0x010A             # LD IX,FIELDS before it
    finally:
        m.stop()
    with pytest.raises(RunError, match="--break: 'nowhere' is not an address"):
        machine_from_args(args(program="MEMO", run_break=["nowhere"]))

"""``python -m exhibit run``: bad input is one line; good programs run on the widget."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from emulator import MachineEvent
from emulator.loader import LoadError, com_image, parse_hex
from exhibit.commands.run import RunError, build_from_args, machine_from_args
from exhibit.run_app import RunApp
from exhibit.widgets.terminal import TerminalView


# LD DE,msg ; LD C,9 ; CALL 5 ; RET ; msg (BDOS 9 prints up to '$'), at any origin.
def hello(org: int, text: bytes = b"HELLO FROM THE HOST$") -> bytes:
    msg = org + 9
    return bytes([0x11, msg & 0xFF, msg >> 8, 0x0E, 0x09, 0xCD, 0x05, 0x00, 0xC9]) + text


def intel_hex(data: bytes, org: int, start: int | None = None) -> str:
    lines = []
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        addr = org + i
        rec = bytes([len(chunk), addr >> 8, addr & 0xFF, 0]) + chunk
        lines.append(":" + (rec + bytes([(-sum(rec)) & 0xFF])).hex().upper())
    if start is not None:
        rec = bytes([4, 0, 0, 5]) + start.to_bytes(4, "big")
        lines.append(":" + (rec + bytes([(-sum(rec)) & 0xFF])).hex().upper())
    lines.append(":00000001FF")
    return "\n".join(lines) + "\n"


def run(*args: str, cwd=None):
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-m", "exhibit", "run", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd, env=env, check=False)


def one_line(done) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert done.stdout == ""
    return lines[0]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "big.com").write_bytes(bytes(60_000))
    (tmp_path / "empty.com").write_bytes(b"")
    (tmp_path / "prog.bin").write_bytes(hello(0x100))
    (tmp_path / "sum.hex").write_text(":0300000001020305\n:00000001FF\n")
    (tmp_path / "word.hex").write_text(":03000000ZZ0203F8\n")
    (tmp_path / "colon.hex").write_text("0300000001020305\n")
    (tmp_path / "short.hex").write_text(":0500000001020305\n")
    (tmp_path / "kind.hex").write_text(":00000009F7\n")
    (tmp_path / "high.hex").write_text(intel_hex(b"\0" * 4, 0xF000))
    (tmp_path / "notdir").write_text("x")
    return tmp_path


@pytest.mark.parametrize("args, message", [
    (["missing.com"], "there is no file missing.com"),
    (["big.com"], "big.com is 60,000 bytes, too big for the 52,992-byte TPA (0100h-CFFFh)"),
    (["empty.com"], "empty.com is empty"),
    (["sum.hex"], "sum.hex:1: bad checksum 05h (it should be F7h)"),
    (["word.hex"], "word.hex:1: the record holds something that is not hex digits"),
    (["colon.hex"], "colon.hex:1: an Intel HEX record starts with ':'"),
    (["short.hex"], "short.hex:1: the record's length does not match its byte count"),
    (["kind.hex"], "kind.hex:1: record type 09 is not one Intel HEX defines"),
    (["high.hex"], "runs from F000h to F003h, but a CP/M program must fit the TPA"),
    (["prog.bin"], "prog.bin is raw bytes: say where they run with --org ADDR"),
    (["prog.bin", "--org", "zz"], "--org 'zz' is not an address"),
    (["prog.bin", "--org", "0x10"], "--org 0010h is outside the TPA"),
    (["prog.bin", "--org", "32768"], "--org 32768h is outside the TPA"),   # hex, as CP/M reads it
    (["prog.bin", "--org", "CFF0h"], "runs from CFF0h to D00Ch, but a CP/M program must fit"),
    (["prog.bin", "--org", "101h"], "below 0103h a program must start at its first byte"),
    (["sum.hex", "--org", "100h"], "--org is for .bin files"),
    (["NOSUCH"], "there is no file NOSUCH and no program of ours called NOSUCH (ours: "),
    ([], "say what to run"),
    (["MEMO", "--mhz", "fast"], "--mhz 'fast' is not a number of MHz"),
    (["MEMO", "--mhz", "0"], "--mhz must be between 0.1 and 1000"),
    (["MEMO", "--mhz", "4", "--turbo"], "--mhz and --turbo contradict each other"),
    (["MEMO", "--mount", "nowhere"], "there is no folder nowhere to mount as drive B:"),
    (["MEMO", "--mount", "notdir"], "notdir is a file; --mount takes a folder"),
    (["--stop", "atlantis"], "no stop called 'atlantis'"),
])
def test_bad_input_is_one_clear_line(files, args, message):
    line = one_line(run(*args, cwd=files))
    assert line.startswith("exhibit run: ")
    assert message in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_one_line(files):
    locked = files / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert "cannot read the folder" in one_line(run("MEMO", "--mount", "locked", cwd=files))
    finally:
        locked.chmod(0o755)


def args(**given: object) -> argparse.Namespace:
    base = {"program": None, "org": None, "mhz": None, "run_turbo": False, "mount": None,
            "run_stop": None, "content": None}
    return argparse.Namespace(**{**base, **given})


def test_hex_with_a_start_record_and_gaps():
    first = intel_hex(b"\x01\x02", 0x8000).replace(":00000001FF\n", "")
    data, org, start = parse_hex(first + intel_hex(b"\x03", 0x8004, 0x8001))
    assert (data, org, start) == (b"\x01\x02\0\0\x03", 0x8000, 0x8001)
    com = com_image(data, org, start)
    assert com[:3] == bytes([0xC3, 0x01, 0x80]) and com[0x7F00:] == data
    with pytest.raises(LoadError, match="outside its own bytes"):
        com_image(data, org, 0x9000)


def test_a_bin_at_8000h_runs_headless(tmp_path):
    (tmp_path / "far.bin").write_bytes(hello(0x8000))
    m, title = machine_from_args(args(program=str(tmp_path / "far.bin"), org="8000h",
                                      run_turbo=True))
    m.start()
    try:
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
        assert m.wait_for_input()
        assert m.terminal.contains("A>FAR", "HELLO FROM THE HOST")
        assert m.fault is None
    finally:
        m.stop()
    assert m.profile.mhz is None and title.startswith("FAR")


def test_a_mounted_folder_is_drive_b(tmp_path):
    (tmp_path / "notes.txt").write_text("kept on the host\r\n")
    (tmp_path / "bad name.txt").write_text("x")
    m, _ = machine_from_args(args(program=str(_com(tmp_path)), run_turbo=True,
                                  mount=str(tmp_path)))
    m.start()
    try:
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
        # One command at a time: CP/M's DIR stops at any key typed ahead.
        for command in ("DIR B:\r", "SAVE 1 B:SAVED.COM\r"):
            assert m.wait_for_input()
            m.type(command)
        assert m.wait_for_input()
        assert m.terminal.contains("NOTES    TXT")
    finally:
        m.stop()
    assert (tmp_path / "SAVED.COM").stat().st_size == 256


def _com(folder):
    path = folder.parent / "hi.com"
    path.write_bytes(hello(0x100))
    return path


def test_a_stops_machine(tmp_path):
    m, title = machine_from_args(args(run_stop="memo", run_turbo=True))
    assert m.profile.theme == "paper" and m.profile.boot == "MEMO"
    assert title.startswith("The memo")


def test_bad_args_raise_run_error():
    with pytest.raises(RunError, match="say what to run"):
        machine_from_args(args())


async def test_the_app_shows_a_hex_program_full_screen(tmp_path):
    (tmp_path / "hello.hex").write_text(intel_hex(hello(0x100), 0x100))
    build, title, *_ = build_from_args(args(program=str(tmp_path / "hello.hex"), run_turbo=True))
    app = RunApp(build, title=title)
    m = app.machine
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(TerminalView)
        assert view.has_focus

        def text() -> str:
            return "\n".join(view.render_line(y).text for y in range(view.terminal.rows))

        for _ in range(200):
            if "HELLO FROM THE HOST" in text() and "A>" in text().split("HOST")[-1]:
                break
            await pilot.pause(0.05)
        assert "HELLO FROM THE HOST" in text()
        await pilot.press(*"DIR", "enter")
        for _ in range(200):
            if "HELLO    COM" in text():
                break
            await pilot.pause(0.05)
        assert "HELLO    COM" in text()
        await pilot.press("f10", "p")
        assert m.paused
        await pilot.press("p", "r")
        assert not m.paused
        for _ in range(100):
            if "DIR" not in text():
                break
            await pilot.pause(0.05)
        assert "HELLO    COM" not in text()      # started again: the program runs afresh
        fresh = app.machine
        await pilot.press("q")
    assert not m.running and not fresh.running


def test_digital_researchs_own_pip_runs(tmp_path):
    # A CP/M 2.2 program we did not write: PIP, as cpm80 ships it.
    from importlib import resources

    pip = tmp_path / "pip.com"
    pip.write_bytes(resources.files("cpm80").joinpath("pip.com").read_bytes())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "poem.txt").write_text("The line printer sings\r\n")
    m, _ = machine_from_args(args(program=str(pip), run_turbo=True, mount=str(tmp_path / "b")))
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.contains("A>PIP", "*")
        m.type("LST:=B:POEM.TXT\r")          # print the host file on the machine's printer
        assert m.wait_for_input()
        m.type("\r")                          # an empty line ends PIP
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    finally:
        m.stop()
    assert "The line printer sings" in m.printer.lines()

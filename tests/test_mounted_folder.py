"""A mounted folder keeps its word: ERA, REN and PIP's save through NAME.$$$ on B:
leave the host folder as CP/M's directory says, and a warm boot brings nothing back."""

from __future__ import annotations

import argparse
import re
from importlib import resources
from pathlib import Path

from emulator import Machine
from exhibit.commands.run import machine_from_args


def args(**given: object) -> argparse.Namespace:
    base = {"program": None, "tail": [], "org": None, "mhz": None, "run_turbo": True,
            "mount": None, "run_stop": None, "content": None, "run_break": None}
    return argparse.Namespace(**{**base, **given})


def at_prompt(m: Machine, *commands: str) -> None:
    # One command at a time: CP/M's DIR stops at any key typed ahead.
    for command in commands:
        assert m.wait_for_input()
        m.type(command)
    assert m.wait_for_input()


def directory(m: Machine) -> set[str]:
    """The names CP/M's DIR B: lists, as NAME.EXT."""
    at_prompt(m, "DIR B:\r")
    listing = m.terminal.text().rsplit("DIR B:", 1)[1]
    return {f"{name}.{ext}" for name, ext in
            re.findall(r"([A-Z0-9$]+)\s+([A-Z0-9$]{1,3})(?=\s*(?::|$))", listing, re.MULTILINE)}


def pip_machine(tmp_path: Path, mount: str) -> Machine:
    pip = tmp_path / "pip.com"
    pip.write_bytes(resources.files("cpm80").joinpath("pip.com").read_bytes())
    m, _ = machine_from_args(args(program=str(pip), mount=mount))
    m.start()
    at_prompt(m, "\r")                          # an empty line ends PIP: A>
    return m


def test_era_ren_and_a_save_through_dollars_reach_the_folder(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    (folder / "notes.txt").write_text("kept on the host\r\n")
    (folder / "old.txt").write_text("to be erased\r\n")
    (folder / "bad name.txt").write_text("not a CP/M name")
    m = pip_machine(tmp_path, str(folder))
    try:
        assert m.drive_warnings() == ["B: leaves out bad name.txt: not a valid CP/M filename"]
        # Each reaches the folder as CP/M finishes it, not at the next warm boot.
        at_prompt(m, "ERA B:OLD.TXT\r")
        assert not (folder / "old.txt").exists()
        at_prompt(m, "REN B:NEW.TXT=B:NOTES.TXT\r")
        assert not (folder / "notes.txt").exists()
        assert (folder / "NEW.TXT").read_bytes().startswith(b"kept on the host\r\n")
        at_prompt(m, "PIP B:COPY.TXT=B:NEW.TXT\r")     # through COPY.$$$, renamed
        host = {p.name for p in folder.iterdir()}
        assert host == {"NEW.TXT", "COPY.TXT", "bad name.txt"}
        assert (folder / "COPY.TXT").read_bytes().startswith(b"kept on the host\r\n")
        # A warm boot (Ctrl+C) mounts the folder again: nothing comes back.
        at_prompt(m, "\x03")
        assert directory(m) == {"NEW.TXT", "COPY.TXT"}
        assert {p.name for p in folder.iterdir()} == host
    finally:
        m.stop()


def test_a_read_only_mount_never_changes_the_folder(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    (folder / "notes.txt").write_text("kept on the host\r\n")
    m = pip_machine(tmp_path, f"{folder}:ro")
    try:
        m.type("SAVE 1 B:SAVED.COM\r")
        assert m.wait_for_text("Bdos Err On B: Bad Sector")
        m.type("\x03")                          # Ctrl+C: give up, warm boot
        at_prompt(m, "ERA B:NOTES.TXT\r")
    finally:
        m.stop()
    assert {p.name for p in folder.iterdir()} == {"notes.txt"}
    assert (folder / "notes.txt").read_bytes() == b"kept on the host\r\n"


def test_write_saves_to_b_through_its_dollar_file_and_says_b(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    (folder / "doc.txt").write_bytes(b"An old draft.\r\n\x1a")
    m, _ = machine_from_args(args(program="WRITE", tail=["doc.txt"], mount=str(folder)))
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.lines()[0].startswith(" B:DOC.TXT")
        m.type("New words. ")
        assert m.wait_for_input()
        m.type("\x0bS")                          # ^KS: save, offering the name
        assert m.wait_for_input()
        m.type("\r")
        assert m.wait_for_text("Saved")
        assert m.terminal.lines()[0].startswith(" B:DOC.TXT ")
    finally:
        m.stop()
    assert {p.name for p in folder.iterdir()} == {"doc.txt"}     # no DOC.$$$ left
    assert (folder / "doc.txt").read_bytes().startswith(b"New words. An old draft.")


def test_stepping_back_never_crosses_a_change_to_the_folder(tmp_path):
    # The host files cannot be rolled back, so the history starts again
    # once the folder has changed.
    folder = tmp_path / "disk"
    folder.mkdir()
    m = pip_machine(tmp_path, str(folder))
    try:
        assert m.pause()
        m.keep_history()
        start = m.history_start
        m.resume()
        at_prompt(m, "SAVE 1 B:SAVED.COM\r", "DIR B:\r")
        assert (folder / "SAVED.COM").exists()
        assert m.pause()
        assert m.history_start is not None and start is not None and m.history_start > start
    finally:
        m.stop()

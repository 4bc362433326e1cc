"""Check a content folder: ``python -m exhibit check [DIR]``.

Runs the same rules the app runs at start (``timeline.check_folder``) and
prints every problem as ``file:line: what is wrong``; the exit status is 1
when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline import Stop, check_folder, default_dir

NAME = "check"
HELP = "check a folder of stop files (the shipped ones by default) and name every mistake"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", type=Path, nargs="?",
                        help="the content folder (default: --content, else the shipped stops)")


def run(args: argparse.Namespace) -> int:
    folder = args.dir or args.content or default_dir()
    stops, problems = check_folder(folder)
    for problem in problems:
        print(problem)
    if problems:
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} in {folder}; fix them and check again.",
              file=sys.stderr)
        return 1
    print(f"{folder}: {len(stops)} stops, no problems.")
    for note in rom_notes(stops, getattr(args, "data", None)):
        print(note)
    return 0


def rom_notes(stops: list[Stop], data: Path | None) -> list[str]:
    """For each stop with ``rom = "zx80"``/``"zx81"``: which ROM it will run, or how to add one."""
    from emulator.sinclair import find_rom
    from exhibit.machines import roms_dir

    notes = []
    for stop in stops:
        model = stop.machine.get("rom")
        if model not in ("zx80", "zx81"):
            continue
        folder = roms_dir(data)
        rom = find_rom(folder, model)
        if rom is not None:
            notes.append(f"{stop.id}: runs the real {model.upper()} on your {rom.name} ROM "
                         f"from {folder}")
        else:
            size = "4 KB" if model == "zx80" else "8 KB"
            notes.append(f"{stop.id}: rom = \"{model}\" but {folder} has no {model.upper()} ROM, "
                         f"so the stop runs its own program; to run the real {model.upper()}, "
                         f"copy your {size} ROM image there as {model}.rom (the exhibit ships "
                         "none)")
    return notes

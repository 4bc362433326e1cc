"""Check a content folder: ``python -m exhibit check [DIR]``.

Runs the same rules the app runs at start (``timeline.check_folder``) and
prints every problem as ``file:line: what is wrong``; the exit status is 1
when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline import check_folder, default_dir

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
    return 0

"""``python -m exhibit handout FILE.md|FILE.html``: the timeline as a handout to print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exhibit.content import load_or_report
from exhibit.handout import write_handout

NAME = "handout"
HELP = "write the stops, stories, prompts and sources to a .md or .html file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write it: FILE.md or FILE.html")


def run(args: argparse.Namespace) -> int:
    stops = load_or_report(args.content)
    if stops is None:
        return 1
    path: Path = args.file
    if path.suffix.lower() not in (".md", ".markdown", ".html", ".htm"):
        print(f"exhibit handout: {path.name} is neither .md nor .html; name the file FILE.md "
              "or FILE.html", file=sys.stderr)
        return 2
    try:
        write_handout(stops, path)
    except OSError as e:
        print(f"exhibit handout: cannot write {path}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({len(stops)} stops)")
    return 0

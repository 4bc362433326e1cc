"""The command line: ``python -m exhibit`` (or ``exhibit``) and its options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline import ContentError, load_timeline


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exhibit",
        description="How we talked at home and at work, 1970s to today: an interactive "
                    "exhibit with a real emulated Z80 at every stop.",
    )
    parser.add_argument("--stop", metavar="ID", help="open straight at one stop (e.g. memo)")
    parser.add_argument("--content", metavar="DIR", type=Path,
                        help="read the stop files from DIR instead of the shipped ones")
    parser.add_argument("--turbo", action="store_true",
                        help="run the machines flat out instead of at their era clock")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        stops = load_timeline(args.content)
    except ContentError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print("exhibit: the content has mistakes (above); fix them and start again.",
              file=sys.stderr)
        return 1
    if args.stop and not any(s.id == args.stop for s in stops):
        known = ", ".join(s.id for s in stops)
        print(f"exhibit: no stop called {args.stop!r} (the stops are: {known})", file=sys.stderr)
        return 2

    from exhibit.app import ExhibitApp   # Textual loads only when the app runs

    ExhibitApp(stops, start_stop=args.stop, turbo=args.turbo).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

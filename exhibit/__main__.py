"""The command line: ``python -m exhibit`` (or ``exhibit``) and its subcommands.

With no subcommand it starts the app. Every error a person can cause (a bad
option, a missing file, broken content) is one line on stderr and a non-zero
exit status; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exhibit import commands


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
    parser.add_argument("--kiosk", action="store_true",
                        help="kiosk mode: attract screen, idle reset, no way out without "
                             "the admin chord (F12 three times) and PIN")
    parser.add_argument("--config", metavar="FILE", type=Path, default=None,
                        help="kiosk settings (TOML, a [kiosk] section)")
    parser.add_argument("--presenter", action="store_true",
                        help="presentation mode for a trainer with a clicker "
                             "(PgDn/PgUp, B blanks, T timeline, G or 1-9 jump)")
    parser.add_argument("--state", metavar="FILE", type=Path, default=None,
                        help="with --presenter: where to write the state that "
                             "'exhibit notes' follows")
    parser.add_argument("--data", metavar="DIR", type=Path, default=None,
                        help="keep posts, visit figures and logs in DIR "
                             "(default: the user data folder)")
    parser.add_argument("--clearer-colours", action="store_true",
                        help="start with clearer colours (every colour at 4.5:1 or more; "
                             "F3 toggles it)")
    parser.add_argument("--reduced-motion", action="store_true",
                        help="no blinking cursors and no animations")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    if commands.COMMANDS:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                    title="commands (python -m exhibit COMMAND --help)")
        for name in commands.COMMANDS:
            module = commands.load(name)
            module.add_arguments(sub.add_parser(module.NAME, help=module.HELP,
                                                description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    name = getattr(args, "command", None) or "app"
    module = commands.load(name)
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        if args.debug:
            raise
        print(f"exhibit: {e} (run with --debug for the details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

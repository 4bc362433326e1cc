"""The command line: ``python -m exhibit`` (or ``exhibit``) and its subcommands.

With no subcommand it starts the app. Every error a person can cause (a bad
option, a missing file, broken content) is one line on stderr and a non-zero
exit status; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
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
    _global_options(parser, default=None)
    if commands.COMMANDS:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                    title="commands (python -m exhibit COMMAND --help)")
        for name in commands.COMMANDS:
            module = commands.load(name)
            command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
            module.add_arguments(command)
            # The global options work after the command too; given there,
            # they win, and left out they keep what came before it.
            _global_options(command, default=argparse.SUPPRESS)
    return parser


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--data", metavar="DIR", type=Path, default=default,
                        help="keep posts, visit figures and logs in DIR "
                             "(default: the user data folder)")
    parser.add_argument("--content", metavar="DIR", type=Path, default=default,
                        help="read the stop files from DIR instead of the shipped ones")
    parser.add_argument("--debug", action="store_true",
                        default=False if default is None else default,
                        help="show tracebacks for errors")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    name = getattr(args, "command", None) or "app"
    module = commands.load(name)
    try:
        status = int(module.run(args))
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away (``exhibit wall | head -1``): end quietly,
        # and keep Python's own last flush from complaining about it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        if args.debug:
            raise
        print(f"exhibit: {e} (run with --debug for the details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

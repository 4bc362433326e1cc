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
    add_app_options(parser)
    if commands.COMMANDS:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                    title="commands (python -m exhibit COMMAND --help)")
        for name in commands.COMMANDS:
            module = commands.load(name)
            command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
            module.add_arguments(command)
            # Also after the command's name (exhibit stats --store URL); given
            # there, they win, and left out, the main parser's value stands.
            # (serve takes every app option there already.)
            for add_after in (add_store_options, _content_and_debug):
                try:
                    add_after(command, after_command=True)
                except argparse.ArgumentError:
                    pass
    return parser


def add_app_options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The app's own options (every mode's), on ``parser``; ``serve`` passes them to each page's app."""
    add = parser.add_argument
    return [
        add("--stop", metavar="ID", help="open straight at one stop (e.g. memo)"),
        add("--content", metavar="DIR", type=Path,
            help="read the stop files from DIR instead of the shipped ones"),
        add("--turbo", action="store_true",
            help="run the machines flat out instead of at their era clock"),
        add("--kiosk", action="store_true",
            help="kiosk mode: attract screen, idle reset, no way out without "
                 "the admin chord (F12 three times) and PIN"),
        add("--config", metavar="FILE", type=Path, default=None,
            help="kiosk settings (TOML, a [kiosk] section)"),
        add("--presenter", action="store_true",
            help="presentation mode for a trainer with a clicker "
                 "(PgDn/PgUp, B blanks, T timeline, G or 1-9 jump)"),
        add("--state", metavar="FILE", type=Path, default=None,
            help="with --presenter: where to write the state that 'exhibit notes' follows"),
        *add_store_options(parser),
        add("--clearer-colours", action="store_true",
            help="start with clearer colours (every colour at 4.5:1 or more; F3 toggles it)"),
        add("--reduced-motion", action="store_true", help="no blinking cursors and no animations"),
        add("--debug", action="store_true", help="show tracebacks for errors"),
    ]


def add_store_options(parser: argparse.ArgumentParser, *,
                      after_command: bool = False) -> list[argparse.Action]:
    """--data and --store: where the posts and visit figures are."""
    default = argparse.SUPPRESS if after_command else None
    return [
        parser.add_argument("--data", metavar="DIR", type=Path, default=default,
                            help="keep posts, visit figures and logs in DIR "
                                 "(default: the user data folder)"),
        parser.add_argument("--store", metavar="URL", default=default,
                            help="share posts and visit figures with other kiosks on a "
                                 "PostgreSQL server, e.g. postgresql://kiosk@server/exhibit (the "
                                 "password comes from PGPASSWORD or a passfile, never the "
                                 "command line)"),
    ]


def _content_and_debug(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """--content and --debug after a command's name too (exhibit check --content DIR)."""
    parser.add_argument("--content", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                        help="read the stop files from DIR instead of the shipped ones")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks for errors")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.store:
        from emulator.store import redact

        if redact(args.store) != args.store:
            # The process list shows a command line to every user of the machine.
            print("exhibit: --store must not hold a password (anyone on this machine can read "
                  "a command line); use PGPASSWORD, a ~/.pgpass file or the kiosk setting "
                  "password_file", file=sys.stderr)
            return 2
        if not args.store.startswith(("postgresql://", "postgres://")):
            print("exhibit: --store takes a postgresql:// URL (for this machine's own file, "
                  "leave it out and use --data DIR)", file=sys.stderr)
            return 2
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

"""Serve the exhibit to web browsers: ``python -m exhibit serve``.

Each page that opens gets its own app (and machines), started with the app
options given here (``serve --kiosk --config kiosk.toml``, ``--presenter``,
``--data``, ...: every option ``exhibit.__main__.add_app_options`` defines),
up to ``--max-sessions`` at once. Only this machine can open it unless
``--host`` says otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

NAME = "serve"
HELP = "serve the exhibit to web browsers, one app per page (http://127.0.0.1:8000/)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from exhibit.__main__ import add_app_options

    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only; "
                             "0.0.0.0 lets anyone on the network open it)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument("--max-sessions", type=int, default=4, metavar="N",
                        help="at most N pages at once, each with its own app (default 4); "
                             "more get a page asking them to wait")
    # The app's options may also come after "serve"; given before it, they
    # must not be reset to their defaults here.
    for action in add_app_options(parser):
        action.default = argparse.SUPPRESS


def _app_options() -> list[argparse.Action]:
    from exhibit.__main__ import add_app_options

    return add_app_options(argparse.ArgumentParser(add_help=False))


def app_args(args: argparse.Namespace) -> list[str]:
    """The app's options as given, as a command line for each page's app."""
    out: list[str] = []
    for action in _app_options():
        value = getattr(args, action.dest, action.default)
        if value is None or value == action.default:
            continue
        option = action.option_strings[-1]
        if action.nargs == 0:              # a flag
            out.append(option)
        else:
            out += [option, str(Path(value).resolve()) if isinstance(value, Path) else str(value)]
    return out


def problems(args: argparse.Namespace) -> Iterable[str]:
    """What is wrong with the options, found once here rather than in every page."""
    if not 0 < args.port < 65536:
        yield f"--port {args.port} is not a port; give one from 1 to 65535"
    if args.max_sessions < 1:
        yield "--max-sessions must be at least 1"
    from exhibit.commands import app
    from exhibit.content import load_or_report

    stops = load_or_report(getattr(args, "content", None))
    if stops is None:
        yield "the stop files have mistakes (listed above); fix them or leave out --content"
        return
    # The app's own checks, on its options with their defaults where not given.
    options = argparse.Namespace(**{a.dest: getattr(args, a.dest, a.default) for a in _app_options()})
    if (wrong := app.problem(options, stops)) is not None:
        yield wrong


def run(args: argparse.Namespace) -> int:
    found = list(problems(args))
    for problem in found:
        print(f"exhibit: {problem}", file=sys.stderr)
    if found:
        return 2
    from exhibit.server import ExhibitServer, is_loopback

    server = ExhibitServer(app_args(args), host=args.host, port=args.port,
                           max_sessions=args.max_sessions,
                           kiosk=bool(getattr(args, "kiosk", False)))
    if not is_loopback(args.host):
        print(f"exhibit: warning: listening on {args.host}: anyone on that network can open "
              "the exhibit", file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Serving the exhibit at http://{shown}:{args.port}/ for up to {args.max_sessions} "
          "pages at once; Ctrl+C stops it.", flush=True)
    try:
        server.run()
    except OSError as e:
        print(f"exhibit: cannot listen on {args.host} port {args.port} ({e.strerror or e}); "
              "choose another with --port or --host", file=sys.stderr)
        return 1
    return 0

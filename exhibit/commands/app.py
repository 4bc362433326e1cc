"""Start the app (what ``python -m exhibit`` does with no subcommand)."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from exhibit.content import load_or_report

NAME = "app"
HELP = "start the exhibit (the default)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The app's options live on the main parser."""


def run(args: argparse.Namespace) -> int:
    stops = load_or_report(args.content)
    if stops is None:
        return 1
    if args.stop and not any(s.id == args.stop for s in stops):
        known = ", ".join(s.id for s in stops)
        print(f"exhibit: no stop called {args.stop!r} (the stops are: {known})", file=sys.stderr)
        return 2

    if args.kiosk:
        from exhibit.kiosk import KioskApp, run_kiosk
        from exhibit.settings import KioskSettings, SettingsError

        try:
            settings = KioskSettings.load(args.config)
        except SettingsError as e:
            print(f"exhibit: {e}", file=sys.stderr)
            return 2
        # The command line can turn either visitor setting on over the file.
        settings = dataclasses.replace(
            settings, clearer_colours=settings.clearer_colours or args.clearer_colours,
            reduced_motion=settings.reduced_motion or args.reduced_motion)
        return run_kiosk(lambda recovered: KioskApp(
            stops, settings=settings, data=args.data, content=args.content, turbo=args.turbo,
            recovered=recovered))

    if args.presenter:
        from exhibit.presenter_app import PresenterApp

        app = PresenterApp(stops, state_path=args.state, turbo=args.turbo, data=args.data)
        if args.stop:
            app.index = next(i for i, s in enumerate(app.slides)
                             if app.stops[s.stop_index].id == args.stop)
        app.run()
        return 0

    from exhibit.app import ExhibitApp  # Textual loads only when the app runs

    ExhibitApp(stops, start_stop=args.stop, turbo=args.turbo, data=args.data,
               clearer_colours=args.clearer_colours, reduced_motion=args.reduced_motion).run()
    return 0

"""Start the app (what ``python -m exhibit`` does with no subcommand)."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from exhibit.content import load_or_report
from exhibit.settings import SettingsError, command_place
from timeline import Stop

NAME = "app"
HELP = "start the exhibit (the default)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The app's options live on the main parser."""


def problem(args: argparse.Namespace, stops: list[Stop]) -> str | None:
    """The first thing wrong with the app's options, in one line, or None.

    ``serve`` asks this too, once, rather than every page's app finding it.
    """
    known = ", ".join(s.id for s in stops)
    if args.stop and not any(s.id == args.stop for s in stops):
        return f"no stop called {args.stop!r} (the stops are: {known})"
    if args.config is not None and not args.kiosk:
        return "--config holds kiosk settings: add --kiosk to run as a kiosk, or leave --config out"
    if args.kiosk:
        from exhibit.settings import KioskSettings

        try:
            settings = KioskSettings.load(args.config)
        except SettingsError as e:
            return str(e)
        unknown = settings.unknown_stops([s.id for s in stops])
        if unknown:
            return (f"{args.config}: stops names {', '.join(map(repr, unknown))}, which the "
                    f"timeline does not have (the stops are: {known})")
    return None


def run(args: argparse.Namespace) -> int:
    stops = load_or_report(args.content)
    if stops is None:
        return 1
    if (wrong := problem(args, stops)) is not None:
        print(f"exhibit: {wrong}", file=sys.stderr)
        return 2
    try:
        place = command_place(args)      # --data, --store, and the settings --config names
    except SettingsError as e:
        print(f"exhibit: {e}", file=sys.stderr)
        return 2

    if args.kiosk:
        from exhibit.kiosk import KioskApp, run_kiosk
        from exhibit.settings import KioskSettings

        settings = KioskSettings.load(args.config)
        # The command line can turn either visitor setting on over the file.
        settings = dataclasses.replace(
            settings, clearer_colours=settings.clearer_colours or args.clearer_colours,
            reduced_motion=settings.reduced_motion or args.reduced_motion)
        return run_kiosk(lambda recovered: KioskApp(
            stops, settings=settings, data=args.data, content=args.content, turbo=args.turbo,
            recovered=recovered, store_url=args.store))

    if args.presenter:
        from exhibit.presenter_app import PresenterApp

        app = PresenterApp(stops, state_path=args.state, turbo=args.turbo, data=args.data,
                           place=place)
        if args.stop:
            app.index = next(i for i, s in enumerate(app.slides)
                             if app.stops[s.stop_index].id == args.stop)
        app.run()
        return 0

    from exhibit.app import ExhibitApp  # Textual loads only when the app runs

    ExhibitApp(stops, start_stop=args.stop, turbo=args.turbo, data=args.data,
               place=place, clearer_colours=args.clearer_colours,
               reduced_motion=args.reduced_motion).run()
    return 0

"""The Textual app: screens, widgets, styles, and the command line.

Rooms:
    __main__.py     the command line (``python -m exhibit``)
    app.py          ExhibitApp: loads the timeline and moves between screens
    machines.py     builds a stop's Machine from its stop file and the roms
    keys.py         what each key sends to a machine, by profile
    screens/        TimelineScreen (the journey) and StopScreen (one stop)
    widgets/        TerminalView (a machine's screen) and the story panel
    exhibit.tcss    every style; no styles live in code

This package imports ``emulator`` and ``timeline``; they never import it.
"""

"""The Textual app: modes, screens, widgets, styles, and the command line.

Rooms:
    __main__.py       the command line (``python -m exhibit``); commands/ one module each
    app.py            ExhibitApp: the timeline and its stops; opens the post store once
    kiosk.py          KioskApp: attract screen, idle reset, lock-down, admin, recovery
    presenter_app.py  PresenterApp: the stops as a talk for a clicker; presenter_state.py
                      the file ``exhibit notes`` follows
    run_app.py        RunApp: one machine full screen (``exhibit run``)
    machines.py       builds a stop's Machine from its stop file and the roms
    keys.py           what each key sends to a machine, by profile
    settings.py       kiosk settings, and the data folder (chosen here, nowhere else)
    content.py        loads the stops for a command, or prints every mistake
    demos.py          what the attract screen's machines type by themselves
    visits.py         visit figures (no personal data)
    handout.py        the trainer's handout; bigtext.py block letters for titles
    textual_fixes.py  workarounds for Textual bugs, each with its upstream issue
    screens/          timeline, stop, attract, still-there, admin, about, wall moderation
    widgets/          MachinePanel (how every mode hosts a machine), TerminalView (a
                      machine's screen), PrinterView, WallView, the title bar and footer
    exhibit.tcss      every style; themes.tcss the era looks; presenter.tcss the talk's

Every mode that shows a machine places a ``widgets.machine_panel.MachinePanel``
and reacts to its messages; none wires a machine by hand. Screens talk to
the app with messages, and get what they need when they are made.

This package imports ``emulator`` and ``timeline``; they never import it.
"""

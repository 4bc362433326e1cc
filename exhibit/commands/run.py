"""``python -m exhibit run PROGRAM``: one machine, full screen, for hobbyists.

PROGRAM is a CP/M ``.COM`` file, an Intel ``.hex`` file, a raw ``.bin``
with ``--org ADDR``, or the name of one of our programs (``MEMO``).
``--stop ID`` takes exactly that stop's machine: its screen, clock,
programs, and the post store its board reads (the social stop's stream,
in the ``--data`` folder). ``--machine zx80|zx81 --rom FILE`` runs a
Sinclair machine on the user's own ROM instead, PROGRAM then being a ``.o``
or ``.p`` file it loads. Every mistake is one line on stderr and exit
status 2.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from emulator import Machine, Profile
    from emulator.hostdrive import MountedFolder
    from emulator.store import Store
    from exhibit.widgets.machine_panel import LiveSource
    from timeline import Stop

NAME = "run"
HELP = ("run a CP/M program (.COM, .hex, .bin --org) or one of ours on a machine of its own, "
        "or a ZX80/ZX81 on your own ROM (--machine, --rom)")


class RunError(ValueError):
    """Bad input to ``run``: the message is the one line shown."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", nargs="?", metavar="PROGRAM",
                        help="a .COM, .hex or .bin file, or one of our programs (e.g. MEMO)")
    parser.add_argument("tail", nargs="*", metavar="ARGS",
                        help="the program's command tail, typed after its name at the A> "
                             "prompt so CP/M's CCP builds the tail and FCBs (e.g. run "
                             "ASM.COM HI); with --mount the program starts on B:")
    parser.add_argument("--org", metavar="ADDR",
                        help="where a .bin file's bytes go and run from, in hexadecimal as "
                             "CP/M tools read it (e.g. 0100, 8000h, 0x8000)")
    parser.add_argument("--break", dest="run_break", metavar="ADDR", action="append",
                        help="stop at this address (hexadecimal, or a label of our "
                             "programs) and open the monitor; may be given more than once")
    parser.add_argument("--mhz", metavar="N", help="the Z80's clock in MHz (default: 4)")
    parser.add_argument("--turbo", dest="run_turbo", action="store_true",
                        help="run flat out instead of at an era clock")
    parser.add_argument("--mount", metavar="DIR",
                        help="a host folder as drive B: (what CP/M saves, erases or renames "
                             "there happens to the folder); DIR:ro mounts it read-only; on a "
                             "ZX80/ZX81, the folder LOAD and SAVE use")
    parser.add_argument("--stop", dest="run_stop", metavar="ID",
                        help="use that stop's machine and programs (e.g. memo)")
    sinclair = parser.add_argument_group("Sinclair machines (your own ROM; none is shipped)")
    sinclair.add_argument("--machine", dest="run_machine", choices=("zx80", "zx81"),
                          help="a ZX80 or ZX81 instead of CP/M; PROGRAM is then a .o or .p file")
    sinclair.add_argument("--rom", dest="run_rom", metavar="FILE",
                          help="the ZX80 (4 KB) or ZX81 (8 KB) ROM image to run")
    sinclair.add_argument("--ram", dest="run_ram", metavar="KB", type=int, default=1,
                          help="RAM in KB: 1 (the default) or 16 (the RAM pack)")
    sinclair.add_argument("--type", dest="run_type", metavar="TEXT",
                          help="type this once the machine is up (keywords as the ROM wants "
                               "them; \\n for NEWLINE), e.g. --type 'PRINT 6*7'")
    sinclair.add_argument("--faithful-display", dest="run_faithful", action="store_true",
                          help="blank the screen while the ROM computes, as the real "
                               "ZX80 (and a ZX81 in FAST mode) did")


def run(args: argparse.Namespace) -> int:
    try:
        build, title, store, live = build_from_args(args)
    except RunError as e:
        print(f"exhibit run: {e}", file=sys.stderr)
        return 2
    from exhibit.run_app import RunApp  # Textual loads only when the app runs

    try:
        RunApp(build, title=title, live=live).run()
    finally:
        if store is not None:
            store.close()
    return 0


def machine_from_args(args: argparse.Namespace) -> tuple[Machine, str]:
    """The powered-off machine the options describe, and a title for it (no store)."""
    build, title, *_ = build_from_args(args, store=False)
    return build(None), title


def build_from_args(args: argparse.Namespace, *, store: bool = True,
                    ) -> tuple[Callable[[str | None], Machine], str, Store | None,
                               LiveSource | None]:
    """How to make the machine the options describe (afresh each time: F5 after a
    crash), a title for it, the post store it uses (the caller closes it), and
    the stop's live thread on that store, as the stop itself has it.

    The first machine is built here, so a bad file or option is found before
    any screen opens. Given one of its programs' names, ``build`` boots into
    that program instead.
    """
    import roms
    from emulator import Machine, ProfileError
    from emulator.loader import LoadError, parse_org

    if getattr(args, "run_machine", None) or getattr(args, "run_rom", None):
        return _sinclair(args)
    try:
        profile, programs, title, stop = _stop_profile(args)
        tail = _tail(getattr(args, "tail", None) or [])
        if args.program:
            name, com = _program(args.program, parse_org(args.org) if args.org else None)
            programs[name] = com
            # The CCP itself builds the command tail and the FCBs from the
            # line typed at its prompt; with a folder mounted, plain file
            # names in the tail are the folder's (B: is the current drive).
            boot = f"B:\rA:{name} {tail}" if tail and args.mount else \
                f"{name} {tail}" if tail else name
            profile = profile.with_changes(programs=tuple(programs), boot=boot, restart=False)
            title = f"{name} · Z80 · CP/M 2.2"
        elif tail:
            raise RunError("a command tail needs a program to give it to")
        elif args.org:
            raise RunError("--org needs a .bin file to place")
        elif not args.run_stop:
            known = ", ".join(roms.program_names())
            raise RunError(f"say what to run: a .COM, .hex or .bin file, or one of ours ({known})")
        if args.mhz is not None and args.run_turbo:
            raise RunError("--mhz and --turbo contradict each other; give one")
        if args.mhz is not None:
            profile = profile.with_changes(mhz=_mhz(args.mhz))
        if args.run_turbo:
            profile = profile.with_changes(mhz=None)
        posts = _store(args) if store and stop is not None and profile.board else None
        breaks = [_address(where, programs) for where in getattr(args, "run_break", None) or []]

        def build(program: str | None) -> Machine:
            chosen = profile
            if program is not None and [program] != profile.boot.split()[:1]:
                chosen = profile.with_changes(boot=program)
            # The folder is read afresh for each machine (F5 after a crash).
            drives = [_mount(args.mount)] if args.mount else []
            if posts is not None and stop is not None:
                from emulator.social_seed import seed_if_empty
                from emulator.store import PostError
                from exhibit.machines import stream_seeds

                try:
                    seed_if_empty(posts, chosen.board, stream_seeds(stop))
                except PostError as e:      # a full disk: the program says so when it posts
                    print(f"exhibit run: could not seed the {chosen.board} board: {e}",
                          file=sys.stderr)
            machine = Machine(chosen, programs, store=posts, drives=drives)
            for address in breaks:
                machine.add_breakpoint(address)
            if breaks:
                # The monitor opens at the first stop: keep the history from
                # power-on so it can step back from there.
                machine.keep_history()
            return machine

        build(None).stop()          # a bad folder or store says so now
        live: LiveSource | None = None
        if posts is not None and stop is not None:
            from exhibit.machines import live_feed_for

            live = functools.partial(live_feed_for, stop)
        return build, title, posts, live
    except (LoadError, ProfileError) as e:
        raise RunError(str(e)) from None


def _sinclair(args: argparse.Namespace,
              ) -> tuple[Callable[[str | None], Machine], str, None, None]:
    """A ZX80 or ZX81 on the user's ROM (``--machine``, ``--rom``, ``--ram``, ``--type``)."""
    from emulator.sinclair import RomError, SinclairError, SinclairMachine, load_rom

    model = args.run_machine
    if not args.run_rom:
        raise RunError(f"--machine {model} needs --rom FILE: your own {model.upper()} ROM "
                       "image (the exhibit ships none; see the README)")
    if model is None:
        # A ROM we know says which machine it is for.
        from emulator.sinclair.rom import model_of

        model = model_of(Path(args.run_rom))
        if model is None:
            raise RunError("--rom needs --machine zx80 or --machine zx81 (this ROM is not "
                           "one we know by its CRC)")
    for option in ("org", "mhz", "run_stop"):
        if getattr(args, option, None):
            name = option.removeprefix("run_")
            raise RunError(f"--{name} is for CP/M machines, not the {model.upper()}")
    if args.run_ram not in (1, 16):
        raise RunError(f"--ram takes 1 or 16 (KB), not {args.run_ram}")
    mount = None
    if args.mount:
        mount = Path(args.mount)
        if not mount.is_dir():
            raise RunError(f"there is no folder {mount} for LOAD and SAVE (--mount)")
    try:
        rom = load_rom(Path(args.run_rom), model)

        def build(program: str | None) -> Machine:
            # A fresh machine each time (F5 after a crash); ``program`` names
            # a CP/M program and means nothing here.
            machine = SinclairMachine(
                rom, ram_kb=args.run_ram, program=Path(args.program) if args.program else None,
                mount=mount, type_text=(args.run_type or "").replace("\\n", "\n"),
                faithful_display=args.run_faithful, mhz=None if args.run_turbo else 3.25)
            return machine  # type: ignore[return-value]  # the panel hosts either kind

        first = build(None)                 # a bad program file says so now
    except (RomError, SinclairError) as e:
        raise RunError(str(e)) from None
    if rom.warning:
        print(f"exhibit run: {rom.warning}", file=sys.stderr)
    return build, first.title, None, None  # type: ignore[attr-defined]


def _stop_profile(args: argparse.Namespace,
                  ) -> tuple[Profile, dict[str, bytes], str, Stop | None]:
    import roms
    from emulator import Profile

    if not args.run_stop:
        return Profile.base("cpm", name="run"), {}, "Z80 · CP/M 2.2", None
    from exhibit.machines import profile_for
    from timeline import ContentError, load_timeline

    try:
        stops = load_timeline(getattr(args, "content", None))
    except ContentError as e:
        raise RunError(f"the stop files have mistakes ({e.problems[0]}); "
                       "run python -m exhibit check") from None
    stop = next((s for s in stops if s.id == args.run_stop), None)
    if stop is None:
        known = ", ".join(s.id for s in stops)
        raise RunError(f"no stop called {args.run_stop!r} (the stops are: {known})")
    profile = profile_for(stop)
    try:
        programs = {name: roms.load_program(name) for name in profile.programs}
    except FileNotFoundError as e:
        raise RunError(str(e)) from None
    return profile, programs, f"{stop.title} · Z80 · CP/M 2.2", stop


def _store(args: argparse.Namespace) -> Store:
    """The post store a stop's board reads, in the --data folder, as the app opens it."""
    from emulator.store import PostError
    from exhibit.settings import SettingsError, command_place

    try:
        store: Store = command_place(args).open()
    except (PostError, SettingsError) as e:
        raise RunError(f"the posts are not available ({e}); try --data DIR") from None
    return store


def _program(arg: str, org: int | None) -> tuple[str, bytes]:
    import roms
    from emulator.loader import load_file

    path = Path(arg)
    if path.suffix or path.exists() or "/" in arg or "\\" in arg:
        return load_file(path, org)
    # A bare name: one of our programs.
    try:
        com = roms.load_program(arg)
    except FileNotFoundError:
        known = ", ".join(roms.program_names())
        raise RunError(f"there is no file {arg} and no program of ours called {arg.upper()} "
                       f"(ours: {known})") from None
    if org is not None:
        raise RunError("--org is for .bin files, not our programs")
    return arg.upper(), com


def _mhz(text: str) -> float:
    try:
        mhz = float(text)
    except ValueError:
        raise RunError(f"--mhz {text!r} is not a number of MHz (e.g. --mhz 4)") from None
    if not 0.1 <= mhz <= 1000:
        raise RunError(f"--mhz must be between 0.1 and 1000, not {text}")
    return mhz


def _tail(words: list[str]) -> str:
    tail = " ".join(words)
    if not all(32 <= ord(c) < 127 for c in tail):
        raise RunError("the command tail must be plain ASCII text, as typed at a CP/M prompt")
    if len(tail) > 100:
        raise RunError(f"the command tail is {len(tail)} characters; CP/M's command line "
                       "holds 127 with the program's name, so keep it under 100")
    return tail


def _address(text: str, programs: dict[str, bytes]) -> int:
    # Hexadecimal as CP/M tools read it, or a label of one of our programs.
    import roms
    from emulator.monitor import AddressError, parse_address

    labels = {name.upper(): addr for program in programs
              for addr, name in roms.load_symbols(program).items()}
    try:
        return parse_address(text, labels)
    except AddressError as e:
        raise RunError(f"--break: {e}") from None


def _mount(folder: str) -> MountedFolder:
    import cpm80

    from emulator.hostdrive import MountedFolder

    read_only = folder.endswith(":ro")
    if read_only:
        folder = folder[:-3]
    path = Path(folder)
    if not path.exists():
        raise RunError(f"there is no folder {path} to mount as drive B:")
    if not path.is_dir():
        raise RunError(f"{path} is a file; --mount takes a folder")
    try:
        next(path.iterdir(), None)
    except OSError as e:
        raise RunError(f"cannot read the folder {path}: {e.strerror or e}") from None
    try:
        drive = MountedFolder(path, read_only=read_only)
    except (cpm80.Error, OSError) as e:
        raise RunError(f"cannot mount {path} as drive B: ({e})") from None
    # Files the drive leaves out are in drive.warnings: the machine hands
    # them to the app (Machine.drive_warnings), which shows them.
    return drive

"""``python -m exhibit run PROGRAM``: one machine, full screen, for hobbyists.

PROGRAM is a CP/M ``.COM`` file, an Intel ``.hex`` file, a raw ``.bin``
with ``--org ADDR``, or the name of one of our programs (``MEMO``).
``--stop ID`` takes that stop's machine (its screen, clock and programs).
Every mistake is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from emulator import Machine, Profile
    from emulator.hostdrive import MountedFolder

NAME = "run"
HELP = "run a CP/M program (.COM, .hex, .bin --org) or one of ours on a machine of its own"


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
                             "there happens to the folder); DIR:ro mounts it read-only")
    parser.add_argument("--stop", dest="run_stop", metavar="ID",
                        help="use that stop's machine and programs (e.g. memo)")


def run(args: argparse.Namespace) -> int:
    try:
        machine, title = machine_from_args(args)
    except RunError as e:
        print(f"exhibit run: {e}", file=sys.stderr)
        return 2
    from exhibit.run_app import RunApp  # Textual loads only when the app runs

    RunApp(machine, title=title).run()
    return 0


def machine_from_args(args: argparse.Namespace) -> tuple[Machine, str]:
    """The powered-off machine the options describe, and a title for it."""
    import roms
    from emulator import Machine, ProfileError
    from emulator.loader import LoadError, parse_org

    try:
        profile, programs, title = _stop_profile(args)
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
        drives = [_mount(args.mount)] if args.mount else []
        machine = Machine(profile, programs, drives=drives)
        breaks = getattr(args, "run_break", None) or []
        for where in breaks:
            machine.add_breakpoint(_address(where, programs))
        if breaks:
            # The monitor opens at the first stop: keep the history from
            # power-on so it can step back from there.
            machine.keep_history()
        return machine, title
    except (LoadError, ProfileError) as e:
        raise RunError(str(e)) from None


def _stop_profile(args: argparse.Namespace) -> tuple[Profile, dict[str, bytes], str]:
    import roms
    from emulator import Profile

    if not args.run_stop:
        return Profile.base("cpm", name="run"), {}, "Z80 · CP/M 2.2"
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
    return profile, programs, f"{stop.title} · Z80 · CP/M 2.2"


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

    labels = {name.upper(): addr for program in programs
              for addr, name in roms.load_symbols(program).items()}
    if text.upper() in labels:
        return labels[text.upper()]
    t = text.strip().lower()
    digits = t[:-1] if t.endswith("h") else t.removeprefix("0x")
    try:
        value = int(digits, 16)
    except ValueError:
        raise RunError(f"--break {text!r} is not an address; write it in hexadecimal "
                       "(0100, 1A2Bh) or as a label of our programs") from None
    if not 0 <= value <= 0xFFFF:
        raise RunError(f"--break {text} is past the end of memory (FFFF)")
    return value


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

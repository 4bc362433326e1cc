"""Build a stop's Machine from its stop file's [machine] table and the roms."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import roms
from emulator import Machine, Profile
from emulator.sinclair import SinclairMachine, find_rom
from emulator.social_seed import LiveFeed, Seed, seed_if_empty
from emulator.store import PostError, Store
from timeline import Stop
from timeline.stream import StreamPost

log = logging.getLogger(__name__)


def profile_for(stop: Stop) -> Profile:
    """The stop's machine profile; raises ProfileError for a bad [machine] table."""
    machine = dict(stop.machine)
    if stop.program:
        machine.setdefault("programs", [stop.program])
        machine.setdefault("boot", stop.program)
    return Profile.from_mapping(machine, name=stop.id)


def roms_dir(data: Path | None = None) -> Path:
    """Where a curator puts their own Sinclair ROMs: ``roms/`` in the data folder."""
    from exhibit.settings import data_dir

    return data_dir(data) / "roms"


def sinclair_for(stop: Stop, *, data: Path | None = None,
                 mhz: float | None = 3.25) -> SinclairMachine | None:
    """The real ZX80/ZX81 a stop's ``rom`` setting asks for, if its ROM is in the data folder."""
    model = stop.machine.get("rom")
    if model not in ("zx80", "zx81"):
        return None
    rom = find_rom(roms_dir(data), model)
    if rom is None:
        return None
    return SinclairMachine(rom, mhz=mhz)


def machine_for(stop: Stop, *, store: Store | None = None, data: Path | None = None,
                **changes: object) -> Machine:
    """A powered-off machine for the stop, with its programs on drive A:.

    With a post store, its host services reach the profile's board; an
    empty board is filled first with the stop's stream (the social stop's
    2011 threads), so the program has a conversation to read.

    A stop with ``rom = "zx80"`` (or zx81) gets the real Sinclair machine
    when the data folder's ``roms/`` has that ROM, and its own program
    (Exhibit BASIC) when not.
    """
    profile = profile_for(stop)
    if changes:
        profile = profile.with_changes(**changes)
    if profile.rom:
        sinclair = sinclair_for(stop, data=data, mhz=profile.mhz)
        if sinclair is not None:
            # The panel hosts either kind: the same start/stop/type/terminal.
            return sinclair  # type: ignore[return-value]
    programs = {name: roms.load_program(name) for name in profile.programs}
    if store is not None:
        try:
            seed_if_empty(store, profile.board, stream_seeds(stop))
        except PostError as e:
            # A full disk: the program still runs, and says so when it posts.
            log.warning("could not seed the %s board: %s", profile.board, e)
    return Machine(profile, programs, store=store)


def _seed(post: StreamPost) -> Seed:
    return Seed(post.by, post.text, post.at, tuple(map(_seed, post.replies)),
                tuple(map(_seed, post.live)))


def stream_seeds(stop: Stop) -> list[Seed]:
    """The stop's stream (its thread files) as the posts the emulator seeds."""
    return [_seed(post) for thread in stop.stream for post in thread.posts]


def live_feed_for(stop: Stop, store: Store | None) -> LiveFeed | None:
    """A feed for the stream's live thread (the one with held-back replies), if any."""
    if store is None:
        return None
    live = next((seed for seed in stream_seeds(stop) if seed.live), None)
    if live is None:
        return None
    return LiveFeed(store, live, board=profile_for(stop).board)


def stop_builder(stop: Stop, *, store: Store | None = None, turbo: bool = False,
                 ) -> Callable[[str | None], Machine]:
    """How a machine panel makes the stop's machine, fresh each time it is asked.

    Given one of the stop's programs, the machine boots into it instead: a
    stop that boots into its program starts it again when it ends, and one
    that leaves the visitor at ``A>`` goes back there.
    """
    profile = profile_for(stop)
    pace: dict[str, Any] = {"mhz": None} if turbo else {}      # machine_for's **changes

    def build(program: str | None) -> Machine:
        if program is None:
            return machine_for(stop, store=store, **pace)
        boot = profile.boot if profile.boot.split()[:1] == [program] else program
        restart = profile.restart and bool(profile.boot)
        return machine_for(stop, store=store, boot=boot, restart=restart, **pace)

    return build

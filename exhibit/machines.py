"""Build a stop's Machine from its stop file's [machine] table and the roms."""

from __future__ import annotations

import roms
from emulator import Machine, Profile
from timeline import Stop


def profile_for(stop: Stop) -> Profile:
    """The stop's machine profile; raises ProfileError for a bad [machine] table."""
    machine = dict(stop.machine)
    if stop.program:
        machine.setdefault("programs", [stop.program])
        machine.setdefault("boot", stop.program)
    return Profile.from_mapping(machine, name=stop.id)


def machine_for(stop: Stop, **changes: object) -> Machine:
    """A powered-off machine for the stop, with its programs on drive A:."""
    profile = profile_for(stop)
    if changes:
        profile = profile.with_changes(**changes)
    programs = {name: roms.load_program(name) for name in profile.programs}
    return Machine(profile, programs)

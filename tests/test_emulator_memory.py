"""A machine, once stopped and dropped, is freed: a kiosk opens thousands of them."""

from __future__ import annotations

import gc
import weakref

import roms
from emulator import Machine, Profile


def test_a_stopped_machine_is_freed():
    machine = Machine(Profile(mhz=None, programs=("MEMO",), boot="MEMO"),
                      {"MEMO": roms.load_program("MEMO")})
    machine.start()
    assert machine.wait_for_input()
    machine.type("Someone\r")
    assert machine.wait_for_input()
    machine.stop()
    cpu = weakref.ref(machine.cpu)
    whole = weakref.ref(machine)
    del machine
    gc.collect()
    # The core holds its I/O and memory callbacks in C, out of the garbage
    # collector's sight; they must not keep the CPU (and so the machine) alive.
    assert cpu() is None
    assert whole() is None

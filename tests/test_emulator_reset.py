"""Reset: back to the moment the booted program first asked for a key."""

from __future__ import annotations

import time

import roms
from emulator import Machine, MachineEvent, Profile


def memo(**settings: object) -> Machine:
    settings.setdefault("mhz", None)
    return Machine(Profile(programs=("MEMO",), boot="MEMO", **settings),  # type: ignore[arg-type]
                   {"MEMO": roms.load_program("MEMO")})


def test_reset_puts_back_screen_registers_memory_keys_and_paper():
    m = memo()
    m.start()
    try:
        assert m.wait_for_input()
        assert m.has_snapshot
        first = m.terminal.text()
        m.type("Mrs Patel\rJ. Okafor\r")
        assert m.wait_for_input()
        assert m.terminal.contains("Mrs Patel")
        m.printer.output(ord("X"))
        m.keyboard.put(b"typed ahead")
        started = time.perf_counter()
        m.reset()
        took = time.perf_counter() - started
        print(f"reset took {took * 1000:.1f} ms")
        assert m.pause()
        # Every register and all 64 KB are the snapshot's, bit for bit
        # (bytes 16-23 are the core's slice counters, not machine state).
        state = bytes(m.cpu.get_state_view())
        assert state[:16] == m._ready.state[:16]
        assert state[24:] == m._ready.state[24:]
        assert m.terminal.text() == first
        assert not m.terminal.contains("Mrs Patel")
        assert len(m.keyboard) == 0
        assert m.printer.lines() == []
        m.resume()
        # The program carries on from its first key wait.
        m.type("Someone Else\r")
        assert m.wait_for_input()
        assert m.terminal.contains("To:       Someone Else")
    finally:
        m.stop()


def test_reset_of_a_stopped_machine_and_of_one_never_started():
    m = memo()
    m.reset()                       # never started: back to power-on, boot typed again
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.contains("INTERNAL MEMORANDUM")
        m.type("Ann\r")
        assert m.wait_for_input()
    finally:
        m.stop()
    m.reset()                       # stopped: the snapshot goes back in all the same
    assert not m.terminal.contains("Ann")
    m.start()
    try:
        m.type("Bea\r")
        assert m.wait_for_input()
        assert m.terminal.contains("To:       Bea")
    finally:
        m.stop()


def test_reset_rolls_back_the_disk():
    # No boot command: the snapshot is taken at the first A> prompt.
    m = Machine(Profile(mhz=None), {})
    m.start()
    try:
        assert m.wait_for_input()
        m.type("SAVE 1 KEPT.COM\rDIR\r")
        assert m.wait_for_input()
        assert m.terminal.contains("KEPT     COM")
        m.reset()
        m.type("DIR\r")
        assert m.wait_for_input()
        assert not m.terminal.contains("KEPT")
        assert m.terminal.contains("NO FILE")
    finally:
        m.stop()


def test_snapshots_of_an_unchanged_disk_share_the_image_it_was_built_from():
    # A storm of stops builds a machine at each: their power-on and after-boot
    # snapshots hold the one cached image, not two 250 KB copies each.
    first, second = memo(), memo()
    built = first._drives[0].built
    assert second._drives[0].built is built
    for m in (first, second):
        m.start()
    try:
        for m in (first, second):
            assert m.wait_for_input()
            assert m._power_on.disks[0] is built
            assert m._ready is not None and m._ready.disks[0] is built
    finally:
        for m in (first, second):
            m.stop()
    # A disk the program has written is copied, not shared, and the image it
    # was built from is untouched (see test_reset_rolls_back_the_disk).
    changed = memo()
    changed._drives[0].image.data[-1] ^= 0xFF
    copy = changed._capture().disks[0]
    assert copy is not built and copy != built and copy == bytes(changed._drives[0].image.data)


def test_reset_while_paused_stays_paused_and_reports():
    m = memo()
    m.start()
    try:
        assert m.wait_for_input()
        assert m.pause()
        m.reset()
        assert m.paused
        assert m.wait_for_event(MachineEvent.RESET, timeout=1)
        m.resume()
        m.type("Cy\r")
        assert m.wait_for_input()
        assert m.terminal.contains("To:       Cy")
    finally:
        m.stop()

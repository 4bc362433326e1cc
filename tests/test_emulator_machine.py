"""The runner: pause, resume, stop, reset, hangs and crashes, exits, pacing counters."""

from __future__ import annotations

import time

import pytest

from emulator import Machine, MachineEvent, Profile

# Tiny CP/M programs, hand-assembled (Z80 opcodes in the comments).
SPIN = bytes([0x18, 0xFE])                              # JR $
HALT_DI = bytes([0xF3, 0x76])                           # DI ; HALT
HALT_EI = bytes([0xFB, 0x76])                           # EI ; HALT
WILD = bytes([0xC3, 0x00, 0x80])                        # JP 8000h
# LD DE,0109h ; LD C,9 ; CALL 5 ; RET ; 'BYE$' -- print with BDOS 9, return to the CCP
BYE = bytes([0x11, 0x09, 0x01, 0x0E, 0x09, 0xCD, 0x05, 0x00, 0xC9]) + b"BYE$"


def machine(program: bytes, **settings: object) -> Machine:
    settings.setdefault("mhz", None)
    settings.setdefault("restart", False)
    return Machine(Profile(programs=("P",), boot="P", **settings), {"P": program})  # type: ignore[arg-type]


@pytest.fixture
def run():
    made: list[Machine] = []

    def make(program: bytes, **settings: object) -> Machine:
        m = machine(program, **settings)
        made.append(m)
        m.start()
        return m

    yield make
    for m in made:
        m.stop()


@pytest.mark.parametrize("mhz", [None, 4.0])
def test_pause_resume_and_stop_a_program_spinning_without_io(run, mhz):
    m = run(SPIN, mhz=mhz)
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED, timeout=0.5) is None
    assert m.pause()
    assert m.paused and m.running
    ticks = m.ticks
    pc = m.cpu.pc
    assert 0x100 <= pc <= 0x101
    assert m.ticks == ticks           # held: not a T-state runs
    m.resume()
    while m.ticks == ticks:
        pass
    assert m.ticks > ticks
    assert m.effective_mhz > 0
    m.stop()
    assert not m.running


def test_paced_machine_counts_ticks_at_its_clock(run):
    m = run(SPIN, mhz=4.0)
    assert m.wait_for_event(MachineEvent.HALTED, timeout=0.3) is None
    # Each slice is 1/50 s of a 4 MHz clock.
    assert m.ticks % 80_000 == 0 and m.ticks > 0


def test_halt_with_interrupts_disabled_is_reported_and_holds_the_machine(run):
    m = run(HALT_DI)
    report = m.wait_for_event(MachineEvent.HALTED)
    assert report is not None
    assert report.pc == 0x101
    assert "HALT at 0101h with interrupts disabled" in report.detail
    assert m.fault == report
    assert m.running              # held, costing nothing, until reset or stop
    ticks = m.ticks
    assert m.wait_for_event(MachineEvent.HALTED, timeout=0.2) is None   # reported once
    assert m.ticks == ticks


def test_halt_with_interrupts_enabled_is_also_a_hang_here(run):
    m = run(HALT_EI)
    report = m.wait_for_event(MachineEvent.HALTED)
    assert report is not None and "never sends" in report.detail


def test_jump_into_memory_never_loaded_is_reported(run):
    m = run(WILD)
    report = m.wait_for_event(MachineEvent.BAD_JUMP)
    assert report is not None
    assert report.pc == 0x8000
    assert "8000h" in report.detail


def test_reset_after_a_fault_brings_the_program_back(run):
    m = run(WILD, mhz=None)
    assert m.wait_for_event(MachineEvent.BAD_JUMP)
    m.reset()
    assert m.fault is None
    # No key was ever asked for, so the reset went back to power-on and
    # typed the boot command again: the program runs (and fails) again.
    assert m.wait_for_event(MachineEvent.BAD_JUMP)


def test_program_ending_with_ret_is_an_exit(run):
    m = run(BYE)
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    assert m.wait_for_input()
    assert m.terminal.contains("BYE", "A>")


def test_program_ending_with_ret_is_typed_again_when_the_profile_restarts(run):
    m = run(BYE, restart=True)
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    m.stop()
    assert m.terminal.text().count("BYE") >= 2


def test_unused_ports_read_as_a_floating_bus(run):
    # IN A,(10h) ; LD (0200h),A ; ... then spin
    m = run(bytes([0xDB, 0x10, 0x32, 0x00, 0x02, 0x18, 0xFE]))
    assert m.pause()
    assert m.cpu.memory[0x200] == 0xFF


def test_a_crashed_or_stopped_machine_starts_again(run):
    m = run(BYE)
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    m.stop()
    assert not m.running
    # BYE never asks for a key, so the snapshot is the A> prompt after it.
    m.reset()
    m.start()
    assert m.running
    assert m.wait_for_input()
    m.type("P\r")
    assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)


def test_emulated_time_follows_the_clock(run):
    m = run(SPIN, mhz=2.0)
    assert m.pause()
    assert m.emulated_seconds == m.ticks / 2e6


def test_the_bios_table_is_jumps_for_the_console():
    # Programs that hook CONOUT (a printer echo, a screen saver) read the
    # address out of its JP in the BIOS jump table.
    m = machine(SPIN)
    memory = m.cpu.memory
    wboot = memory[1] | memory[2] << 8
    for offset in (3, 9):                        # CONST, CONOUT
        assert memory[wboot + offset] == 0xC3


def test_halt_at_the_end_of_loaded_memory_is_a_hang_not_a_jump(run):
    # DI ; JP 017Fh, and a HALT in the last byte of the .COM's one record:
    # the CPU then reads 0180h, which nothing ever loaded.
    program = bytearray(128)
    program[0:4] = bytes([0xF3, 0xC3, 0x7F, 0x01])
    program[127] = 0x76
    m = run(bytes(program))
    report = m.wait_for_event(MachineEvent.HALTED, MachineEvent.BAD_JUMP)
    assert report is not None and report.event is MachineEvent.HALTED
    assert report.pc == 0x17F


def test_bios_conout_keeps_a_and_const_reads_the_keyboard(run):
    # LD HL,(1) ; LD DE,9 ; ADD HL,DE ; LD (call+1),HL ; LD A,42h ; LD C,'X'
    # call: CALL 0 ; LD (200h),A ; JR $
    code = bytes([0x2A, 0x01, 0x00, 0x11, 0x09, 0x00, 0x19, 0x22, 0x12, 0x01,
                  0x3E, 0x42, 0x0E, 0x58, 0x00, 0x00, 0x00,
                  0xCD, 0x00, 0x00, 0x32, 0x00, 0x02, 0x18, 0xFE])
    m = run(code)
    assert m.wait_for_text("X")
    assert m.pause()
    assert m.cpu.memory[0x200] == 0x42


# -- a CPU thread that will not stop in time ------------------------------------

# LD C,1 ; CALL 5 ; LD E,A ; LD C,2 ; CALL 5 ; JR 0100h -- echo every key (BDOS 1 and 2)
ECHO = bytes([0x0E, 0x01, 0xCD, 0x05, 0x00, 0x5F, 0x0E, 0x02, 0xCD, 0x05, 0x00, 0x18, 0xF3])


def cpu_threads(m: Machine) -> int:
    import threading

    return sum(1 for t in threading.enumerate() if t.name == f"z80-{m.profile.name}")


def test_a_thread_that_will_not_stop_in_time_is_never_doubled(run):
    m = run(ECHO, name="stuck")
    assert m.wait_for_input()
    # The test holds the screen, so the CPU thread blocks drawing the echo
    # of the next key: it cannot see the stop flag until the screen is free.
    with m.terminal.lock:
        out = m.terminal.bytes_out
        m.type("a")
        # bytes_out counts the echo just before the thread asks for the screen.
        deadline = time.monotonic() + 10
        while m.terminal.bytes_out == out and time.monotonic() < deadline:
            time.sleep(0.005)
        assert m.terminal.bytes_out > out
        assert not m.stop(timeout=0.2)          # it did not end in time...
        assert m.running and cpu_threads(m) == 1
        with pytest.raises(RuntimeError, match="has not stopped yet"):
            m.start()                           # ...so no second CPU may start
        assert cpu_threads(m) == 1
    assert m.stop()                             # freed, it ends at once
    assert cpu_threads(m) == 0 and not m.running
    m.start()                                   # and powers on again, one thread
    assert cpu_threads(m) == 1
    m.type("b")
    assert m.wait_for_text("ab")


def test_state_words_for_the_status_line(run):
    m = run(ECHO, name="words")
    assert m.wait_for_input() and m.state == "waiting for a key"
    assert m.pause() and m.state == "paused"
    m.resume()
    m.stop()
    assert m.state == "off"
    halted = run(HALT_DI)
    assert halted.wait_for_event(MachineEvent.HALTED) and halted.state == "halted"


def test_a_listener_is_told_every_report_and_the_waits(run):
    seen: list[MachineEvent] = []
    m = machine(ECHO, name="told")
    m.listen(lambda report: seen.append(report.event))
    m.start()
    try:
        assert m.wait_for_input()
        m.type("x")
        assert m.wait_for_text("x") and m.wait_for_input()
        assert seen.count(MachineEvent.WAITING) >= 2 and MachineEvent.RUNNING in seen
        assert m.events.empty()                 # the listener had them instead
    finally:
        m.stop()
    assert seen[-1] is MachineEvent.STOPPED

"""The monitor on a small assembled program, tests/z80/mtest.mac: breakpoints,
watchpoints, stepping over calls, and stepping back by deterministic replay."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from emulator import Machine, Profile
from emulator.machine import MachineEvent, _system_breakpoints
from emulator.monitor import Monitor
from roms import build, parse_symbols

HERE = Path(__file__).parent
pytestmark = pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                                reason="needs the ROM tools")


@pytest.fixture(scope="module")
def mtest(tmp_path_factory) -> tuple[bytes, dict[int, str]]:
    work = tmp_path_factory.mktemp("mtest")
    lib = build.build_library(work)
    rel = build._assemble(HERE / "z80" / "mtest.mac", work)
    com, sym = work / "MTEST.COM", work / "MTEST.sym"
    build._tool("ul80", "-S", sym, "-o", com, rel, lib, cwd=work)
    labels = parse_symbols(build._program_labels(sym.read_text(), com.stat().st_size))
    return com.read_bytes(), labels


@pytest.fixture
def bench(mtest):
    """A machine running MTEST flat out, its monitor, and history kept from power-on."""
    com, labels = mtest
    m = Machine(Profile(mhz=None, programs=("MTEST",), boot="MTEST", restart=False),
                {"MTEST": com})
    m.keep_history()
    yield m, Monitor(m, labels)
    m.stop()


def held(m: Machine) -> Machine:
    """Wait until the CPU thread is parked at the stop."""
    deadline = time.monotonic() + 5
    while not m._parked.is_set() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert m._parked.is_set()
    return m


def stop_at(m: Machine, timeout: float = 5.0):
    report = m.wait_for_event(MachineEvent.BREAK, timeout=timeout)
    assert report is not None, "the machine never stopped"
    held(m)
    return report


def state(m: Machine) -> bytes:
    """Every register and all 64 KB, as the core keeps them.

    Bytes 16-19 are the runner's T-state countdown for its slice, not the
    CPU's state: they are left out.
    """
    image = bytearray(m.cpu.get_state_view())
    image[16:20] = bytes(4)
    return bytes(image)


def test_a_breakpoint_stops_before_the_instruction_with_the_registers_of_that_moment(bench):
    m, mon = bench
    bump = mon.address("BUMP")
    m.add_breakpoint(bump)
    m.start()
    m.type("A")
    report = stop_at(m)
    assert report.pc == bump and m.cpu.pc == bump and f"{bump:04X}h" in report.detail
    regs = dict(mon.registers())
    assert regs["BC"] >> 8 == ord("A")             # LD B,A with the key just read
    assert regs["AF"] >> 8 == ord("A")
    # The return address on the stack is the instruction after CALL BUMP.
    ret = m.cpu.memory[regs["SP"]] | m.cpu.memory[regs["SP"] + 1] << 8
    assert mon.instruction(ret - 3).text == "call BUMP"
    assert mon.memory_rows(mon.address("COUNT"), 1)[0].startswith(f"{mon.address('COUNT'):04X}  00 00")
    # The disassembly shows the program's own labels.
    lines = mon.around(bump)
    assert any(line.label == "BUMP" and line.addr == bump for line in lines)
    assert any(line.text == "ld hl, (COUNT)" for line in lines)


def test_a_write_watchpoint_stops_after_the_instruction_that_wrote(bench):
    m, mon = bench
    total = mon.address("TOTAL")
    m.set_watchpoint(total, write=True)
    m.start()
    m.type("B")
    report = stop_at(m)
    assert f"write of {m.cpu.memory[total]:02X}h at {total:04X}h" in report.detail
    # Held just after LD (TOTAL),A: the next instruction is BUMP's RET.
    assert mon.instruction(m.cpu.pc).text == "ret"
    assert mon.instruction(m.cpu.pc - 3).text == "ld (TOTAL), a"
    assert m.watchpoints == {total: "w"}


def test_step_over_runs_the_whole_call_and_stops_after_it(bench):
    m, mon = bench
    m.add_breakpoint(mon.address("LOOP") + 10)          # CALL BUMP
    m.start()
    m.type("C")
    stop_at(m)
    call = int(m.cpu.pc)
    assert mon.instruction(call).text == "call BUMP"
    sp = m.cpu.sp
    assert mon.step_over() is True
    stop_at(m)
    assert m.cpu.pc == call + 3 and m.cpu.sp == sp
    assert m.cpu.memory[mon.address("COUNT")] == 1         # BUMP ran
    assert call + 3 not in m.breakpoints                   # run_to's breakpoint is gone
    # A plain instruction is one step.
    assert mon.step_over() is False
    assert m.cpu.pc == mon.address("LOOP")


def test_step_runs_one_instruction_and_a_bdos_call_is_named(bench):
    m, mon = bench
    loop = mon.address("LOOP")
    m.add_breakpoint(loop)
    m.start()
    stop_at(m)
    assert m.step() and m.cpu.pc == loop + 2 and m.cpu.c == 1     # LD C,1
    assert mon.note_here() == "BDOS 1: console input"
    assert m.step() and m.cpu.pc == 5
    assert mon.instruction(5).label == "BDOS"


def test_step_back_restores_registers_and_memory_and_replays_forward_byte_for_byte(bench):
    m, mon = bench
    call = mon.address("LOOP") + 10                      # CALL BUMP
    m.add_breakpoint(call)
    m.start()
    m.type("D")
    stop_at(m)
    before = state(m)
    clock = m.clock
    # Into BUMP and through HRAND, to the POP BC after it: the host's
    # random number comes in through IN on the way. The host's generator
    # is not rolled back, so only the history can give the same number.
    steps = 0
    while m.cpu.pc != mon.address("RANDOK"):
        assert m.step()
        steps += 1
    assert steps > 20
    after = state(m)
    after_clock = m.clock
    assert after != before

    for _ in range(steps):
        assert m.step_back()
    assert m.clock == clock
    assert state(m) == before

    for _ in range(steps):
        m.step()
    assert m.clock == after_clock
    assert state(m) == after


def test_run_back_returns_to_the_previous_breakpoint_hit_and_keys_replay(bench):
    m, mon = bench
    call = mon.address("LOOP") + 10
    m.add_breakpoint(call)
    m.start()
    m.type("E")
    stop_at(m)
    first = state(m)
    m.continue_running()
    m.type("F")
    stop_at(m)
    second = state(m)
    assert m.cpu.memory[mon.address("COUNT")] == 1
    assert m.run_back()
    assert state(m) == first
    # Forward again: the key F comes from the history, not the keyboard.
    m.continue_running()
    stop_at(m)
    assert state(m) == second
    assert m.keyboard.ready() is False


def test_continue_after_step_back_then_live_keys(bench):
    m, mon = bench
    call = mon.address("LOOP") + 10
    m.add_breakpoint(call)
    m.start()
    m.type("G")
    stop_at(m)
    m.step_back()
    m.continue_running()
    stop_at(m)                                           # the same CALL again, replayed
    assert m.cpu.b == ord("G")
    m.continue_running()
    m.type("H")                                          # and then live
    stop_at(m)
    assert m.cpu.b == ord("H")
    assert m.cpu.memory[mon.address("COUNT")] == 1


def test_a_step_runs_a_whole_index_prefixed_instruction(bench):
    m, mon = bench
    ixset = mon.address("IXSET")
    m.add_breakpoint(ixset)
    m.start()
    stop_at(m)
    assert mon.instruction(ixset).text == "ld ix, COUNT"
    assert m.step() and m.cpu.pc == ixset + 4 and m.cpu.ix == mon.address("COUNT")
    assert not m.mid_instruction
    assert m.step() and m.cpu.pc == ixset + 8            # LD (IX+0),0
    assert m.step_back() and m.cpu.pc == ixset + 4 and not m.mid_instruction


def test_cpm80_still_keeps_its_breakpoint_table():
    # The one private cpm80 table we read (see _system_breakpoints).
    m = Machine(Profile(mhz=None))
    points = _system_breakpoints(m.cpu)
    assert 0xE600 + 3 * 3 in points                      # BIOS CONIN
    assert 0xD811 in points                              # the BDOS code entry


def test_addresses_are_hex_or_labels(bench):
    _, mon = bench
    assert mon.address("0100") == 0x100 == mon.address("100h") == mon.address("0x100")
    assert mon.address("start") == 0x100
    with pytest.raises(ValueError, match="not an address or a label"):
        mon.address("nowhere!")


def test_a_plain_resume_runs_on_past_the_breakpoint_it_sits_on(bench):
    # The run screen's P (pause/resume) knows nothing of the monitor.
    m, mon = bench
    bump = mon.address("BUMP")
    m.add_breakpoint(bump)
    m.start()
    m.type("A")
    stop_at(m)
    m.resume()
    m.type("B")
    stop_at(m)
    assert m.cpu.pc == bump and m.cpu.b == ord("B")
    assert m.cpu.memory[mon.address("COUNT")] == 1

"""The LIST device through BDOS function 5, and a line printer's pace."""

from __future__ import annotations

import time

from emulator import Machine, MachineEvent, Printer, Profile


def bdos5_program(text: bytes) -> bytes:
    """A .COM that prints the text with BDOS function 5 (List Output), then returns."""
    code = bytearray([
        0x21, 0, 0,          # LD HL,msg
        0x7E,                # loop: LD A,(HL)
        0xB7,                # OR A
        0xC8,                # RET Z
        0xE5,                # PUSH HL
        0x5F,                # LD E,A
        0x0E, 0x05,          # LD C,5       (BDOS List Output)
        0xCD, 0x05, 0x00,    # CALL 5
        0xE1,                # POP HL
        0x23,                # INC HL
        0x18, 0xF2,          # JR loop
    ])
    code[1:3] = (0x100 + len(code)).to_bytes(2, "little")
    return bytes(code) + text + b"\0"


def run(text: bytes, **settings: object) -> Machine:
    m = Machine(Profile(mhz=None, programs=("LP",), boot="LP", restart=False,  # type: ignore[arg-type]
                        **settings), {"LP": bdos5_program(text)})
    return m


def test_bdos_function_5_prints_on_the_paper():
    m = run(b"GREEN BAR\r\n\tTAB\x1b[2J\r\nPAGE\x0cNEXT\r\n")
    m.start()
    try:
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
    finally:
        m.stop()
    # BDOS function 5 sends bytes as they are: the printer's tab stops are
    # every 8 columns, and the escape byte is dropped.
    assert m.printer.lines() == ["GREEN BAR", "        TAB[2J", "PAGE", "\f", "NEXT"]
    assert m.printer.pages == 2


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def wait_until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_a_line_printer_holds_the_program_until_each_line_is_printed():
    m = run(b"ONE\r\nTWO\r\nTHREE\r\n", printer_lps=2.0)
    clock = FakeClock()
    m.printer.clock = clock
    m.start()
    try:
        assert wait_until(lambda: m.printer.finished_lines() == ["ONE"])
        # The printer's clock has not moved: the program stays held in LIST.
        assert not m.printer.ready()
        assert m.printer.wait_time() == 0.5
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED, timeout=0.2) is None
        assert m.printer.finished_lines() == ["ONE"]
        clock.now += 0.5
        assert wait_until(lambda: m.printer.finished_lines() == ["ONE", "TWO"])
        clock.now += 0.5
        assert m.wait_for_event(MachineEvent.PROGRAM_EXITED)
        assert m.printer.finished_lines() == ["ONE", "TWO", "THREE"]
    finally:
        m.stop()


def test_printer_pace_unit():
    clock = FakeClock()
    p = Printer(lps=4, clock=clock)
    assert p.ready()
    for c in b"AB\r\n":
        p.output(c)
    assert not p.ready() and p.wait_time() == 0.25
    clock.now += 0.25
    assert p.ready()
    assert Printer().ready() and Printer().wait_time() == 0.0

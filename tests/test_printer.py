"""The LIST device: what a program prints lands on the machine's printer."""

from __future__ import annotations

from emulator import Printer


def test_lines_overstrike_and_controls():
    p = Printer()
    for c in b"HELLO\rJ\r\nSECOND\x1b[2J\r\n\x0cPAGE TWO":
        p.output(c)
    assert p.lines() == ["JELLO", "SECOND[2J", "\f", "PAGE TWO"]
    assert p.pages == 2


def test_bdos_list_output_reaches_the_printer(make_machine):
    # CP/M's own PIP copies a file to the printer through BDOS function 5
    # and the BIOS LIST entry, so this is the real path.
    m = make_machine("MEMO", boot="")
    m.type("DIR\r")
    assert m.wait_for_input()
    m.type("\x10DIR\r\x10")          # Ctrl+P: the CCP echoes the console to LIST
    assert m.wait_for_input()
    assert "MEMO     COM" in m.printer.text()

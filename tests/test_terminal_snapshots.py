"""Snapshots of each era look, and of the printer paper (pytest-textual-snapshot).

Each picture is a machine screen the size its stop uses, with the eight
colours and their bright forms as text and as backgrounds, the attributes,
a DEC line-drawing box and the cursor (steady, so the picture is too).
Run ``pytest --snapshot-update`` after a deliberate change of look, and
look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult

import exhibit
from emulator import Machine, Printer, Profile
from exhibit.widgets.printer import PrinterView
from exhibit.widgets.terminal import TerminalView

STYLES = Path(exhibit.__file__).parent
CSI = "\x1b["

SIZES = {"zx80": (32, 24), "bbc": (40, 25)}


def demo(theme: str) -> str:
    colours = "".join(f"{CSI}3{i}m#" for i in range(8)) + "".join(f"{CSI}9{i}m#" for i in range(8))
    papers = "".join(f"{CSI}4{i}m  " for i in range(8))
    return (f"{CSI}2J{CSI}H{CSI}1m{theme.upper()} LOOK{CSI}0m\r\n"
            f"{colours}{CSI}0m ink\r\n"
            f"{papers}{CSI}0m paper\r\n"
            f"{CSI}1mBOLD{CSI}0m {CSI}2mDIM{CSI}0m {CSI}4mUNDER{CSI}0m "
            f"{CSI}5mBLINK{CSI}0m {CSI}7mREVERSE{CSI}0m\r\n"
            "\x1b(0lqqqqqqqk\r\nx\x1b(B MEMO  \x1b(0x\r\nmqqqqqqqj\x1b(B\r\n"
            + "".join(f"line {n}\r\n" for n in range(7, 12))
            + "READY\r\n> ")


class LookApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]
    CSS = "Screen { align: center middle; }"

    def __init__(self, theme: str) -> None:
        super().__init__()
        cols, rows = SIZES.get(theme, (80, 24))
        self.machine = Machine(Profile(mhz=None, cols=cols, rows=rows, theme=theme))
        self.machine.terminal.reset()
        self.machine.terminal.write(demo(theme))
        self.theme_name = theme

    def compose(self) -> ComposeResult:
        view = TerminalView(self.machine, cursor_blink=False, classes=f"theme-{self.theme_name}")
        view.border_title = f"{self.theme_name} · Z80 · CP/M 2.2"
        view.border_subtitle = "F10: give the keyboard back"
        yield view


@pytest.mark.parametrize("theme", ["zx80", "bbc", "green", "amber", "paper", "printer"])
def test_era_look(snap_compare, theme):
    assert snap_compare(LookApp(theme), terminal_size=(90, 30))


def test_too_small_window_says_so(snap_compare):
    assert snap_compare(LookApp("green"), terminal_size=(50, 16))


class PaperApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]

    def __init__(self) -> None:
        super().__init__()
        self.printer = Printer()
        text = ("PAYROLL RUN 14                 PAGE 1\r\n\r\n"
                + "".join(f"{n:04d}  EMPLOYEE {n:03d}        {n * 37 % 900 + 100:>6}.00\r\n"
                          for n in range(1, 13))
                + "\x0cPAYROLL RUN 14                 PAGE 2\r\n")
        for byte in text.encode("ascii"):
            self.printer.output(byte)

    def compose(self) -> ComposeResult:
        view = PrinterView(self.printer, columns=44)
        view.border_title = "Line printer"
        yield view


def test_printer_paper(snap_compare):
    assert snap_compare(PaperApp(), terminal_size=(60, 20))

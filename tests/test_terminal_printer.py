"""PrinterView: the machine's LIST device shown as green-bar line-printer paper."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.style import Style
from textual.app import App, ComposeResult

import exhibit
from emulator import Printer
from exhibit.widgets.printer import PrinterView

STYLES = Path(exhibit.__file__).parent


class PrinterApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]

    def __init__(self, printer: Printer) -> None:
        super().__init__()
        self.printer = printer

    def compose(self) -> ComposeResult:
        view = PrinterView(self.printer, columns=40)
        view.border_title = "Line printer"
        yield view


def print_text(printer: Printer, text: str) -> None:
    for byte in text.encode("ascii"):
        printer.output(byte)


def background(strip, x: int) -> str:
    pos = 0
    for seg in strip:
        if pos <= x < pos + len(seg.text):
            style = seg.style or Style()
            assert style.bgcolor is not None
            return style.bgcolor.get_truecolor().hex
        pos += len(seg.text)
    raise IndexError(x)


async def test_lines_appear_on_banded_paper_with_sprocket_holes():
    printer = Printer()
    print_text(printer, "".join(f"LINE {i}\r\n" for i in range(7)))
    app = PrinterApp(printer)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(PrinterView)
        await pilot.pause()
        rows = [view.render_line(y) for y in range(7)]
        assert [r.text[4:10].rstrip() for r in rows] == [f"LINE {i}" for i in range(7)]
        # Bands of three lines: white, green, white...
        assert [background(r, 10) for r in rows] == (["#fbfbf6"] * 3 + ["#dcefdc"] * 3
                                                      + ["#fbfbf6"])
        # The tractor-feed margins carry a hole every half inch (three lines).
        assert [r.text[2] for r in rows] == [" ", "o", " ", " ", "o", " ", " "]
        assert rows[1].text.rstrip().endswith("o")


async def test_new_lines_feed_up_into_view_and_form_feed_shows_a_perforation():
    printer = Printer()
    app = PrinterApp(printer)
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(PrinterView)
        print_text(printer, "".join(f"ROW {i}\r\n" for i in range(30)) + "\x0cPAGE TWO")
        for _ in range(100):
            await pilot.pause(0.02)
            # The paper feeds (scrolls) once the new lines are laid out.
            if view.lines and view.lines[-1] == "PAGE TWO" and view.is_vertical_scroll_end:
                break
        visible = [view.render_line(y).text for y in range(view.size.height)]
        assert "PAGE TWO" in visible[-1]                 # the line being printed is in view
        assert any("- - - -" in line for line in visible)  # the page break
        assert view.scroll_offset.y > 0


async def test_scrolled_back_paper_stays_put_while_printing_goes_on():
    printer = Printer()
    print_text(printer, "".join(f"OLD {i}\r\n" for i in range(40)))
    app = PrinterApp(printer)
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(PrinterView)
        await pilot.pause()
        view.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        print_text(printer, "NEW LINE\r\n")
        for _ in range(50):
            await pilot.pause(0.02)
            if "NEW LINE" in view.lines:
                break
        assert "NEW LINE" in view.lines
        assert view.scroll_offset.y == 0
        assert view.render_line(0).text[4:9] == "OLD 0"

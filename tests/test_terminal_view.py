"""TerminalView driven with Textual's pilot: era colours, attributes, cursor, keys, paste."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

import pytest
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Footer

import exhibit
from emulator import Machine, Profile
from exhibit.widgets.terminal import TerminalView

CSI = "\x1b["
STYLES = Path(exhibit.__file__).parent
THEMES = ("zx80", "bbc", "green", "amber", "paper", "printer")


class TerminalApp(App[None]):
    """One TerminalView, styled as the exhibit styles it, with a footer."""

    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]

    def __init__(self, machine: Machine, theme: str | None = None) -> None:
        super().__init__()
        self.machine = machine
        self.theme_class = f"theme-{theme}" if theme else None
        self.messages: list[str] = []

    def compose(self) -> ComposeResult:
        view = TerminalView(self.machine, cursor_blink=False, id="terminal",
                            classes=self.theme_class)
        view.border_title = "Test machine"
        yield view
        yield Footer()

    def on_terminal_view_help_requested(self) -> None:
        self.messages.append("help")

    def on_terminal_view_reset_requested(self) -> None:
        self.messages.append("reset")

    def on_terminal_view_left(self) -> None:
        self.messages.append("left")


def machine(**settings: object) -> Machine:
    """A powered-off machine: the tests write to its screen as a program would."""
    m = Machine(Profile(mhz=None, **settings))  # type: ignore[arg-type]
    m.terminal.reset()          # CP/M's sign-on, printed at cold boot, is not wanted here
    return m


def cell(view: TerminalView, x: int, y: int) -> tuple[str, Style]:
    """The character and style the widget draws at a cell."""
    pos = 0
    for seg in view.render_line(y):
        if pos <= x < pos + len(seg.text):
            return seg.text[x - pos], seg.style or Style()
        pos += len(seg.text)
    raise IndexError((x, y))


def hexes(style: Style) -> tuple[str, str]:
    assert style.color is not None and style.bgcolor is not None
    return (style.color.get_truecolor().hex, style.bgcolor.get_truecolor().hex)


async def settle(pilot, view: TerminalView) -> None:
    await pilot.pause()
    view.poll()
    await pilot.pause()


DEMO = (f"{CSI}31mR{CSI}0m{CSI}91mB{CSI}0m{CSI}41m {CSI}0m{CSI}7mV{CSI}0m"
        f"{CSI}5mK{CSI}0m{CSI}2mD{CSI}0m{CSI}1mO{CSI}0m{CSI}4mU{CSI}0mN")

# Theme: (paper, ink, red text, bright red text, red background)
EXPECTED = {
    "bbc": ("#000000", "#ffffff", "#ff0000", "#ff0000", "#ff0000"),
    "green": ("#061406", "#33ff66", "#33ff66", "#b0ffc0", "#061406"),
    "amber": ("#140c00", "#ffb000", "#ffb000", "#ffe080", "#140c00"),
    "zx80": ("#e8e8e0", "#141414", "#141414", "#000000", "#e8e8e0"),
    "paper": ("#f4f1e6", "#1a1a1a", "#b01818", "#d02020", "#f4f1e6"),
    "printer": ("#fbfbf6", "#202020", "#202020", "#000000", "#fbfbf6"),
    None: ("#000000", "#c0c0c0", "#e83030", "#ff4040", "#c00000"),
}


@pytest.mark.parametrize("theme", [*THEMES, None])
async def test_each_theme_maps_colours_and_attributes(theme):
    m = machine()
    m.terminal.write(DEMO)
    app = TerminalApp(m, theme)
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        paper, ink, red, bright_red, red_bg = EXPECTED[theme]
        assert hexes(cell(view, 10, 0)[1]) == (ink, paper)          # plain text
        assert hexes(cell(view, 0, 0)[1])[0] == red
        assert hexes(cell(view, 1, 0)[1])[0] == bright_red
        assert hexes(cell(view, 2, 0)[1])[1] == red_bg
        assert hexes(cell(view, 3, 0)[1]) == (paper, ink)            # reverse, swapped
        blink = cell(view, 4, 0)[1]
        assert not blink.blink                                        # shown steady...
        assert blink.bold or blink.reverse                            # ...but marked
        assert cell(view, 5, 0)[1].dim
        assert cell(view, 6, 0)[1].bold
        assert cell(view, 7, 0)[1].underline


async def test_printer_theme_has_green_bars_every_three_lines():
    m = machine()
    m.terminal.write("\r\n".join(f"line {i}" for i in range(8)))
    app = TerminalApp(m, "printer")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        backgrounds = [hexes(cell(view, 40, y)[1])[1] for y in range(8)]
        assert backgrounds == ["#fbfbf6"] * 3 + ["#dcefdc"] * 3 + ["#fbfbf6"] * 2


async def test_cursor_shape_by_theme_and_by_program_and_hidden():
    m = machine()
    m.terminal.write("AB")
    app = TerminalApp(m, "bbc")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        assert view.has_focus
        style = cell(view, 2, 0)[1]
        assert style.underline and not style.reverse                 # the BBC's underline
        view.remove_class("theme-bbc")
        view.add_class("theme-green")
        await settle(pilot, view)
        assert cell(view, 2, 0)[1].reverse                            # a block
        m.terminal.write(f"{CSI}4 q")                                 # DECSCUSR underline
        await settle(pilot, view)
        style = cell(view, 2, 0)[1]
        assert style.underline and not style.reverse
        m.terminal.write(f"{CSI}?25l")                                # cursor off
        await settle(pilot, view)
        style = cell(view, 2, 0)[1]
        assert not style.underline and not style.reverse


async def test_line_drawing_reaches_the_widget():
    m = machine()
    m.terminal.write("\x1b(0lqk\r\nx x\r\nmqj\x1b(B")
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        assert [view.render_line(y).text[:3] for y in range(3)] == ["┌─┐", "│ │", "└─┘"]


async def test_exhibit_keys_post_messages_and_are_in_the_footer():
    m = machine()
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("f1", "f5", "f10")
        await pilot.pause()
        assert app.messages == ["help", "reset", "left"]
        assert len(m.keyboard) == 0                   # none of them reached the machine
        footer_keys = {w.key for w in app.query("FooterKey")}   # what the footer lists
        assert {"f1", "f5", "f10"} <= footer_keys


async def test_keys_reach_the_machine_by_profile():
    m = machine(arrows="vt100", backspace="del")
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("ctrl+c", "escape", "tab", "enter", "backspace", "up", "a")
        m.terminal.write(f"{CSI}?1h")                 # the program asks for application keys
        await pilot.press("up")
        got = bytes(m.keyboard.get() for _ in range(len(m.keyboard)))  # type: ignore[misc]
        assert got == b"\x03\x1b\t\r\x7f\x1b[Aa\x1bOA"
    m = machine(arrows="wordstar")
    app = TerminalApp(m, "amber")
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("up", "left", "backspace")
        got = bytes(m.keyboard.get() for _ in range(len(m.keyboard)))  # type: ignore[misc]
        assert got == b"\x05\x13\x08"


async def test_big_paste_is_fed_as_the_program_reads_it():
    m = machine()
    text = "".join(f"line {i:05d} of a long paste\n" for i in range(400))   # 11,200 chars
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        view.post_message(events.Paste(text))
        await pilot.pause()
        # The keyboard queue is topped up, never filled: the rest waits.
        assert 0 < len(m.keyboard) <= view.PASTE_LOW + view.PASTE_CHUNK
        assert view.paste_pending > 0
        await pilot.press("x")                         # typed during the paste: goes after it
        received = bytearray()
        for _ in range(2000):                          # the "program" reads what is there
            while (key := m.keyboard.get()) is not None:
                received.append(key)
            if not view.paste_pending and not len(m.keyboard):
                break
            await pilot.pause(0.01)
            assert len(m.keyboard) <= view.PASTE_LOW + view.PASTE_CHUNK
        assert bytes(received) == text.replace("\n", "\r").encode() + b"x"


async def test_reset_request_drops_the_rest_of_a_paste():
    m = machine()
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        view.post_message(events.Paste("y" * 5000))
        await pilot.pause()
        assert view.paste_pending
        await pilot.press("f5")
        assert view.paste_pending == 0 and app.messages == ["reset"]


async def test_too_small_a_window_says_so_in_words():
    m = machine(cols=80, rows=24)
    app = TerminalApp(m, "green")
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        text = " ".join(view.render_line(y).text.strip() for y in range(view.size.height))
        assert "80×24 characters" in text and "Make the window bigger" in text
        await pilot.resize_terminal(100, 32)
        await settle(pilot, view)
        m.terminal.write("hello")
        await settle(pilot, view)
        assert view.render_line(0).text.startswith("hello")


async def test_zx80_and_bbc_sizes_are_kept():
    for cols, rows in ((32, 24), (40, 25)):
        m = machine(cols=cols, rows=rows)
        app = TerminalApp(m, "zx80")
        async with app.run_test(size=(100, 40)) as pilot:
            view = app.query_one(TerminalView)
            await settle(pilot, view)
            assert (view.size.width, view.size.height) == (cols, rows)
            assert view.outer_size == (cols + 2, rows + 2)      # and a border


async def test_only_changed_rows_are_rendered_and_idle_costs_nothing():
    m = machine()
    m.terminal.write("\r\n".join(f"row {i}" for i in range(24)))
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        await settle(pilot, view)
        for y in range(24):
            view.render_line(y)
        rendered: list[int] = []
        original = view._render_row

        def spy(y: int):
            rendered.append(y)
            return original(y)

        view._render_row = spy  # type: ignore[method-assign]
        taken: list[int] = []
        take = m.terminal.take_dirty
        m.terminal.take_dirty = lambda: taken.append(1) or take()  # type: ignore[method-assign]
        frames = view.frames
        await pilot.pause(0.2)                      # nothing printed: nothing taken
        assert taken == [] and view.frames == frames
        # A byte from the machine thread wakes the widget, which redraws one row.
        thread = threading.Thread(target=m.terminal.write, args=(f"{CSI}6;1HX",))
        thread.start()
        thread.join()
        for _ in range(100):
            await pilot.pause(0.01)
            if view.frames > frames:
                break
        assert view.frames > frames
        for y in range(24):
            view.render_line(y)
        assert sorted(set(rendered)) == [5]
        assert view.render_line(5).text.startswith("X")


async def test_click_focuses_the_terminal():
    m = machine()
    app = TerminalApp(m, "green")
    async with app.run_test(size=(90, 30)) as pilot:
        view = app.query_one(TerminalView)
        app.set_focus(None)
        await pilot.pause()
        assert not view.has_focus
        await pilot.click(TerminalView)
        assert view.has_focus


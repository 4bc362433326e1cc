"""The key footer is rebuilt on every change of bindings without keeping old keys alive."""

from __future__ import annotations

from pilot_helpers import live_objects
from textual.app import App, ComposeResult
from textual.widgets import Button
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from exhibit.widgets.footer import Footer


class TwoButtons(App[None]):
    """Focus moving between two buttons changes the bindings the footer shows."""

    BINDINGS = [("f1", "noop", "Help"), ("f5", "noop", "Reset")]

    def __init__(self, footer: type[TextualFooter]) -> None:
        super().__init__()
        self.footer_class = footer

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield self.footer_class()

    def action_noop(self) -> None:
        pass


async def rebuild_footer(footer: type[TextualFooter], times: int) -> tuple[int, int]:
    """Rebuild the footer ``times`` times; return (keys mounted, keys alive).

    Keys left alive by earlier tests in the same process are not this
    footer's: they are counted first and taken off."""
    app = TwoButtons(footer)
    async with app.run_test() as pilot:
        before = live_objects(FooterKey)
        for _ in range(times):
            app.screen.refresh_bindings()
            await pilot.pause()
        await pilot.pause()
        mounted = len(app.query(FooterKey))
        alive = live_objects(FooterKey) - before
    return mounted, alive


async def test_rebuilding_the_footer_frees_the_old_keys():
    mounted, alive = await rebuild_footer(Footer, 30)
    assert mounted >= 2
    assert alive <= 2 * mounted        # this generation, and at most the one before it


async def test_textuals_own_footer_still_keeps_them():
    """Shows the test above can fail: Textual 8.2's Footer keeps every old key.

    When Textual fixes this upstream (Textualize/textual#6666) this test
    fails, and our Footer can go back to being Textual's.
    """
    mounted, alive = await rebuild_footer(TextualFooter, 30)
    assert alive > 30

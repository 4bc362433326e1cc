"""Contrast measured, not guessed: every text colour against what it is drawn on (WCAG 2.x).

Each machine theme's inks on its paper (as TerminalView reads themes.tcss)
and every letter on the exhibit's own screens (as Textual composes them)
keep 4.5:1. The written exception: the memo's carbon copies on the paper
theme keep 3:1 and fade in order, top copy darkest; with clearer colours
on they keep 4.5:1 too, still in order. ``bench/contrast_table.py`` prints
every pair with its ratio.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult

import exhibit
from emulator import Machine, Profile
from emulator.profile import THEMES
from exhibit import contrast
from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.screens.still_there import StillThereScreen
from exhibit.screens.wall import ModerateScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline

STYLES = Path(exhibit.__file__).parent


def test_the_wcag_formula():
    assert contrast.ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast.ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    # The issue's own figure: the BBC's pure blue on black.
    assert contrast.ratio((0, 0, 255), (0, 0, 0)) == pytest.approx(2.44, abs=0.01)
    assert contrast.ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


class LookApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]

    def __init__(self, theme: str | None, clearer: bool) -> None:
        super().__init__()
        self.machine = Machine(Profile(mhz=None, theme=theme or "green"))
        self.theme_name = theme
        self.set_class(clearer, "-clearer")

    def compose(self) -> ComposeResult:
        yield TerminalView(self.machine, cursor_blink=False,
                           classes=f"theme-{self.theme_name}" if self.theme_name else "")


async def pairs_of(theme: str | None, clearer: bool) -> dict[str, contrast.Pair]:
    app = LookApp(theme, clearer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return contrast.theme_pairs(app.query_one(TerminalView))


@pytest.mark.parametrize("clearer", [False, True], ids=["as-shipped", "clearer"])
@pytest.mark.parametrize("theme", [*THEMES, None])
async def test_every_theme_ink_is_readable_on_its_paper(theme, clearer):
    pairs = await pairs_of(theme, clearer)
    assert len(pairs) >= 15                    # the ink and the sixteen colours (less the paper)
    for name, pair in pairs.items():
        carbon = theme == "paper" and name in contrast.CARBONS and not clearer
        floor = contrast.FAINT if carbon else contrast.TEXT
        assert pair.ratio >= floor, f"{theme}: {pair}"


@pytest.mark.parametrize("clearer", [False, True], ids=["as-shipped", "clearer"])
async def test_the_carbons_fade_in_order_top_copy_darkest(clearer):
    pairs = await pairs_of("paper", clearer)
    ratios = [pairs[name].ratio for name in contrast.CARBONS]
    assert ratios == sorted(ratios, reverse=True) and len(set(ratios)) == 4, ratios
    assert ratios[-1] >= (contrast.TEXT if clearer else contrast.FAINT)
    if not clearer:
        assert ratios[-1] < contrast.TEXT      # the third carbon really is faint


async def test_bbc_blue_text_is_lifted_but_its_maze_walls_stay_pure_blue():
    app = LookApp("bbc", False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        look = app.query_one(TerminalView).current_look()
        assert look.palette["blue"].bg.triplet == (0, 0, 255)
        assert contrast.ratio(look.palette["blue"].fg.triplet, (0, 0, 0)) >= contrast.TEXT


async def visit_everything(app: ExhibitApp, pilot, disabled: bool,
                           stops: tuple[str, ...] = ()) -> list[contrast.Pair]:
    """The timeline, every stop (or ``stops``), the about screen, moderation, 'still there?'."""
    found: list[contrast.Pair] = []

    def take() -> None:
        found.extend(contrast.screen_pairs(app.screen, disabled=disabled))

    await pilot.pause()
    take()
    store = app.store
    assert store is not None
    post = store.add("wall", "Ada", "Talk to people, not just screens.", answer=True)
    store.add("wall", "Sam", "A hidden post.", answer=True)
    store.hide(post.id + 1)
    for stop in app.stops:
        if stops and stop.id not in stops:
            continue
        app.open_stop(stop.id)
        await pilot.pause(0.2)
        take()
        if stop.id == "wall":
            # The wall's answer to a post, refused and then accepted.
            for text in ("", "Keep talking."):
                await pilot.click("#wall-text")
                await pilot.press(*text, "enter")
                await pilot.pause()
                take()
    app.pop_screen()
    await pilot.pause()
    app.action_about()
    await pilot.pause()
    take()
    app.pop_screen()
    await app.push_screen(ModerateScreen(store))
    await pilot.pause()
    take()
    await pilot.press("down")          # the cursor on the hidden post
    await pilot.pause()
    take()
    await app.push_screen(StillThereScreen(20))
    await pilot.pause()
    take()
    return found


@pytest.mark.parametrize("size", [(140, 40), (80, 24)], ids=["140x40", "80x24"])
async def test_every_letter_on_the_exhibits_screens_is_readable(tmp_path, size):
    app = ExhibitApp(load_timeline(), data=tmp_path)
    async with app.run_test(size=size) as pilot:
        found = await visit_everything(app, pilot, disabled=False)
    where = {p.where.split()[0] for p in found}
    assert {"TimelineScreen", "StopScreen", "AboutScreen", "ModerateScreen",
            "StillThereScreen"} <= where
    assert contrast.failing(found) == []


async def test_with_clearer_colours_even_disabled_buttons_are_readable(tmp_path):
    app = ExhibitApp(load_timeline(), data=tmp_path, clearer_colours=True)
    async with app.run_test(size=(140, 40)) as pilot:
        # The disabled buttons: Previous at the first stop, Newer on the wall.
        found = await visit_everything(app, pilot, disabled=True, stops=("mainframe", "wall"))
    assert any("Button#previous" in p.where for p in found)
    assert any("Button#wall-newer" in p.where for p in found)
    assert contrast.failing(found) == []


async def test_the_walls_answer_is_marked_not_only_coloured(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="wall", data=tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#wall-message")
        await pilot.press("enter")                      # nothing typed: refused
        await pilot.pause()
        assert str(line.render()).startswith("✗ ")
        await pilot.press(*"Keep talking.", "enter")
        await pilot.pause()
        assert str(line.render()).startswith("✓ Posted")


async def test_the_kiosks_attract_screen_is_readable(tmp_path):
    app = KioskApp(load_timeline(), settings=KioskSettings(), data=tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.3)
        found = list(contrast.screen_pairs(app.screen))
    assert any(p.where.startswith("AttractScreen") for p in found)
    assert contrast.failing(found) == []

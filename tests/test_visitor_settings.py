"""Clearer colours (F3 and a kiosk setting) and reduced motion (a kiosk setting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import until
from textual.widgets import Input

from exhibit.__main__ import build_parser
from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.motion import CLEARER, clearer, still
from exhibit.screens.stop import StopScreen
from exhibit.settings import KioskSettings, SettingsError
from exhibit.widgets.terminal import TerminalView
from timeline import load_timeline

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_kiosk_settings_name_both_and_leave_them_off():
    text = (ROOT / "deploy" / "kiosk.toml").read_text()
    assert "clearer_colours" in text and "reduced_motion" in text
    settings = KioskSettings.load(ROOT / "deploy" / "kiosk.toml")
    assert not settings.clearer_colours and not settings.reduced_motion


@pytest.mark.parametrize("key", ["clearer_colours", "reduced_motion"])
def test_each_setting_is_true_or_false(tmp_path, key):
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[kiosk]\n{key} = true\n")
    assert getattr(KioskSettings.load(path), key) is True
    path.write_text(f'[kiosk]\n{key} = "yes"\n')
    with pytest.raises(SettingsError, match=f"{key} must be true or false"):
        KioskSettings.load(path)


def test_the_command_line_has_both():
    args = build_parser().parse_args(["--clearer-colours", "--reduced-motion"])
    assert args.clearer_colours and args.reduced_motion


def paper_carbon(view: TerminalView) -> tuple[int, int, int]:
    return view.current_look().palette["brightblue"].fg.triplet


async def test_f3_at_a_stop_lifts_the_faint_carbon_and_the_machine_keeps_the_keyboard(tmp_path):
    app = ExhibitApp(load_timeline(), start_stop="memo", data=tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen)
                           and app.screen.query(TerminalView))
        view = app.screen.query_one(TerminalView)
        assert await until(pilot, lambda: view.has_focus)
        assert await until(pilot, lambda: app.screen.machine.waiting_for_key)
        faint = paper_carbon(view)
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "Clearer colours" in footer
        await pilot.press("f3")
        await pilot.pause()
        assert clearer(view) and app.has_class(CLEARER)
        assert paper_carbon(view) != faint
        assert view.has_focus and len(app.screen.machine.keyboard) == 0   # F3 never reached it
        await pilot.press("f3")
        await pilot.pause()
        assert not clearer(view) and paper_carbon(view) == faint


async def test_the_kiosk_setting_starts_clearer_and_f3_still_works_there(tmp_path):
    app = KioskApp(load_timeline(), settings=KioskSettings(clearer_colours=True), data=tmp_path,
                   turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert app.has_class(CLEARER)
        await pilot.press("space")          # wake the attract screen
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert not app.has_class(CLEARER)


async def cursor_frames(pilot, view: TerminalView, changes_wanted: bool) -> bool:
    """Whether the cursor's row looks different at some moment over about two seconds."""
    def row() -> list[tuple[str, object]]:
        y = view.terminal.cursor()[1]
        return [(s.text, s.style) for s in view.render_line(y)]

    first = row()
    return await until(pilot, lambda: row() != first, timeout=2.5 if changes_wanted else 1.5)


@pytest.mark.parametrize("reduced", [False, True], ids=["blinking", "reduced-motion"])
async def test_reduced_motion_holds_the_cursor_steady(tmp_path, reduced):
    app = ExhibitApp(load_timeline(), start_stop="bbc", data=tmp_path, reduced_motion=reduced)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen)
                           and app.screen.query(TerminalView))
        view = app.screen.query_one(TerminalView)
        assert await until(pilot, lambda: view.has_focus and app.screen.machine.waiting_for_key)
        await pilot.pause(0.2)
        assert still(view) == reduced
        assert await cursor_frames(pilot, view, not reduced) == (not reduced)


async def test_the_kiosk_setting_stops_textuals_animations_and_the_walls_blinking(tmp_path):
    settings = KioskSettings(reduced_motion=True)
    app = KioskApp(load_timeline(), settings=settings, data=tmp_path, turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert app.animation_level == "none"
        await pilot.press("space")
        await pilot.pause()
        app.open_stop("wall")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen)
                           and app.screen.query(Input))
        await pilot.pause()
        assert all(not box.cursor_blink for box in app.screen.query(Input))

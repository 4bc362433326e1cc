"""Walking the stops quickly, as a visitor leaning on PgDn does, never breaks the app."""

from __future__ import annotations

import gc

from exhibit.app import ExhibitApp
from exhibit.screens.stop import StopScreen
from timeline import load_timeline


async def test_rapid_stop_changes_leave_one_stop_open_and_free_the_rest(tmp_path):
    app = ExhibitApp(load_timeline(), turbo=True, data=tmp_path)
    async with app.run_test(size=(150, 45)) as pilot:
        for round_ in range(3):
            for stop in app.stops:
                app.open_stop(stop.id)
                await pilot.pause(0.01 * round_)      # no pause at all, then short ones
        await pilot.pause(0.5)
        assert app.is_running
        assert isinstance(app.screen, StopScreen)
        assert app.screen.stop_info.id == app.stops[-1].id
        machines = [getattr(s, "machine", None) for s in app.screen_stack]
        assert sum(1 for m in machines if m is not None and m.running) <= 1
    gc.collect()

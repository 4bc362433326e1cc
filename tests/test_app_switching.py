"""Walking the stops quickly, as a visitor leaning on PgDn does, never breaks the app."""

from __future__ import annotations

import gc

from pilot_helpers import live_objects, until
from textual import events

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


async def test_keys_queued_behind_a_stop_opening_do_not_keep_the_stops_they_passed(tmp_path):
    """A held PgDn in a real terminal queues keys on the app while each stop
    opens. Whatever the opening posts to the app (focus, clearing toasts)
    waits behind them; it must not name the stop being left, or every stop
    passed stays alive, with its machine, until the keys run out."""
    app = ExhibitApp(load_timeline(), turbo=True, data=tmp_path)
    alive: list[int] = []
    opened = app.stop_opened

    def count(stop) -> None:            # as each stop opens: how many are still alive
        opened(stop)
        alive.append(live_objects(StopScreen))
    app.stop_opened = count
    async with app.run_test(size=(200, 50)) as pilot:
        app.open_stop(app.stops[0].id)
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        steps = ["pagedown", "pagedown", "pageup", "pagedown", "escape", "3", "enter"] * 8
        for key in steps:          # all at once, as a terminal hands a backlog over
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(1)
        # Settled: the last stop asked for is open and nothing is opening.
        assert await until(pilot, lambda: app._opening.is_finished
                           and getattr(app.screen, "stop_info", None) is not None
                           and app.screen.stop_info.id == app.wanted, timeout=60), alive
        await pilot.pause(0.5)
    # Each count is the stop just opened, the one it replaced (on its way
    # out) and at most one more; the stops passed before are gone.
    assert len(alive) >= 5, alive      # the backlog did open stop after stop
    assert max(alive) <= 3, alive

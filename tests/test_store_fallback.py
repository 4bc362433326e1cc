"""A store that cannot open: the social stop's 2011 stream stays readable, posts are refused in words."""

from __future__ import annotations

import logging
import threading

import pytest
from pilot_helpers import until
from test_social import keys
from test_wall import message, post_on_wall

from emulator.social_seed import seed_if_empty
from emulator.store import (
    READ_ONLY,
    ReadOnly,
    ReadOnlyStore,
    StorePlace,
    open_store_or_fallback,
)
from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.machines import live_feed_for, machine_for, stream_seeds
from exhibit.presenter_app import PresenterApp
from exhibit.screens.attract import AttractScreen
from exhibit.screens.stop import StopScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.machine_panel import MachinePanel
from timeline import load_timeline

GARBAGE = b"\x00\xffthis is not an SQLite file at all\x13\x37" * 64


@pytest.fixture
def stop():
    return next(s for s in load_timeline() if s.id == "social")


@pytest.fixture
def corrupt(tmp_path):
    """A data folder whose posts.db is garbage bytes (not a post store)."""
    (tmp_path / "posts.db").write_bytes(GARBAGE)
    return tmp_path


def opened_errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records
            if r.levelno == logging.ERROR and "post store could not open" in r.getMessage()]


def test_the_stand_in_takes_the_content_and_refuses_visitors(stop):
    store = ReadOnlyStore("cannot open the post store /x/posts.db: unable to open")
    try:
        seeds = stream_seeds(stop)
        assert seed_if_empty(store, "social", seeds) == sum(1 + len(s.replies) for s in seeds)
        first = store.list("social")[0]
        with pytest.raises(ReadOnly, match="Posts are not being kept today"):
            store.add("social", "Ann", "hello")
        with pytest.raises(ReadOnly) as refused:
            store.reply(first.id, "Ann", "hello")
        assert str(refused.value) == READ_ONLY
        # The live thread still plays (content, not a visitor).
        feed = live_feed_for(stop, store)
        assert feed is not None and feed.step() is not None
        # Another thread (a Z80 program's CPU thread) is a visitor even while
        # the content is going in on this one.
        other: list[BaseException] = []

        def visitor() -> None:
            try:
                store.add("social", "Bo", "from the CPU thread")
            except ReadOnly as e:
                other.append(e)
        with store.from_content():
            thread = threading.Thread(target=visitor)
            thread.start()
            thread.join()
        assert len(other) == 1
        assert not [p for p in store.list("social", limit=50) if p.author in ("Ann", "Bo")]
        # Visit figures are dropped, not kept and not an error.
        store.record_session("s1", "", 0.0)
        store.record_visit("v1", "", "s1", "social", 0.0, 1.0, True)
        assert store.figures().sessions == 0 and store.figures().stops == ()
    finally:
        store.close()


def test_a_corrupt_file_gives_the_stand_in_and_is_left_alone(corrupt, caplog):
    store, error = open_store_or_fallback(StorePlace(data=corrupt))
    try:
        assert isinstance(store, ReadOnlyStore)
        assert error is not None and "posts.db" in error
        assert store.reason == error
        assert len(opened_errors(caplog)) == 1
    finally:
        store.close()
    assert (corrupt / "posts.db").read_bytes() == GARBAGE      # nothing written over it


NO_SERVER = "postgresql://kiosk@/exhibit?host=/nonexistent-socket-folder"


@pytest.mark.parametrize("case", ["folder under a file", "not a server URL",
                                  "corrupt outbox", "no server and no outbox"])
def test_every_way_the_store_cannot_open_gives_the_stand_in(tmp_path, case):
    outbox = True
    if case == "folder under a file":
        (tmp_path / "file").write_text("a file where a folder should be")
        place = StorePlace(data=tmp_path / "file" / "data")
    elif case == "not a server URL":
        place = StorePlace(data=tmp_path, url="mysql://museum/exhibit")
    elif case == "corrupt outbox":
        (tmp_path / "outbox.db").write_bytes(GARBAGE)
        place = StorePlace(data=tmp_path, url=NO_SERVER)
    else:
        place, outbox = StorePlace(data=tmp_path, url=NO_SERVER), False
    store, error = open_store_or_fallback(place, outbox=outbox)
    try:
        assert isinstance(store, ReadOnlyStore) and error and store.reason == error
        with pytest.raises(ReadOnly):
            store.add("wall", "Ann", "hello")
    finally:
        store.close()


def test_a_healthy_folder_gets_the_real_store(tmp_path):
    store, error = open_store_or_fallback(StorePlace(data=tmp_path))
    try:
        assert error is None and not isinstance(store, ReadOnlyStore)
        store.add("social", "Ann", "kept")
        assert store.count("social") == 1
    finally:
        store.close()


def test_the_program_reads_2011_and_is_told_posts_are_not_kept(stop):
    store = ReadOnlyStore("a test")
    machine = machine_for(stop, store=store, mhz=None)
    machine.start()
    try:
        assert machine.wait_for_input()
        assert machine.terminal.contains("Home timeline", "[1] @DeskFollowOtter  02/02/2011 11:00",
                                         "#NTofW2011")
        keys(machine, "c")
        keys(machine, "Ann\r")
        keys(machine, "Hello from a read-only day\r")
        assert machine.terminal.contains(READ_ONLY)
        assert not machine.terminal.contains("Posted.")
    finally:
        machine.stop()
        store.close()


async def test_the_app_on_a_corrupt_store_shows_2011_and_refuses_posts(corrupt, caplog):
    app = ExhibitApp(load_timeline(), start_stop="social", turbo=True, data=corrupt)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        machine = app.screen.machine
        assert machine is not None and isinstance(machine.host.store, ReadOnlyStore)
        assert app.store_error is not None and "posts.db" in app.store_error
        assert machine.wait_for_text("@DeskFollowOtter  02/02/2011 11:00")
        # The live thread plays on the stand-in as on a real store.
        feed = live_feed_for(app.screen.stop_info, app.store)
        assert feed is not None
        live = feed.thread()
        assert live is not None and live.replies == 2
        app.screen.panel.live_step()
        assert app.store is not None and app.store.get(live.id).replies == 3
        # Posting from the program: the one plain line.
        machine.type("c")
        assert machine.wait_for_input()
        machine.type("Ann\rNothing kept today\r")
        assert machine.wait_for_text(READ_ONLY)
        # And from the wall.
        await pilot.press("pagedown")
        assert await until(pilot, lambda: app.screen.stop_info.id == "wall")
        # Said before anyone types, plainly (no mark: nothing has gone wrong for them yet).
        assert app.screen.query_one("#wall-message").render().plain == READ_ONLY
        await post_on_wall(pilot, "A read-only day")
        assert message(app) == READ_ONLY
    assert len(opened_errors(caplog)) == 1                     # one line for staff, once
    assert (corrupt / "posts.db").read_bytes() == GARBAGE


async def test_the_kiosk_on_a_corrupt_store_names_the_problem_for_staff(corrupt):
    app = KioskApp(load_timeline(), settings=KioskSettings(idle_timeout=600),
                   data=corrupt, turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        assert isinstance(app.screen, AttractScreen)
        await pilot.press("space")
        await pilot.pause()
        app.open_stop("social")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        panel = app.screen.query_one(MachinePanel)
        assert await until(pilot, lambda: panel.machine is not None
                           and panel.machine.terminal.contains("@DeskFollowOtter"))
        figures = app.figures()
        assert "The post store could not open (" in figures
        assert "the wall and the stream are read-only" in figures
        # The visitor's screen says nothing of it.
        assert "could not open" not in panel.machine.terminal.text()


async def test_the_presenter_uses_the_same_stand_in(corrupt):
    app = PresenterApp(load_timeline(), data=corrupt, state_path=corrupt / "state.json")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.store, ReadOnlyStore)


async def test_a_data_folder_fixed_while_the_kiosk_runs_is_used_from_the_next_idle_reset(tmp_path,
                                                                                      caplog):
    """A kiosk runs for months: once staff make its data folder possible again,
    the next idle reset opens the real store (and the log), so the next
    visitor's post is kept, their visit counted, and the admin screen no longer
    says they are not."""
    caplog.set_level("INFO", logger="exhibit")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    data = blocker / "data"
    app = KioskApp(load_timeline(), settings=KioskSettings(idle_timeout=600), data=data, turbo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("space")
        app.open_stop("wall")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await post_on_wall(pilot, "Not kept today")
        assert message(app) == READ_ONLY
        await app.reset_to_attract()               # not fixed yet: still read-only, and it says so
        assert isinstance(app.store, ReadOnlyStore) and "still cannot open" in caplog.text
        assert "The post store could not open" in app.figures()

        blocker.unlink()                           # staff fix it
        await pilot.press("space")
        await pilot.press("2", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await app.reset_to_attract()
        assert not isinstance(app.store, ReadOnlyStore) and app.store_error is None
        assert isinstance(app.screen, AttractScreen)

        await pilot.press("space")                 # the next visitor's post is kept
        app.open_stop("wall")
        assert await until(pilot, lambda: isinstance(app.screen, StopScreen))
        await post_on_wall(pilot, "Kept now")
        assert message(app) != READ_ONLY
        figures = app.figures()
        assert "could not open" not in figures and "cannot be" not in figures, figures
        assert "Sessions: 1" in figures, figures
    assert (data / "posts.db").exists() and app.log_path == data / "exhibit.log"
    assert "can be written again" in (data / "exhibit.log").read_text()
    with StorePlace(data=data).open() as store:
        assert [p.text for p in store.answers()] == ["Kept now"]

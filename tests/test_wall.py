"""The visitors' wall and its moderation, through the pilot, on the real post store."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3

import pytest
from test_moderation_store import fill
from textual import events
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey  # the footer's keys, as test_footer reads them

from emulator.moderation import ALLOWED_FILE, MAX_POST, REFUSED
from emulator.store import DISK_FULL, PostStore, open_store
from exhibit.__main__ import main
from exhibit.app import ExhibitApp
from exhibit.kiosk import KioskApp
from exhibit.machines import machine_for
from exhibit.screens.timeline import TimelineScreen
from exhibit.screens.wall import ModerateApp, ModerateScreen
from exhibit.settings import KioskSettings
from exhibit.widgets.wall import HELD, POSTED, WallView
from timeline import load_timeline

SIZE = (160, 50)


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


def wall_app(store: PostStore) -> ExhibitApp:
    return ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store)


def wall_text(app: ExhibitApp) -> str:
    view = app.screen.query_one(WallView)
    view.refresh_posts()
    return view.query_one("#wall-posts").render().plain  # type: ignore[union-attr]


def message(app: ExhibitApp) -> str:
    """The wall's message line, without its mark (✓ posted, ✗ not: see test_contrast)."""
    text = app.screen.query_one("#wall-message").render().plain  # type: ignore[union-attr]
    return text.removeprefix("✓ ").removeprefix("✗ ")


def social_machine(store: PostStore):
    stop = next(s for s in load_timeline() if s.id == "social")
    machine = machine_for(stop, store=store, mhz=None)
    machine.start()
    assert machine.wait_for_input()
    return machine


async def post_on_wall(pilot, text: str) -> None:
    await pilot.click("#wall-text")
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_a_post_made_at_the_social_stop_stays_off_the_wall(store):
    """The wall lists answers to its own question (the store's flag), not
    whatever visitors wrote at the social stop."""
    machine = social_machine(store)
    try:
        machine.type("cAnn\rHello from the Z80 at the social stop\r")
        assert machine.wait_for_input()
        assert machine.terminal.contains("Posted.")
    finally:
        machine.stop()
    store.add("wall", "Bo", "Write to people as if they were in the room", answer=True)
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = wall_text(app)
        assert "Write to people as if they were in the room" in text
        assert "Hello from the Z80 at the social stop" not in text
        # The 2011 stream stays at its own stop.
        assert "DeskFollowOtter" not in text and "#NTofW2011" not in text


async def test_posting_on_the_wall_counts_down_and_keeps_it(store):
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Nobody has posted yet" in wall_text(app)
        assert app.focused is app.screen.query_one("#wall-text", Input)   # ready to write
        await pilot.click("#wall-name")
        await pilot.press(*"Mo", "enter")                  # Enter moves to the post box
        assert app.focused is app.screen.query_one("#wall-text", Input)
        await pilot.press(*"Talk to people, not at them")
        assert "113 characters left" in str(app.screen.query_one("#wall-left").render())
        await pilot.press("enter")
        await pilot.pause()
        assert "Posted" in message(app)
        (post,) = store.list("wall")
        assert (post.author, post.text, post.answer) == ("Mo", "Talk to people, not at them", True)
        assert "Talk to people, not at them" in wall_text(app)
        assert app.screen.query_one("#wall-text", Input).value == ""


async def test_blocked_words_are_refused_on_the_wall(store):
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await post_on_wall(pilot, "you absolute wanker")
        assert message(app) == REFUSED
        assert store.count("wall") == 0
        assert app.screen.query_one("#wall-text", Input).value == "you absolute wanker"


async def test_escapes_and_control_characters_never_reach_the_wall(store):
    # Through the wall's own box: cleaned before it is stored.
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(WallView)
        assert view.post("Ann\x1b[31m", "\x1b[2Jhello\x07 \x1b]0;owned\x07world\x9b1m")
        assert [(p.author, p.text) for p in store.list("wall")] == [("Ann", "hello world")]
    # Written into the file by something else: cleaned again before display.
    db = sqlite3.connect(store.path)
    db.execute("INSERT INTO posts (board, author, text, created, answer) VALUES (?, ?, ?, ?, 1)",
               ("wall", "Ev\x1b[5mil", "BOOM\x1b[2J\x1bc\x07\x00\x1b]8;;x\x1b\\link",
                "2026-01-01 10:00:00"))
    db.commit()
    db.close()
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = wall_text(app)
        assert "Evil" in text and "BOOMlink" in text and "hello world" in text
        assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) < 0xA0 for ch in text)


async def test_the_wall_pages_newest_first(store):
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(7):
        store.add("wall", "V", f"message {i}", created=start + dt.timedelta(minutes=i), answer=True)
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = wall_text(app)
        assert text.index("message 6") < text.index("message 2") and "message 1" not in text
        assert "1-5 of 7" in str(app.screen.query_one("#wall-page").render())
        await pilot.click("#wall-older")
        text = wall_text(app)
        assert "message 1" in text and "message 0" in text and "message 6" not in text
        await pilot.click("#wall-newer")
        assert "message 6" in wall_text(app)


async def test_a_full_disk_gives_the_message_and_the_exhibit_keeps_running(store):
    fill(store)
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await post_on_wall(pilot, "hello")
        assert message(app) == DISK_FULL
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)
        app.open_stop("wall")
        await pilot.pause()
        assert app.screen.query_one(WallView)


async def test_moderation_hides_a_post_everywhere(store):
    machine = social_machine(store)
    try:
        machine.type("cAnn\rSomething rude but not on the list\r ")
        assert machine.wait_for_input()
        assert machine.terminal.contains("[1] @Ann")
        rude = store.list("social")[0]
        # Staff hide it: the newest post is the table's first row.
        mod = ModerateApp(store)
        async with mod.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = mod.screen.query_one(DataTable)
            assert table.get_row_at(0)[3].plain == "Ann"
            await pilot.press("h")
            assert store.get(rude.id) is None                  # hidden
            assert "hidden" in table.get_row_at(0)[2].plain
            assert f"Post {rude.id} is now hidden everywhere." in str(
                mod.screen.query_one("#moderate-message").render())
        # Gone from the Z80 client...
        machine.type("r")
        assert machine.wait_for_input()
        assert not machine.terminal.contains("@Ann")
        assert machine.terminal.contains("[1] @DeskFollowOtter")
    finally:
        machine.stop()
    # ...and from the wall.
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Something rude" not in wall_text(app)


async def test_delete_needs_two_presses(store):
    store.add("wall", "Ann", "keep")
    gone = store.add("wall", "Bo", "delete me")
    mod = ModerateApp(store)
    async with mod.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert store.get(gone.id) is not None
        assert "Press D again" in str(mod.screen.query_one("#moderate-message").render())
        await pilot.press("d")
        assert store.get(gone.id, include_hidden=True) is None
        assert [p.text for p in store.list("wall")] == ["keep"]
        await pilot.press("escape")
    assert mod.return_code == 0


async def test_the_kiosk_admin_opens_moderation(tmp_path):
    app = KioskApp(load_timeline(), data=tmp_path, turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app._admin_choice("moderate")
        await pilot.pause()
        assert isinstance(app.screen, ModerateScreen)
        assert app.screen.store is app.store
        assert app.store is not None and app.store.path == tmp_path / "posts.db"
        await pilot.press("escape")
        assert not isinstance(app.screen, ModerateScreen)


def test_the_wall_command_lists_hides_and_exports(tmp_path, capsys):
    with PostStore(tmp_path / "posts.db") as st:
        first = st.add("wall", "Ann", "=HYPERLINK(\"http://x\")")
        st.add("social", "Bo", "hello")
    assert main(["--data", str(tmp_path), "wall"]) == 0
    out = capsys.readouterr().out
    assert "social 1 posts, wall 1 posts" in out and "Ann: =HYPERLINK" in out
    assert main(["--data", str(tmp_path), "wall", "--hide", str(first.id)]) == 0
    assert f"post {first.id} hidden" in capsys.readouterr().out
    assert main(["--data", str(tmp_path), "wall", "--hide", "999"]) == 2
    assert "there is no post 999" in capsys.readouterr().err
    out_csv = tmp_path / "posts.csv"
    assert main(["--data", str(tmp_path), "wall", "--export", str(out_csv)]) == 0
    assert "wrote 2 posts" in capsys.readouterr().out
    with out_csv.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["board"], r["author"], r["hidden"]) for r in rows] == [
        ("wall", "Ann", "True"), ("social", "Bo", "False")]
    assert rows[0]["text"] == "'=HYPERLINK(\"http://x\")"     # opens as text, not a formula
    assert main(["--data", str(tmp_path), "wall", "--export",
                 str(tmp_path / "no" / "such" / "x.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


async def test_pre_moderation_holds_a_post_until_staff_approve_it(store):
    """moderation = "before": the post is kept held, the visitor is told, nobody
    sees it; the moderation view marks it held and A puts it on the wall."""
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=store,
                     moderation="before")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(WallView).hold
        await post_on_wall(pilot, "Keep a diary, paper lasts")
        assert message(app) == HELD
        assert "appear once a member of staff has read it" in HELD
        assert "Keep a diary" not in wall_text(app)
    held = store.pending()
    assert [p.text for p in held] == ["Keep a diary, paper lasts"] and held[0].answer
    assert store.answers() == [] and store.get(held[0].id) is None
    mod = ModerateApp(store)
    async with mod.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = mod.screen.query_one(DataTable)
        assert table.get_row_at(0)[2].plain == "held"
        assert "1 held" in str(mod.screen.query_one("#moderate-message").render())
        # The footer names the approve key.
        keys = {(k.key_display or k.key, k.description) for k in mod.screen.query(FooterKey)}
        assert ("a", "Approve held post") in keys, keys
        await pilot.press("a")
        assert table.get_row_at(0)[2].plain == "yes"
        assert "approved: it is on the wall now" in str(
            mod.screen.query_one("#moderate-message").render())
    assert store.pending() == [] and [p.text for p in store.answers()] == ["Keep a diary, paper lasts"]
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Keep a diary, paper lasts" in wall_text(app)


async def test_the_kiosk_setting_reaches_the_wall(tmp_path):
    settings = KioskSettings(moderation="before")
    app = KioskApp(load_timeline(), settings=settings, data=tmp_path, turbo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_stop("wall")
        await pilot.pause()
        assert app.screen.query_one(WallView).hold


async def test_the_allow_list_lifts_a_built_in_word_on_the_wall(tmp_path):
    text = "The crap weather at the 1987 open day"
    with open_store(tmp_path) as st:
        app = wall_app(st)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await post_on_wall(pilot, text)
            assert message(app) == REFUSED
    (tmp_path / ALLOWED_FILE).write_text("# words our wall takes\ncrap\n", encoding="utf-8")
    with open_store(tmp_path) as st:
        app = wall_app(st)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await post_on_wall(pilot, text)
            assert message(app) == POSTED
            assert text in wall_text(app)


async def test_a_long_paste_is_cut_to_fit_with_a_note(store):
    pasted = "I remember the first email I ever sent, " * 5 + "\nand the second line"
    app = wall_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#wall-text", Input)
        await pilot.click("#wall-text")
        await pilot.press(*"Me: ")
        box.post_message(events.Paste(pasted))
        await pilot.pause()
        joined = " ".join(pasted.split())
        assert box.value == ("Me: " + joined)[:MAX_POST]
        note = message(app)
        assert f"Your paste was {len(joined)} characters; the first {MAX_POST - 4} are in the box" \
            in note
        assert "0 characters left" in str(app.screen.query_one("#wall-left").render())
        # A paste that fits goes in whole, lines joined, with no note.
        box.value = ""
        box.post_message(events.Paste("two\nlines"))
        await pilot.pause()
        assert box.value == "two lines"

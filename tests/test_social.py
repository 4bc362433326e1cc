"""SOCIAL, the social stop's 140-character client, reading and writing the real post store."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from test_moderation_store import fill

from emulator.social_seed import LiveFeed, Seed, seed_if_empty
from emulator.store import PostStore
from exhibit.machines import live_feed_for, machine_for, stream_seeds
from timeline import load_timeline


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


@pytest.fixture
def stop():
    return next(s for s in load_timeline() if s.id == "social")


@pytest.fixture
def live(stop, store) -> LiveFeed:
    feed = live_feed_for(stop, store)
    assert feed is not None
    return feed


@pytest.fixture
def social(store, stop):
    """The social stop's own machine (its stop file's [machine] table), flat out."""
    machine = machine_for(stop, store=store, mhz=None)
    machine.start()
    assert machine.wait_for_input()
    yield machine
    machine.stop()


def keys(machine, text: str) -> None:
    machine.type(text)
    assert machine.wait_for_input()


def test_the_stop_seeds_its_stream_once_and_the_program_reads_it(social, store, stop):
    screen = social.terminal
    assert social.profile.board == "social" and social.profile.boot == "SOCIAL"
    # Newest first, each thread on its own real dates: the conference in
    # Glasgow on 1-2 February 2011, and on the next page the carers'
    # conference, the #ombh campaign (January 2011) and the snow (December 2010).
    assert screen.contains("SOCIAL", "Invented people, real events", "Home timeline",
                           "[1] @DeskFollowOtter  02/02/2011 11:00", "#NTofW2011",
                           "[4] @BrambleCareLead  01/02/2011 14:05  replies: 2")
    assert seed_if_empty(store, "social", stream_seeds(stop)) == 0     # only ever once
    # Nothing is written into the program: a post added to the store shows.
    store.add("social", "Newcomer", "Fresh from the store")
    keys(social, "r")
    assert screen.contains("[1] @Newcomer  today, a visitor", "Fresh from the store",
                           "[2] @DeskFollowOtter  02/02/2011")
    assert "2026" not in screen.text() and str(dt.date.today().year) not in screen.text()
    # Older pages, and back.
    keys(social, "n")
    assert screen.contains("@CarersConfDesk  26/01/2011 10:00", "LIVE: carers' conference",
                           "@DLAStoriesFern  14/01/2011", "#ombh", "replies: 4",
                           "@SnowWatchOtter  07/12/2010 07:40", "replies: 6")
    assert not screen.contains("@Newcomer")
    keys(social, "p")
    assert screen.contains("[1] @Newcomer")


def test_an_earlier_visitors_post_is_not_dated_among_2011s(social, store):
    store.add("social", "Yesterday", "Posted by the visitor before you",
              created=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    keys(social, "r")
    assert social.terminal.contains("[1] @Yesterday  an earlier visitor")


def test_long_posts_wrap_between_words(social):
    keys(social, "n")
    text = social.terminal.text()
    assert "    LIVE: carers' conference with a video link. Can't travel? Ask the speakers\n" \
           "    your questions here" in text


def open_live(social) -> None:
    keys(social, "n")
    assert social.terminal.contains("[2] @CarersConfDesk")
    social.type("2")
    assert social.wait_for_text("---- 2 replies")


def test_new_questions_appear_while_the_visitor_watches(social, live, stop):
    open_live(social)
    assert social.wait_for_text("Q: I care for my dad")
    assert social.terminal.contains("@CarerOfDadFern  26/01/2011 10:20")
    for item in live.live.live[:3]:
        assert live.step() is not None
        # No key pressed: the program looks again by itself.
        assert social.wait_for_text(item.text[:40]), item.text
    # Dated as the thread file says: that afternoon in 2011, not today.
    assert social.terminal.contains("---- 5 replies ----", "@NightCarer3am  26/01/2011 14:13")
    # Only the newest five fit; the first has scrolled to an older page.
    live.step()
    assert social.wait_for_text("---- 6 replies (P for older) ----")
    assert not social.terminal.contains("Q: I care for my dad")
    social.type("p")
    assert social.wait_for_text("Q: I care for my dad")
    social.type("b")
    assert social.wait_for_input()
    assert social.terminal.contains("Home timeline")


def test_compose_counts_down_and_stops_at_140(social, store):
    screen = social.terminal
    keys(social, "c")
    assert screen.contains("Compose a new post", "Your name")
    keys(social, "Ann\r")
    assert screen.contains("Posting as @Ann", "140 characters left")
    keys(social, "Hello")
    assert screen.contains("135 characters left")
    keys(social, "\x08\x08")
    assert screen.contains("137 characters left")
    keys(social, "lo from the SOCIAL stop " + "x" * 150)
    assert screen.contains("0 characters left")
    y, x = screen.find("0 characters left")
    assert screen.styles_at(y, [x])[0].fg == "red"        # the last ten in red
    keys(social, "\x1b\x01\r")                           # control keys ignored; RETURN posts
    assert screen.contains("Posted.")
    (post,) = [p for p in store.list("social") if p.author == "Ann"]
    assert len(post.text) == 140 and post.text.startswith("Hello from the SOCIAL stop xxx")
    keys(social, " ")
    assert screen.contains("[1] @Ann", "Hello from the SOCIAL stop")


def test_reply_and_retweet(social, store):
    screen = social.terminal
    snow = next(p for p in store.list("social", limit=50) if p.author == "SnowWatchOtter")
    keys(social, "n")
    assert social.terminal.contains("[4] @SnowWatchOtter")
    social.type("4")
    assert social.wait_for_text("---- 6 replies")
    keys(social, "r")
    assert screen.contains("Reply to the thread", "Your name")
    keys(social, "Bea\rThe bus is running again on Hill Road\r")
    assert screen.contains("Posted.")
    social.type(" ")
    assert social.wait_for_text("---- 7 replies")
    assert social.wait_for_text("The bus is running again")
    assert screen.contains("@Bea  today, a visitor")
    assert store.replies(snow.id, limit=10)[-1].text == "The bus is running again on Hill Road"
    social.type("t")
    assert social.wait_for_input()
    assert screen.contains("Posting as @Bea", "RT @SnowWatchOtter: Snow day thread")
    keys(social, "\r")
    retweet = store.list("social")[0]
    assert retweet.author == "Bea" and retweet.text == ("RT @SnowWatchOtter: " + snow.text)[:140]


def test_blocked_words_are_refused_with_a_message(social, store):
    screen = social.terminal
    keys(social, "cZed\rthis is shit")
    keys(social, "\r")
    assert screen.contains("Not posted: it has a word the wall does not allow")
    assert screen.contains("this is shit")                # kept, to change
    assert not [p for p in store.list("social", limit=50) if p.author == "Zed"]
    keys(social, "\x08" * 4 + "fine\r")
    assert screen.contains("Posted.")
    assert store.list("social")[0].text == "this is fine"


def test_a_full_disk_gives_the_message_and_the_program_goes_on(social, store):
    fill(store)
    keys(social, "cAnn\rhello everyone\r")
    assert social.terminal.contains("Not posted: the store is full or failing. "
                                    "Please tell a member of staff.")
    keys(social, "\x03")                                  # Ctrl+C: a clean start
    assert social.terminal.contains("Home timeline", "@DeskFollowOtter")


def test_a_hidden_post_disappears_from_the_client(social, store, live):
    thread = live.thread()
    assert thread is not None
    store.hide(thread.id)
    keys(social, "n")
    assert not social.terminal.contains("CarersConfDesk")
    assert social.terminal.contains("[2] @DLAStoriesFern")
    # Hidden while the visitor is reading it: it goes from the open thread too.
    social.type("2")
    assert social.wait_for_text("---- 4 replies")
    ombh = next(p for p in store.list("social", limit=50) if p.author == "DLAStoriesFern")
    store.hide(ombh.id)
    assert social.wait_for_text("That post is no longer here.")


def test_escape_sequences_in_the_store_never_reach_the_screen(social, store):
    # A store file written by something else (the store itself refuses these).
    db = sqlite3.connect(store.path)
    db.execute("INSERT INTO posts (board, author, text, created) VALUES "
               "('social', 'Evil\x1b[2J', 'BOOM\x1b[2J\x1b]0;owned\x07\x9b31m\x07end', "
               "'2026-01-01 10:00:00')")
    db.commit()
    db.close()
    keys(social, "r")
    screen = social.terminal
    # The escapes arrive as harmless '?' characters: nothing cleared, nothing coloured.
    assert screen.contains("SOCIAL", "Home timeline", "@Evil?[2J", "BOOM?[2J?]0;owned??31m?end",
                           "[2] @DeskFollowOtter")
    assert "\x1b" not in screen.text()


def test_ctrl_c_starts_clean_and_forgets_the_name(social):
    keys(social, "cAnn\r")
    assert social.terminal.contains("Posting as @Ann")
    keys(social, "\x03c")
    assert social.terminal.contains("Your name")


def test_seeded_posts_fit_and_pass_moderation(store, stop):
    seeds = stream_seeds(stop)
    assert seed_if_empty(store, "social", seeds) == sum(1 + len(s.replies) for s in seeds)
    for post in store.export():
        assert len(post["text"]) <= 140
        # Every seeded post is dated in its event, none after 2011.
        assert post["created"] < "2011-02-03"


def test_seeding_takes_its_posts_as_data_and_orders_them_by_date(store):
    late = Seed("LaterAccount", "second", dt.datetime(2011, 1, 2, tzinfo=dt.UTC))
    early = Seed("EarlyAccount", "first", dt.datetime(2011, 1, 1, tzinfo=dt.UTC),
                 replies=(Seed("ReplyAccount", "a reply", dt.datetime(2011, 1, 1, 9,
                                                                  tzinfo=dt.UTC)),))
    assert seed_if_empty(store, "board", []) == 0
    assert seed_if_empty(store, "board", [late, early]) == 3
    assert [p.author for p in store.list("board")] == ["LaterAccount", "EarlyAccount"]
    assert seed_if_empty(store, "board", [late]) == 0       # a board with posts is left alone


def test_without_a_store_the_program_says_it_is_offline():
    stop = next(s for s in load_timeline() if s.id == "social")
    machine = machine_for(stop, mhz=None)
    machine.start()
    try:
        assert machine.wait_for_input()
        assert machine.terminal.contains("The conversation is offline: this machine has no "
                                         "post store.", "Press a key to try again.")
        machine.type("x")
        assert machine.wait_for_input()
        assert machine.terminal.contains("The conversation is offline")
    finally:
        machine.stop()


async def test_the_app_opens_one_store_for_the_social_stop_and_closes_it(tmp_path):
    from exhibit.app import ExhibitApp

    app = ExhibitApp(load_timeline(), start_stop="social", turbo=True, data=tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        machine = app.screen.machine
        assert machine is not None and machine.host.store is app.store
        assert app.store is not None and app.store.path == tmp_path / "posts.db"
        assert machine.wait_for_text("@DeskFollowOtter")
        feed = live_feed_for(app.screen.stop_info, app.store)
        assert feed is not None
        live = feed.thread()
        assert live is not None and live.replies == 2
        app.screen.panel.live_step()            # what the panel's timer does
        assert app.store.get(live.id).replies == 3
        await pilot.press("pagedown")           # on to the wall: the same store
        await pilot.pause()
        assert app.screen.stop_info.id == "wall"
        assert not machine.running
    assert app._store is None                   # closed on exit

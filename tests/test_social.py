"""SOCIAL, the social stop's 140-character client, reading and writing the real post store."""

from __future__ import annotations

import sqlite3

import pytest

from emulator.social_seed import LIVE_QUEUE, STREAM, LiveFeed, seed_if_empty
from emulator.store import PostStore
from exhibit.machines import machine_for
from tests.test_moderation_store import fill
from timeline import load_timeline


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


@pytest.fixture
def social(store):
    """The social stop's own machine (its stop file's [machine] table), flat out."""
    stop = next(s for s in load_timeline() if s.id == "social")
    machine = machine_for(stop, store=store, mhz=None)
    machine.start()
    assert machine.wait_for_input()
    yield machine
    machine.stop()


def keys(machine, text: str) -> None:
    machine.type(text)
    assert machine.wait_for_input()


def test_the_stop_seeds_its_stream_once_and_the_program_reads_it(social, store):
    screen = social.terminal
    assert social.profile.board == "social" and social.profile.boot == "SOCIAL"
    assert screen.contains("SOCIAL", "Home timeline", "[1] @CarersLiveDesk  14/02/2011",
                           "LIVE: carers' conference", "[2] @SnowWatchNorth", "replies: 6",
                           "[3] @StoryHub", "#OneMonthBeforeHeartbreak")
    assert seed_if_empty(store, "social") == 0            # only ever once
    # Nothing is written into the program: a post added to the store shows.
    store.add("social", "Newcomer", "Fresh from the store")
    keys(social, "r")
    assert screen.contains("[1] @Newcomer", "Fresh from the store", "[2] @CarersLiveDesk")
    # Older pages, and back.
    keys(social, "n")
    assert screen.contains("#NTofW2011") and not screen.contains("@Newcomer")
    keys(social, "p")
    assert screen.contains("[1] @Newcomer")


def test_long_posts_wrap_between_words(social):
    text = social.terminal.text()
    assert "    LIVE: carers' conference with a video link. Can't travel? Ask the speakers\n" \
           "    your questions here" in text


def test_new_questions_appear_while_the_visitor_watches(social, store):
    social.type("1")
    assert social.wait_for_text("---- 2 replies")
    assert social.terminal.contains("@CarerSam", "Q: I care for my dad")
    feed = LiveFeed(store)
    for _author, text in LIVE_QUEUE[:3]:
        assert feed.step() is not None
        # No key pressed: the program looks again by itself.
        assert social.wait_for_text(text[:40]), text
    assert social.terminal.contains("---- 5 replies ----", "@NightShiftNia  14/02/2011 14:17")
    # Only the newest five fit; the first has scrolled to an older page.
    feed.step()
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
    snow = next(p for p in store.list("social") if p.author == "SnowWatchNorth")
    social.type("2")
    assert social.wait_for_text("---- 6 replies")
    keys(social, "r")
    assert screen.contains("Reply to the thread", "Your name")
    keys(social, "Bea\rThe bus is running again on Hill Road\r")
    assert screen.contains("Posted.")
    social.type(" ")
    assert social.wait_for_text("---- 7 replies")
    assert social.wait_for_text("The bus is running again")   # drawn below the count
    assert screen.contains("@Bea", "The bus is running again")
    assert store.replies(snow.id, limit=10)[-1].text == "The bus is running again on Hill Road"
    social.type("t")
    assert social.wait_for_input()
    assert screen.contains("Posting as @Bea", "RT @SnowWatchNorth: Snow day thread")
    keys(social, "\r")
    retweet = store.list("social")[0]
    assert retweet.author == "Bea" and retweet.text == ("RT @SnowWatchNorth: " + snow.text)[:140]


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
    assert social.terminal.contains("Home timeline", "@CarersLiveDesk")


def test_a_hidden_post_disappears_from_the_client(social, store):
    live = LiveFeed(store).thread()
    assert live is not None
    store.hide(live.id)
    keys(social, "r")
    assert not social.terminal.contains("CarersLiveDesk")
    assert social.terminal.contains("[1] @SnowWatchNorth")
    # Hidden while the visitor is reading it: it goes from the open thread too.
    snow = store.list("social")[0]
    social.type("1")
    assert social.wait_for_text("---- 6 replies")
    store.hide(snow.id)
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
                           "[2] @CarersLiveDesk")
    assert "\x1b" not in screen.text()


def test_ctrl_c_starts_clean_and_forgets_the_name(social):
    keys(social, "cAnn\r")
    assert social.terminal.contains("Posting as @Ann")
    keys(social, "\x03c")
    assert social.terminal.contains("Your name")


def test_seeded_posts_fit_and_pass_moderation(store):
    assert seed_if_empty(store, "social") == sum(1 + len(s.replies) for s in STREAM)
    assert seed_if_empty(store, "wall") == 0
    for post in store.export():
        assert len(post["text"]) <= 140


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
        assert machine.wait_for_text("@CarersLiveDesk")
        live = LiveFeed(app.store).thread()
        assert live is not None and live.replies == 2
        app.screen.live_step()                  # what the stop's timer does
        assert app.store.get(live.id).replies == 3
        await pilot.press("pagedown")           # on to the wall: the same store
        await pilot.pause()
        assert app.screen.stop_info.id == "wall"
        assert not machine.running
    assert app._store is None                   # closed on exit

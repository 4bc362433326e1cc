"""Moderation: plain text only, 140 characters, blocked words, on every path into the store."""

from __future__ import annotations

import pytest
from test_emulator_host import request, s

from emulator.host import Command, HostServices, Status
from emulator.moderation import MAX_POST, REFUSED, WORDS_FILE, WordList, check, clean
from emulator.store import PostRefused, PostStore, open_store


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as st:
        yield st


@pytest.mark.parametrize("raw, plain", [
    ("\x1b[2Jwiped", "wiped"),                           # CSI erase display
    ("red \x1b[31mtext\x1b[0m", "red text"),             # SGR colours
    ("\x1b]0;owned\x07title", "title"),                  # OSC set window title
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
    ("\x9b2Jeight-bit", "eight-bit"),                    # 8-bit CSI
    ("\x1bcreset", "reset"),                             # RIS, a full reset
    ("\x1b(0lines", "lines"),                            # DEC line drawing
    ("bell\x07 and nul\x00", "bell and nul"),
    ("two\nlines\r\nhere\ttab", "two lines here tab"),
    ("right\u202eleft", "rightleft"),                    # bidi override
    ("  spaced   out  ", "spaced out"),
    ("Café, naïve, 😀", "Café, naïve, 😀"),              # letters and emoji stay
])
def test_clean_leaves_plain_text(raw, plain):
    assert clean(raw) == plain
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in clean(raw))


def test_shipped_words_match_whole_words_however_spelt():
    words = WordList()
    for rude in ("shit", "You SHIT", "sh1t!", "f*ck off", "what a twat",
                 "kill yourself", "kill   yourself"):
        assert words.blocked(rude), rude
    # Whole words only: places and ordinary words are not caught.
    for fine in ("Scunthorpe", "Penistone", "classic", "assessment", "Hello from 2026",
                 "cocktail", "Shitake mushrooms"):
        assert words.blocked(fine) is None, fine


def test_a_curator_adds_words_in_the_data_folder(tmp_path):
    (tmp_path / WORDS_FILE).write_text("# local words\nmeanie\nbig  baddie  # two words\n\n",
                                       encoding="utf-8")
    words = WordList.load(tmp_path)
    assert words.blocked("what a Meanie")
    assert words.blocked("a big baddie here")
    assert words.blocked("shit")                         # the shipped list still applies
    assert WordList.load(tmp_path / "missing").blocked("meanie") is None


def test_check_gives_one_clear_line():
    assert check("") == "The post is empty. Type something first."
    assert "141 characters; 140 fit" in (check("x" * (MAX_POST + 1)) or "")
    assert check("x" * MAX_POST) is None
    assert check("you shit") == REFUSED


def test_the_store_refuses_blocked_words_on_every_write(store):
    with pytest.raises(PostRefused, match="does not allow"):
        store.add("wall", "Ann", "you shit")
    with pytest.raises(PostRefused):
        store.add("wall", "shit", "hello")               # the name too
    post = store.add("wall", "Ann", "hello")
    with pytest.raises(PostRefused):
        store.reply(post.id, "Bo", "you TWAT")
    assert store.count("wall") == 1 and store.replies(post.id) == []


def test_open_store_reads_the_curators_file(tmp_path):
    (tmp_path / WORDS_FILE).write_text("rhubarb\n", encoding="utf-8")
    with open_store(tmp_path) as st:
        with pytest.raises(PostRefused):
            st.add("wall", "Ann", "Rhubarb!")


def test_host_create_and_reply_refused_with_their_own_status(store):
    host = HostServices(store, board="social")
    status, _ = request(host, Command.CREATE, s(b"Ann") + s(b"what a wanker"))
    assert status == Status.REFUSED == 8
    status, answer = request(host, Command.CREATE, s(b"Ann") + s(b"hello"))
    assert status == Status.OK
    status, _ = request(host, Command.REPLY, answer + s(b"Bo") + s(b"sh1t"))
    assert status == Status.REFUSED
    assert [p.text for p in store.list("social")] == ["hello"]
    assert store.replies(int.from_bytes(answer, "little")) == []

"""PostStore: posts and replies in SQLite, paged newest first, moderated, durable."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from emulator.store import SCHEMA_VERSION, PostError, PostStore


@pytest.fixture
def store(tmp_path):
    with PostStore(tmp_path / "posts.db") as s:
        yield s


def test_add_list_newest_first_with_paging(store):
    ids = [store.add("wall", f"V{n}", f"post {n}").id for n in range(5)]
    assert [p.id for p in store.list("wall")] == ids[::-1]
    assert [p.text for p in store.list("wall", offset=1, limit=2)] == ["post 3", "post 2"]
    assert store.list("wall", offset=5) == []
    assert store.count("wall") == 5
    assert store.list("social") == []
    with pytest.raises(PostError):
        store.list("wall", limit=0)


def test_get_reply_and_counts(store):
    when = dt.datetime(2011, 1, 20, 9, 0, tzinfo=dt.UTC)
    post = store.add("social", "Ann", "Snow day: who is open?", created=when)
    r1 = store.reply(post.id, "Bo", "The library is")
    r2 = store.reply(post.id, "Cy", "So is the cafe")
    got = store.get(post.id)
    assert got is not None
    assert (got.author, got.created, got.replies, got.reply_to) == ("Ann", when, 2, None)
    assert [r.id for r in store.replies(post.id)] == [r1.id, r2.id]      # oldest first
    assert r1.board == "social" and r1.reply_to == post.id
    # Replies are not top-level posts.
    assert [p.id for p in store.list("social")] == [post.id]
    with pytest.raises(PostError, match="no post 999"):
        store.reply(999, "Dee", "Hello?")


def test_hide_and_delete(store):
    post = store.add("wall", "Ann", "Fine words")
    rude = store.add("wall", "Troll", "Rude words")
    reply = store.reply(rude.id, "Bo", "Steady on")
    assert store.hide(rude.id)
    assert [p.id for p in store.list("wall")] == [post.id]
    assert store.get(rude.id) is None
    assert store.get(rude.id, include_hidden=True).hidden
    assert [p.id for p in store.list("wall", include_hidden=True)] == [rude.id, post.id]
    with pytest.raises(PostError):
        store.reply(rude.id, "Cy", "Replying to a hidden post")
    assert store.hide(rude.id, hidden=False)
    assert store.get(rude.id) is not None
    assert store.delete(rude.id)
    assert store.get(reply.id, include_hidden=True) is None        # replies go with it
    assert not store.delete(rude.id)
    assert not store.hide(12345)


@pytest.mark.parametrize("author, text, message", [
    ("", "hi", "author is empty"),
    ("Ann", "   ", "text is empty"),
    ("A" * 25, "hi", "at most 24"),
    ("Ann", "x" * 241, "at most 240"),
    ("Ann", "bell\x07", "control character"),
    ("Ann", "\x1b[2Jwiped", "control character"),
])
def test_bad_posts_are_refused_with_a_reason(store, author, text, message):
    with pytest.raises(PostError, match=message):
        store.add("wall", author, text)
    assert store.count("wall") == 0


def test_bad_board_names(store):
    for board in ("", "a b", "x" * 33, "../etc"):
        with pytest.raises(PostError):
            store.add(board, "Ann", "hi")


def test_export_has_every_row_and_boards(store):
    store.add("wall", "Ann", "One")
    hidden = store.add("social", "Bo", "Two")
    store.hide(hidden.id)
    rows = store.export()
    assert [(r["board"], r["author"], r["hidden"]) for r in rows] == [
        ("wall", "Ann", False), ("social", "Bo", True)]
    assert set(rows[0]) == {"id", "board", "author", "text", "reply_to", "created", "hidden",
                            "answer", "pending", "uid", "kiosk"}
    assert store.boards() == ["social", "wall"]


def test_wal_schema_version_and_reopen(tmp_path):
    path = tmp_path / "posts.db"
    with PostStore(path) as s:
        s.add("wall", "Ann", "Still here")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(PostError, match="newer exhibit"):
        PostStore(path)


def test_answers_are_flagged_and_pending_posts_wait_for_a_curator(store):
    store.add("social", "Ann", "Snow again")                         # not an answer
    first = store.add("wall", "Bo", "Ask before you post", answer=True)
    held = store.add("wall", "Cy", "Phone your gran", answer=True, pending=True)
    assert [p.id for p in store.answers()] == [first.id]
    assert store.count_answers() == 1
    assert [p.id for p in store.pending()] == [held.id]
    assert store.get(held.id) is None                                # nobody but the moderator
    assert store.get(held.id, include_hidden=True).pending
    with pytest.raises(PostError):
        store.reply(held.id, "Di", "me too")
    assert store.approve(held.id)
    assert [p.id for p in store.answers()] == [held.id, first.id]
    assert store.pending() == []
    assert not store.approve(9999)
    row = store.export()[1]
    assert (row["answer"], row["pending"]) == (True, False)


def test_a_schema_1_file_is_upgraded_in_place(tmp_path):
    """The store as the exhibit wrote it before answers and pre-moderation."""
    path = tmp_path / "posts.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, board TEXT NOT NULL,
            author TEXT NOT NULL, text TEXT NOT NULL,
            reply_to INTEGER REFERENCES posts(id) ON DELETE CASCADE,
            created TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX posts_by_board ON posts (board, reply_to, id);
        CREATE INDEX posts_by_parent ON posts (reply_to, id);
        INSERT INTO posts (board, author, text, created) VALUES ('wall', 'Ann', 'Old answer', '2026-01-02 10:00:00');
        INSERT INTO posts (board, author, text, created) VALUES ('social', 'Bo', 'Old tweet', '2026-01-02 10:01:00');
        INSERT INTO posts (board, author, text, reply_to, created)
            VALUES ('wall', 'Cy', 'A reply', 1, '2026-01-02 10:02:00');
        PRAGMA user_version=1;
    """)
    db.close()
    with PostStore(path) as s:
        assert [p.text for p in s.answers()] == ["Old answer"]
        assert s.count("social") == 1 and s.pending() == []
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    db.close()


def test_a_killed_process_loses_nothing_it_confirmed(tmp_path):
    path = tmp_path / "posts.db"
    code = (f"from emulator.store import PostStore\n"
            f"s = PostStore({str(path)!r})\n"
            f"s.add('wall', 'Ann', 'Written before the kill')\n"
            f"print('done', flush=True)\n"
            f"import os; os._exit(9)\n")     # no close, no cleanup
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "done"
    with PostStore(path) as s:
        assert [p.text for p in s.list("wall")] == ["Written before the kill"]


def test_the_store_is_shared_between_threads(store):
    import threading

    def write(n: int) -> None:
        for i in range(20):
            store.add("wall", f"T{n}", f"post {i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count("wall") == 80


def test_a_file_that_is_not_a_store_is_one_clear_error(tmp_path):
    path = tmp_path / "posts.db"
    path.write_bytes(b"this is a letter, not a database" * 100)
    with pytest.raises(PostError, match="is not a post store the exhibit can use"):
        PostStore(path)
    with pytest.raises(PostError, match="cannot open the post store"):
        PostStore(tmp_path / "no" / "such" / "folder" / "posts.db")


def test_open_store_makes_its_folder(tmp_path):
    from emulator import open_store

    with open_store(tmp_path / "data" / "exhibit") as s:
        s.add("wall", "Ann", "Hello")
    assert (tmp_path / "data" / "exhibit" / "posts.db").is_file()
    (tmp_path / "file").write_text("x")
    with pytest.raises(PostError, match="cannot make the data folder"):
        open_store(tmp_path / "file" / "sub")

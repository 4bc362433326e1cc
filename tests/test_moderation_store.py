"""The store under stress: a process killed mid-burst, and a full disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_emulator_host import request, s

from emulator.host import Command, HostServices, Status
from emulator.store import DISK_FULL, PostStore, StoreFailed

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent("""
    import sys
    from emulator.store import PostStore
    store = PostStore(sys.argv[1])
    i = 0
    while True:
        post = store.add("wall", "Burst", f"post number {i}")
        if i % 3 == 0:
            store.reply(post.id, "Echo", f"reply to {i}")
        # Printed only once add() has returned: the post is committed.
        print(post.id, i, flush=True)
        i += 1
""")


def fill(store: PostStore) -> None:
    """Make the store's file full: SQLite's own size limit fails a write with
    SQLITE_FULL ("database or disk is full"), exactly as a full disk does."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count={pages + 1}")
    with pytest.raises(StoreFailed):
        for i in range(5000):
            store.add("wall", "Filler", f"{i:04d} " + "x" * 200)
    # Then the smallest post there is, until not even that fits.
    with pytest.raises(StoreFailed):
        for _ in range(5000):
            store.add("wall", "A", "a")


def test_kill_9_during_a_burst_keeps_every_committed_post(tmp_path):
    path = tmp_path / "posts.db"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed: dict[int, int] = {}
    for line in child.stdout:                 # the burst is under way...
        post_id, i = map(int, line.split())
        committed[post_id] = i
        if len(committed) == 150:
            child.send_signal(signal.SIGKILL)   # ...and the power goes mid-write
            break
    committed.update((int(a), int(b)) for a, b in (ln.split() for ln in child.stdout))
    assert child.wait() == -signal.SIGKILL

    with PostStore(path) as store:
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for post_id, i in committed.items():
            post = store.get(post_id)
            assert post is not None and post.text == f"post number {i}", post_id
            if i % 3 == 0:
                assert [r.text for r in store.replies(post_id)] == [f"reply to {i}"]
        # Nothing half-made: every row is a whole post, numbered in order.
        rows = store.export()
        posts = [r for r in rows if r["reply_to"] is None]
        assert [r["text"] for r in posts] == [f"post number {n}" for n in range(len(posts))]
        assert len(posts) >= len(committed)
        store.add("wall", "After", "still writable")


def test_a_full_disk_says_so_and_the_store_goes_on(tmp_path):
    with PostStore(tmp_path / "posts.db") as store:
        first = store.add("wall", "Ann", "before the disk filled")
        fill(store)
        with pytest.raises(StoreFailed) as refused:
            store.add("wall", "Ann", "one more")
        assert str(refused.value) == DISK_FULL
        assert "disk is full" in DISK_FULL and "staff" in DISK_FULL
        # Reading still works, and nothing half-written is left.
        assert store.get(first.id) is not None
        assert not store._db.in_transaction
        before = store.count("wall")
        # Room again (staff cleared the disk): writing carries on.
        store._db.execute("PRAGMA max_page_count=1073741823")
        store.add("wall", "Ann", "after")
        assert store.count("wall") == before + 1


def test_a_full_disk_is_host_error_to_a_program(tmp_path):
    with PostStore(tmp_path / "posts.db") as store:
        fill(store)
        host = HostServices(store, board="wall")
        status, answer = request(host, Command.CREATE, s(b"Ann") + s(b"hello"))
        assert (status, answer) == (Status.HOST_ERROR, b"")
        status, answer = request(host, Command.LIST, b"\x00\x00\x01")
        assert status == Status.OK and answer[0] == 1      # reading goes on


def test_a_locked_store_is_a_clear_message_too(tmp_path):
    path = tmp_path / "posts.db"
    with PostStore(path) as store:
        store._db.execute("PRAGMA busy_timeout=0")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")          # another writer holds the lock
        try:
            with pytest.raises(StoreFailed, match="could not save the post"):
                store.add("wall", "Ann", "hello")
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.add("wall", "Ann", "hello")

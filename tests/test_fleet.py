"""A museum's fleet: kiosks sharing one wall and one set of figures on a real PostgreSQL.

The server is the session's ``pg`` (pgserver's PostgreSQL 16, started by the
tests themselves); every test has a fresh database. Kiosks reach it through
a ``Link`` the test can cut, as a pulled cable would.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import psycopg
import pytest
from pg import ROOT, Link, fleet_sql
from pilot_helpers import until
from textual.widgets import DataTable

from emulator.moderation import REFUSED
from emulator.store import (
    SCHEMA_VERSION,
    PostError,
    PostRefused,
    PostStore,
    StoreFailed,
    open_store,
)
from emulator.store.outbox import LOCAL_BASE, FleetStore
from emulator.store.postgres import PgStore, redact
from exhibit.__main__ import main
from exhibit.app import ExhibitApp
from exhibit.screens.wall import ModerateApp
from exhibit.visits import VisitLog
from exhibit.widgets.wall import WallView
from timeline import load_timeline

SIZE = (160, 50)


@pytest.fixture
def link(pg):
    link = Link(pg.socket_path())
    yield link
    link.cut()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path):
    """The same tests on one machine's file and on the server: the same rules."""
    if request.param == "sqlite":
        store = PostStore(tmp_path / "posts.db")
    else:
        store = PgStore(request.getfixturevalue("pg_url"))
    yield store
    store.close()


@pytest.fixture
def fleet_roles(pg):
    """The roles deploy/fleet.md makes (once a server: roles belong to the whole server)."""
    if not pg.roles_made:
        with pg.admin() as db:
            db.execute(fleet_sql("roles").replace("CREATE DATABASE exhibit OWNER exhibit_owner;", ""))
        pg.roles_made = True


@pytest.fixture
def fleet_db(pg, fleet_roles):
    """A database made as deploy/fleet.md says: its roles, the owner's tables, the grants."""
    name = pg.new_database(owner="exhibit_owner")
    PgStore(pg.url(name, "exhibit_owner")).close()           # step 2: the owner makes the tables
    with psycopg.connect(pg.url(name, "exhibit_owner"), autocommit=True) as db:
        db.execute(fleet_sql("grants"))
    return name


def fleet(url: str, folder, name: str) -> FleetStore:
    store = open_store(folder, url=url, kiosk=name)
    assert isinstance(store, FleetStore)
    return store


# -- the same rules on both back ends --------------------------------------------------


def test_posts_replies_paging_and_moderation_behave_the_same(any_store):
    s = any_store
    ids = [s.add("wall", f"V{n}", f"answer {n}", answer=True).id for n in range(5)]
    s.add("social", "Ann", "Snow day")
    assert [p.id for p in s.answers(offset=1, limit=2)] == [ids[3], ids[2]]
    assert s.count_answers() == 5 and s.count("social") == 1
    reply = s.reply(ids[0], "Bo", "Agreed")
    assert s.get(ids[0]).replies == 1 and s.replies(ids[0])[0].id == reply.id
    assert s.hide(ids[4])
    assert s.get(ids[4]) is None and s.get(ids[4], include_hidden=True).hidden
    assert s.count_answers() == 4
    held = s.add("wall", "Cy", "Held back", answer=True, pending=True)
    assert [p.id for p in s.pending()] == [held.id] and s.count_answers() == 4
    assert s.approve(held.id) and s.answers()[0].id == held.id
    assert s.delete(ids[0]) and s.get(reply.id, include_hidden=True) is None
    assert s.count_answers() == 4                     # 5 - hidden + approved - deleted
    assert s.hide(ids[4], False) and s.count_answers() == 5
    assert s.hide(ids[4]) and s.hide(ids[4]) and s.count_answers() == 4    # hidden twice: once
    assert s.boards() == ["social", "wall"]
    row = s.export()[0]
    assert row["created"][:2] == "20" and isinstance(row["hidden"], bool)


@pytest.mark.parametrize("author, text, answer, message", [
    ("Ann", "x" * 141, True, "at most 140"),         # a visitor's answer is a 2011 tweet
    ("Ann", "x" * 241, False, "at most 240"),
    ("Ann", "\x1b[2Jwiped", False, "control character"),
    ("", "hi", False, "author is empty"),
])
def test_a_bad_post_is_refused_by_both(any_store, author, text, answer, message):
    with pytest.raises(PostError, match=message):
        any_store.add("wall", author, text, answer=answer)
    with pytest.raises(PostRefused, match=REFUSED[:20]):
        any_store.add("wall", "Ann", "what a load of bollocks", answer=True)
    assert any_store.count("wall", include_hidden=True) == 0
    assert len(any_store.add("wall", "Ann", "x" * 140, answer=True).text) == 140


def test_a_record_sent_twice_is_kept_once(any_store):
    first = any_store.add("wall", "Ann", "Once only", answer=True, uid="abc123")
    again = any_store.put(first)
    assert again is not None and again.id == first.id
    assert any_store.count_answers() == 1
    any_store.record_session("s1", "foyer", 1.0)
    any_store.record_session("s1", "foyer", 1.0)
    any_store.record_visit("v1", "foyer", "s1", "memo", 1.0, 9.0, True)
    any_store.record_visit("v1", "foyer", "s1", "memo", 1.0, 9.0, True)
    figures = any_store.figures("foyer")
    assert figures.sessions == 1 and figures.stops[0].opened == 1


# -- schema versions and migrations ----------------------------------------------------


def test_the_server_gets_the_schema_once_and_refuses_a_newer_one(pg_url):
    PgStore(pg_url).close()
    PgStore(pg_url).close()                                      # a second open changes nothing
    with psycopg.connect(pg_url, autocommit=True) as db:
        assert db.execute("SELECT version FROM exhibit_schema").fetchall() == [(SCHEMA_VERSION,)]
        db.execute("UPDATE exhibit_schema SET version = version + 1")
    with pytest.raises(PostError, match="newer exhibit"):
        PgStore(pg_url)


SCHEMA_1 = """
    CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, board TEXT NOT NULL,
        author TEXT NOT NULL, text TEXT NOT NULL,
        reply_to INTEGER REFERENCES posts(id) ON DELETE CASCADE,
        created TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0);
    INSERT INTO posts (board, author, text, created)
        VALUES ('wall', 'Ann', 'Old answer', '2026-01-02 10:00:00');
    INSERT INTO posts (board, author, text, reply_to, created)
        VALUES ('wall', 'Bo', 'A reply', 1, '2026-01-02 10:01:00');
    PRAGMA user_version=1;
"""

SCHEMA_2 = """
    CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, board TEXT NOT NULL,
        author TEXT NOT NULL, text TEXT NOT NULL,
        reply_to INTEGER REFERENCES posts(id) ON DELETE CASCADE,
        created TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0,
        answer INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0);
    INSERT INTO posts (board, author, text, created, answer)
        VALUES ('wall', 'Ann', 'Old answer', '2026-01-02 10:00:00', 1);
    INSERT INTO posts (board, author, text, reply_to, created)
        VALUES ('wall', 'Bo', 'A reply', 1, '2026-01-02 10:01:00');
    INSERT INTO posts (board, author, text, created, answer, pending)
        VALUES ('wall', 'Cy', 'Held', '2026-01-02 10:02:00', 1, 1);
    PRAGMA user_version=2;
"""


@pytest.mark.parametrize("schema", [SCHEMA_1, SCHEMA_2], ids=["schema-1", "schema-2"])
def test_an_older_sqlite_file_is_brought_to_the_fleets_schema(tmp_path, schema):
    path = tmp_path / "posts.db"
    db = sqlite3.connect(path)
    db.executescript(schema)
    db.close()
    with PostStore(path, kiosk="foyer") as s:
        assert [p.text for p in s.answers()] == ["Old answer"]
        rows = s.export()
        assert len({r["uid"] for r in rows}) == len(rows) and all(r["uid"] for r in rows)
        # A post the old file held can be named by uid, as an outbox does.
        again = s.put(s.get(1), reply_to_uid=None)
        assert again is not None and again.id == 1 and s.count_answers() == 1
        s.record_session("s1", "foyer", 1.0)                 # the figures' tables are there
        assert s.figures().sessions == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


# -- least privilege ---------------------------------------------------------------------


def test_the_kiosk_role_may_add_and_read_but_never_delete_or_change(pg, fleet_db):
    kiosk = PgStore(pg.url(fleet_db, "exhibit_kiosk"), kiosk="foyer")
    curator = PgStore(pg.url(fleet_db, "exhibit_curator"))
    try:
        post = kiosk.add("wall", "Ann", "From the foyer", answer=True)
        kiosk.reply(post.id, "Bo", "Hello foyer")
        kiosk.record_session("s1", "foyer", 1.0)
        kiosk.record_visit("v1", "foyer", "s1", "wall", 1.0, 5.0, False)
        assert [p.id for p in kiosk.answers()] == [post.id]
        with pytest.raises(StoreFailed, match="may not"):
            kiosk.delete(post.id)
        with pytest.raises(StoreFailed, match="may not"):
            kiosk.hide(post.id)
        with pytest.raises(StoreFailed, match="may not"):
            kiosk._write("DELETE FROM stop_visits")
        assert curator.figures().sessions == 1
        assert curator.hide(post.id) and kiosk.answers() == []
        with pytest.raises(StoreFailed, match="may not"):
            curator.add("wall", "Cur", "Curators moderate, kiosks post")
        assert curator.delete(post.id) and kiosk.count("wall", include_hidden=True) == 0
    finally:
        kiosk.close()
        curator.close()


def test_a_kiosk_role_cannot_make_the_tables_and_says_who_can(pg, fleet_roles):
    pg_db = pg.new_database(owner="exhibit_owner")
    with pytest.raises(PostError, match="open it once as its owner"):
        PgStore(pg.url(pg_db, "exhibit_kiosk"))


# -- live: two kiosks on one server ---------------------------------------------------


def wall_text(app: ExhibitApp) -> str:
    """What the wall shows now, without asking it to read again."""
    return app.screen.query_one(WallView).query_one("#wall-posts").render().plain  # type: ignore


async def test_two_kiosks_see_each_others_posts_and_hides(pg, link, fleet_db, tmp_path):
    url = link.url(fleet_db, "exhibit_kiosk")
    foyer = fleet(url, tmp_path / "foyer", "foyer")
    gallery = fleet(url, tmp_path / "gallery", "gallery")
    curator = PgStore(link.url(fleet_db, "exhibit_curator"))
    assert foyer.wait_online(10) and gallery.wait_online(10)
    a = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=foyer)
    b = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=gallery)
    try:
        async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
            await pa.pause()
            await pb.pause()
            assert "Nobody has posted yet" in wall_text(b)
            await pa.click("#wall-text")
            await pa.press(*"Hello from the foyer", "enter")
            assert "Hello from the foyer" in wall_text(a)
            # The gallery's wall is told, and reads its page again by itself.
            assert await until(pb, lambda: "Hello from the foyer" in wall_text(b))
            await pb.click("#wall-text")
            await pb.press(*"And from the gallery", "enter")
            assert await until(pa, lambda: "And from the gallery" in wall_text(a))
            # The curator hides the foyer's post on the server: gone from both walls.
            post = next(p for p in curator.answers() if p.kiosk == "foyer")
            assert curator.hide(post.id)
            assert await until(pa, lambda: "Hello from the foyer" not in wall_text(a))
            assert await until(pb, lambda: "Hello from the foyer" not in wall_text(b))
            assert "And from the gallery" in wall_text(a)
    finally:
        foyer.close()
        gallery.close()
        curator.close()


# -- outages lose nothing -----------------------------------------------------------------


def test_posts_and_figures_wait_in_the_outbox_and_go_exactly_once(pg, link, fleet_db, tmp_path):
    url = link.url(fleet_db, "exhibit_kiosk")
    server = PgStore(pg.url(fleet_db, "exhibit_owner"))
    kiosk = fleet(url, tmp_path, "learning")
    try:
        assert kiosk.wait_online(10)
        seen = kiosk.add("wall", "Ann", "Before the outage", answer=True)
        # The wall reads its page and its count (and the kiosk remembers both).
        assert kiosk.answers()[0].id == seen.id < LOCAL_BASE and kiosk.count_answers() == 1

        link.cut()                                             # the cable is pulled
        log = VisitLog(kiosk, kiosk="learning")
        log.open_stop("memo")
        mine = kiosk.add("wall", "Bo", "During the outage", answer=True)
        reply = kiosk.reply(mine.id, "Cy", "A reply, also waiting")
        log.open_stop("wall")
        log.close()
        assert mine.id >= LOCAL_BASE and not kiosk.online
        # The wall: what it last saw plus its own, with nothing to alarm a visitor.
        assert [p.text for p in kiosk.answers()] == ["During the outage", "Before the outage"]
        assert kiosk.count_answers() == 2
        assert [p.id for p in kiosk.replies(mine.id)] == [reply.id]
        assert server.count_answers() == 1 and server.figures().sessions == 0
        with pytest.raises(StoreFailed, match="out of reach"):
            kiosk.hide(seen.id)                               # moderation needs the server
        assert len(kiosk.outbox.waiting()) == 5                # 2 posts, 1 session, 2 visits

        link.mend()                                            # the server is back
        assert kiosk.wait_online(10)
        for _ in range(100):
            if not kiosk.outbox.waiting():
                break
            kiosk.flush()
        assert kiosk.outbox.waiting() == []
        kiosk.flush()                                          # a second send adds nothing
        answers = server.answers()
        assert [p.text for p in answers] == ["During the outage", "Before the outage"]
        assert [r.text for r in server.replies(answers[0].id)] == ["A reply, also waiting"]
        figures = server.figures("learning")
        assert figures.sessions == 1 and sorted(s.stop for s in figures.stops) == ["memo", "wall"]
        assert [p.id for p in kiosk.answers()] == [p.id for p in answers]   # server ids now
    finally:
        kiosk.close()
        server.close()


async def test_a_kiosk_starts_without_its_server_and_says_nothing_alarming(pg, link, fleet_db,
                                                                          tmp_path):
    url = link.url(fleet_db, "exhibit_kiosk")
    link.cut()
    kiosk = fleet(url, tmp_path, "foyer")
    app = ExhibitApp(load_timeline(), start_stop="wall", turbo=True, store=kiosk)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.click("#wall-text")
            await pilot.press(*"Posted with no server", "enter")
            assert "Posted with no server" in wall_text(app)
            said = app.screen.query_one("#wall-message").render().plain  # type: ignore
            assert "Posted. Thank you!" in said and "server" not in said.lower()
            link.mend()
            assert await until(pilot, lambda: kiosk.online and not kiosk.outbox.waiting())
            assert "Posted with no server" in wall_text(app)
    finally:
        kiosk.close()
    with PgStore(pg.url(fleet_db, "exhibit_owner")) as server:
        assert [p.text for p in server.answers()] == ["Posted with no server"]


SENDER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from emulator.store.outbox import Outbox, FleetStore
    folder, url, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    if mode == "fill":
        # The server is away: 60 posts wait in the outbox.
        box = Outbox(folder / "outbox.db")
        from emulator.store.base import new_uid
        import datetime as dt
        for i in range(60):
            uid = new_uid()
            box.put("post", uid, {"post": {"id": 0, "board": "wall", "author": "Burst",
                    "text": f"waiting {i}", "created": dt.datetime.now(dt.UTC).isoformat(),
                    "reply_to": None, "hidden": False, "replies": 0, "answer": True,
                    "pending": False, "uid": uid, "kiosk": "foyer"}, "reply_to_uid": None})
        sys.exit(0)
    real_sent = Outbox.sent
    count = 0
    def sent(self, uid):
        # Each record: the server has committed it; the outbox has not yet
        # forgotten it. At the 20th, wait here for the test's kill -9.
        global count
        count += 1
        print("committed", uid, flush=True)
        if count == 20:
            time.sleep(60)
        real_sent(self, uid)
    Outbox.sent = sent
    store = FleetStore(url, folder, kiosk="foyer")
    time.sleep(60)
""")


def test_kill_9_mid_send_loses_nothing_and_doubles_nothing(pg, fleet_db, tmp_path):
    url = pg.url(fleet_db, "exhibit_kiosk")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", SENDER, str(tmp_path), url, "fill"], env=env,
                   check=True, timeout=60)
    child = subprocess.Popen([sys.executable, "-c", SENDER, str(tmp_path), url, "send"],
                             env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed = 0
    for line in child.stdout:
        committed += line.startswith("committed")
        if committed == 20:
            # The server has the 20th post; the outbox still holds it.
            child.send_signal(signal.SIGKILL)
            break
    assert child.wait(timeout=30) == -signal.SIGKILL
    with PgStore(pg.url(fleet_db, "exhibit_owner")) as server:
        assert server.count_answers() == 20
        box = sqlite3.connect(tmp_path / "outbox.db")
        assert box.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        left = box.execute("SELECT COUNT(*) FROM waiting").fetchone()[0]
        box.close()
        assert left == 41                          # the 20th is on the server and still here
        # The kiosk starts again and sends what waits: every post once.
        kiosk = fleet(url, tmp_path, "foyer")
        try:
            assert kiosk.wait_online(10)
            kiosk.flush()
            assert kiosk.outbox.waiting() == []
        finally:
            kiosk.close()
        texts = [p.text for p in server.list("wall", limit=100)]
        assert sorted(texts) == sorted(f"waiting {i}" for i in range(60))


# -- passwords, commands and the curator's desk --------------------------------------------


def test_a_password_is_never_logged_or_shown(pg, caplog, capsys, tmp_path):
    url = "postgresql://exhibit_kiosk:s3cret-pw@127.0.0.1:1/exhibit?password=s3cret-pw"
    assert "s3cret" not in redact(url)
    caplog.set_level(logging.INFO)
    with pytest.raises(StoreFailed) as e:
        PgStore(url)
    assert "s3cret" not in str(e.value)
    kiosk = fleet(url, tmp_path, "foyer")
    try:
        assert not kiosk.wait_online(1.5)
        kiosk.add("wall", "Ann", "Waiting", answer=True)
        assert "s3cret" not in kiosk.where
    finally:
        kiosk.close()
    assert caplog.records and not any("s3cret" in r.getMessage() for r in caplog.records)
    # The command line and the settings refuse a URL that holds one.
    assert main(["stats", "--store", "postgresql://k:s3cret@h/db"]) == 2
    settings = tmp_path / "kiosk.toml"
    settings.write_text('[kiosk]\nstore = "postgresql://k:s3cret@h/db"\n')
    assert main(["--config", str(settings), "stats"]) == 1
    loose = tmp_path / "pass"
    loose.write_text("s3cret")
    loose.chmod(0o644)
    settings.write_text(f'[kiosk]\nstore = "postgresql://k@h/db"\npassword_file = "{loose}"\n')
    assert main(["--config", str(settings), "stats"]) == 1
    said = capsys.readouterr().err
    assert "must not hold a password" in said and "the store URL holds a password" in said
    assert "can be read by other users" in said and "s3cret" not in said


def test_stats_shows_the_fleet_and_each_kiosk(pg, fleet_db, tmp_path, capsys):
    for name, stops in (("foyer", ["memo", "bbc"]), ("gallery", ["memo"])):
        with PgStore(pg.url(fleet_db, "exhibit_kiosk")) as store:
            log = VisitLog(store, kiosk=name)
            for stop in stops:
                log.open_stop(stop)
            log.close()
    url = pg.url(fleet_db, "exhibit_curator")
    assert main(["stats", "--store", url]) == 0                  # --store after the command
    out = capsys.readouterr().out
    assert "The fleet: 2 kiosks" in out and "all kiosks" in out
    assert "Visits at foyer: 1 session" in out and "Visits at gallery: 1 session" in out
    assert "Visits: 2 sessions" in out


async def test_the_curators_desk_moderates_the_fleet(pg, fleet_db, tmp_path, capsys):
    with PgStore(pg.url(fleet_db, "exhibit_kiosk"), kiosk="foyer") as kiosk:
        kiosk.add("wall", "Ann", "Fine words", answer=True)
        rude = kiosk.add("wall", "Troll", "Something rude but not on the list", answer=True)
    url = pg.url(fleet_db, "exhibit_curator")
    assert main(["--store", url, "wall"]) == 0
    assert "Something rude" in capsys.readouterr().out
    with PgStore(url) as desk:
        app = ModerateApp(desk)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            assert table.get_row_at(0)[3].plain == "Troll"
            await pilot.press("h")
            assert "hidden" in table.get_row_at(0)[2].plain
    with PgStore(pg.url(fleet_db, "exhibit_kiosk")) as kiosk:
        assert [p.text for p in kiosk.answers()] == ["Fine words"]
    assert main(["wall", "--store", url, "--delete", str(rude.id)]) == 0


def test_a_restarted_kiosk_shows_what_it_last_saw_and_seeds_the_2011_stream_once(
        pg, link, fleet_db, tmp_path):
    from emulator.social_seed import seed_if_empty
    from exhibit.machines import stream_seeds
    from timeline import load_timeline

    stream = stream_seeds(next(s for s in load_timeline() if s.id == "social"))

    url = link.url(fleet_db, "exhibit_kiosk")
    with PgStore(pg.url(fleet_db, "exhibit_owner")) as server:
        server.add("wall", "Ann", "Seen before the restart", answer=True)
        kiosk = fleet(url, tmp_path / "foyer", "foyer")
        assert kiosk.wait_online(10)
        assert [p.text for p in kiosk.answers(limit=5)] == ["Seen before the restart"]
        assert kiosk.count_answers() == 1
        kiosk.close()
        link.cut()
        again = fleet(url, tmp_path / "foyer", "foyer")               # the kiosk restarts
        try:
            assert not again.wait_online(1.5)
            assert [p.text for p in again.answers(limit=5)] == ["Seen before the restart"]
            # The social stop opens with no server: the 2011 stream is seeded
            # into the outbox; another kiosk seeds the server meanwhile.
            seeded = seed_if_empty(again, "social", stream)
            assert seeded > len(stream)
            with PgStore(pg.url(fleet_db, "exhibit_kiosk")) as gallery:
                assert seed_if_empty(gallery, "social", stream) == seeded
            link.mend()
            assert again.wait_online(10)
            again.flush()
            assert again.outbox.waiting() == []
            # One copy of the stream, whoever seeded first.
            assert server.count_since(["social"], include_hidden=True) == seeded
        finally:
            again.close()


@pytest.mark.parametrize("schema", [SCHEMA_1, SCHEMA_2], ids=["schema-1", "schema-2"])
def test_a_kiosks_own_file_joins_the_fleets_server_once(pg, fleet_db, tmp_path, capsys, schema):
    """Migrating from the current SQLite store: a kiosk's posts.db (schema 1 or 2) to the server."""
    path = tmp_path / "posts.db"
    db = sqlite3.connect(path)
    db.executescript(schema)
    db.close()
    with PostStore(path) as old:
        old.hide(1)
        old.record_session("s1", "", 1.0)
    owner = pg.url(fleet_db, "exhibit_owner")
    for _ in range(2):                                      # a second run copies nothing twice
        assert main(["wall", "--store", owner, "--adopt", str(path), "--kiosk", "foyer"]) == 0
    assert "posts and 1 visit figures" in capsys.readouterr().out
    with PgStore(owner) as server:
        rows = server.export()
        assert [(r["author"], r["hidden"], r["kiosk"]) for r in rows][:2] == [
            ("Ann", True, "foyer"), ("Bo", False, "foyer")]
        assert rows[1]["reply_to"] == rows[0]["id"]           # the reply still answers its post
        assert len(rows) == (3 if schema is SCHEMA_2 else 2)
        assert server.figures("foyer").sessions == 1

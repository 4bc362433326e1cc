"""Benchmark a museum's fleet: kiosks posting and counting visits on one PostgreSQL server.

    PYTHONPATH=. python bench/bench_fleet.py [--kiosks 10] [--seconds 60] [--posts 100000]
                                             [--url postgresql://...]

Without ``--url`` it starts a local PostgreSQL 16 with ``pgserver`` (as the
tests do) and uses a fresh database. Prints, from one run:

* load: ``--kiosks`` kiosk processes, each a real ``FleetStore`` (outbox
  file and all), for ``--seconds``: in a loop, a visitor's session with two
  stop visits, a wall answer, and a wall refresh (the count and the first
  page, as the wall widget reads them). Posts per second over the fleet,
  and the median and p95 time of a post (outbox write, the server's insert,
  the outbox's note that it went) and of a wall refresh.
* live: a post on one kiosk until another kiosk's change counter moves
  (LISTEN/NOTIFY), median and p95 (the issue asks for within 2 s).
* the wall query with ``--posts`` answers stored: median and p95 of the
  page and of the count (kept by a trigger; checked against a full count),
  and the plan PostgreSQL chose for the page.

Figures are from this machine (2 cores shared with everything else), the
server on the same machine over a Unix socket; a museum's network adds its
round trip to each.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from emulator.store import new_uid, open_store  # noqa: E402
from emulator.store.outbox import FleetStore  # noqa: E402
from emulator.store.postgres import PgStore  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def ms(value: float) -> str:
    return f"{value * 1000:7.1f} ms"


def kiosk(url: str, name: str, seconds: float, start_at: float) -> tuple[int, list[float], list[float]]:
    """One kiosk flat out: sessions, visits, posts and refreshes; its post and refresh times."""
    folder = Path(tempfile.mkdtemp(prefix=f"fleet-{name}-"))
    store = open_store(folder, url=url, kiosk=name)
    assert isinstance(store, FleetStore)
    if not store.wait_online(20):
        raise SystemExit(f"{name}: the server did not answer")
    posts: list[float] = []
    refreshes: list[float] = []
    while time.time() < start_at:
        time.sleep(0.01)
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        session = new_uid()
        store.record_session(session, name, time.time())
        for stop in ("memo", "wall"):
            store.record_visit(new_uid(), name, session, stop, time.time(), 12.5, True)
        t = time.perf_counter()
        store.add("wall", f"Visitor {n}", f"Answer {n} from the {name}", answer=True)
        posts.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.count_answers()
        store.answers(limit=5)
        refreshes.append(time.perf_counter() - t)
        n += 1
    # Figures go by the sender thread: wait until they are all on the server.
    deadline = time.monotonic() + 60
    while store.outbox.waiting() and time.monotonic() < deadline:
        store.flush()
    left = len(store.outbox.waiting())
    store.close()
    if left:
        raise SystemExit(f"{name}: {left} records still waiting")
    return n, posts, refreshes


def live(url: str, folder: Path, rounds: int = 20) -> list[float]:
    """A post on the foyer until the gallery's change counter moves."""
    foyer = open_store(folder / "foyer", url=url, kiosk="foyer")
    gallery = open_store(folder / "gallery", url=url, kiosk="gallery")
    assert isinstance(foyer, FleetStore) and isinstance(gallery, FleetStore)
    assert foyer.wait_online(20) and gallery.wait_online(20)
    delays = []
    gallery.changes()
    time.sleep(0.5)                         # its listening connection is up
    for i in range(rounds):
        before = gallery.changes()
        t = time.perf_counter()
        foyer.add("wall", "Live", f"live {i}", answer=True)
        while gallery.changes() == before:
            time.sleep(0.001)
        delays.append(time.perf_counter() - t)
        time.sleep(0.05)
    foyer.close()
    gallery.close()
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--url", help="an empty database to use (default: start pgserver)")
    args = parser.parse_args()

    import psycopg

    server = None
    if args.url:
        url = args.url
    else:
        from tests.pg import Server

        server = Server()
        url = server.url(server.new_database())
        print("server: pgserver's PostgreSQL 16, on this machine over a Unix socket, a fresh database")
    PgStore(url).close()                    # the schema

    print(f"\nload: {args.kiosks} kiosks for {args.seconds:.0f} s, each in its own process")
    start_at = time.time() + 3.0
    with mp.get_context("spawn").Pool(args.kiosks) as pool:
        results = pool.starmap(kiosk, [(url, f"kiosk{i}", args.seconds, start_at)
                                       for i in range(args.kiosks)])
    total = sum(n for n, _, _ in results)
    posts = [t for _, p, _ in results for t in p]
    refreshes = [t for _, _, r in results for t in r]
    print(f"  posts:           {total} in {args.seconds:.0f} s = {total / args.seconds:7.1f} posts/s")
    print(f"  a post:          median {ms(statistics.median(posts))}   p95 {ms(p95(posts))}")
    print(f"  a wall refresh:  median {ms(statistics.median(refreshes))}   p95 {ms(p95(refreshes))}")
    with PgStore(url) as check:
        figures = check.figures()
        kept = check.count_answers()
    print(f"  on the server:   {kept} answers, {figures.sessions} sessions, "
          f"{sum(s.opened for s in figures.stops)} stop visits "
          f"(sent: {total} posts, {total} sessions, {2 * total} visits)")

    with tempfile.TemporaryDirectory() as tmp:
        delays = live(url, Path(tmp))
    print(f"\nlive: a post on one kiosk until another's wall is told ({len(delays)} posts)")
    print(f"  median {ms(statistics.median(delays))}   p95 {ms(p95(delays))}   "
          f"max {ms(max(delays))}")

    with psycopg.connect(url, autocommit=True) as db:
        have = db.execute("SELECT count(*) FROM posts").fetchone()[0]  # type: ignore[index]
        more = max(0, args.posts - have)
        t = time.perf_counter()
        db.execute("INSERT INTO posts (uid, kiosk, board, author, text, created, answer) "
                   "SELECT %s || i, 'bench', 'wall', 'Visitor', 'An answer, number ' || i, "
                   "now(), 1 FROM generate_series(1, %s) AS i", (uuid.uuid4().hex, more))
        db.execute("ANALYZE posts")
        filled = time.perf_counter() - t
        plan = db.execute(
            "EXPLAIN ANALYZE SELECT p.*, (SELECT COUNT(*) FROM posts r WHERE r.reply_to = p.id "
            "AND r.hidden = 0 AND r.pending = 0) AS replies FROM posts p WHERE p.answer = 1 "
            "AND p.hidden = 0 AND p.pending = 0 ORDER BY p.id DESC LIMIT 5 OFFSET 0").fetchall()
    def wall_query(store: PgStore) -> tuple[list[float], list[float]]:
        page, count = [], []
        for _ in range(50):
            t = time.perf_counter()
            store.answers(limit=5)
            page.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.count_answers()
            count.append(time.perf_counter() - t)
        return page, count

    with PgStore(url) as store:
        total_posts = store.count("wall", include_hidden=True)
        print(f"\nthe wall with {total_posts} posts stored ({more} added in {filled:.1f} s)")
        for when in ("just after the bulk insert", "after VACUUM (what autovacuum leaves)"):
            if when.startswith("after"):
                with psycopg.connect(url, autocommit=True) as db:
                    db.execute("VACUUM ANALYZE posts")
            page, count = wall_query(store)
            print(f"  {when}:")
            print(f"    the page (5 newest answers):  median {ms(statistics.median(page))}   "
                  f"p95 {ms(p95(page))}")
            print(f"    the count of answers:         median {ms(statistics.median(count))}   "
                  f"p95 {ms(p95(count))}")
    with psycopg.connect(url, autocommit=True) as db:
        full = db.execute("SELECT count(*) FROM posts WHERE answer = 1 AND hidden = 0 "
                          "AND pending = 0").fetchone()[0]  # type: ignore[index]
    with PgStore(url) as store:
        kept = store.count_answers()
    print(f"  the kept count {kept} against a full count {full}: "
          f"{'the same' if kept == full else 'DIFFERENT'}")
    print("  the page's plan:")
    for (line,) in plan:
        print(f"    {line}")
    if server is not None:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

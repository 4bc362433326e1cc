"""The social stream as content: thread files the checker reads, every mistake in one run."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import emulator
from emulator.store import PostStore
from exhibit.machines import live_feed_for, machine_for, stream_seeds
from timeline import check_folder, default_dir, load_timeline
from timeline.rules import POST_CHARS_MAX

MANY = Path(__file__).parent / "fixtures" / "many"
EMULATOR = Path(emulator.__file__).parent     # the installed package, when tests run on it

# Several different mistakes in several files (stop files and thread files):
# one run of the checker must name them all, each at its line.
EXPECTED = [
    ("10-first.md", 7, "program NOSUCH is not built"),
    ("10-first.md", 8, "unknown setting 'colour'"),
    ("20-second.md", 2, "id 'first' is already used by 10-first.md"),
    ("20-second.md", 13, "unknown section '## Notes for me'"),
    ("40-broken.md", 2, "settings are not valid TOML"),
    ("40-broken.md", 8, "control character U+001B"),
    ("40-broken.md", 10, "unknown section '## Gossip'"),
    ("10-posts.toml", 3, "the fiction label must say what is invented"),
    ("10-posts.toml", 7, "this post has 154 characters; a 2011 post had at most 140"),
    ("10-posts.toml", 12, "dated 14 Feb 2011, outside the thread's real dates "
                          "(01 Feb 2011 to 02 Feb 2011)"),
    ("10-posts.toml", 12, "the handle 'Jo' is short enough to be a real person's"),
    ("10-posts.toml", 17, "this reply is dated 01 Feb 2011 08:00, before the post it answers"),
    ("10-posts.toml", 17, "@RealPerson is a real person's account"),
    ("10-posts.toml", 17, "@SomebodyElse is not one of this thread's invented accounts"),
    ("20-types.toml", 2, "dates must be the event's first and last day"),
    ("20-types.toml", 4, "should start with https://"),
    ("20-types.toml", 5, "unknown setting 'mood'"),
    ("20-types.toml", 7, "this post needs at = a date and time"),
]


def test_one_run_names_every_mistake_in_every_file():
    done = subprocess.run([sys.executable, "-m", "exhibit", "check", str(MANY)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    found = []
    for line in lines:
        path, number, message = line.split(":", 2)
        found.append((Path(path).name, int(number), message.strip()))
    for name, line, message in EXPECTED:
        assert any(n == name and ln == line and message in m for n, ln, m in found), \
            (name, line, message, lines)
    assert len(found) == len(EXPECTED), lines
    assert f"{len(EXPECTED)} problems" in done.stderr and "Traceback" not in done.stderr


def test_the_shipped_stream_is_dated_labelled_and_fits():
    social = next(s for s in load_timeline() if s.id == "social")
    assert social.stream_dir == "social" and len(social.stream) == 4
    for thread in social.stream:
        assert "invented" in thread.fiction.lower() and thread.sources
        for post in thread.every_post():
            assert thread.first <= post.at.date() <= thread.last
            assert len(post.text) <= POST_CHARS_MAX and post.at.year <= 2011
            assert post.by.lower() not in {r.lower() for r in thread.real_accounts}
    by_title = {t.title.split(":")[0]: t for t in social.stream}
    ntofw = by_title["#NTofW2011"]
    assert (ntofw.first.isoformat(), ntofw.last.isoformat()) == ("2011-02-01", "2011-02-02")
    ombh = by_title["#ombh"]
    assert ombh.first.isoformat() == "2011-01-14"
    assert all("#ombh" in p.text for p in ombh.every_post()[1:])
    snow = next(t for t in social.stream if "Snow" in t.title)
    assert all(p.at.year == 2010 for p in snow.every_post())


def test_a_content_folder_replaces_the_stream(tmp_path, monkeypatch):
    # A museum's copy (an edit, a translation): the machine reads its words.
    folder = tmp_path / "content"
    shutil.copytree(default_dir(), folder)
    thread = folder / "social" / "40-ntofw2011.toml"
    thread.write_text(thread.read_text(encoding="utf-8").replace(
        "Following #NTofW2011 from my desk", "Suivi de #NTofW2011 au bureau"), encoding="utf-8")
    stops, problems = check_folder(folder)
    assert problems == []
    social = next(s for s in stops if s.id == "social")
    with PostStore(tmp_path / "posts.db") as store:
        machine = machine_for(social, store=store, mhz=None)
        machine.start()
        try:
            assert machine.wait_for_input()
            assert machine.terminal.contains("Suivi de #NTofW2011 au bureau")
        finally:
            machine.stop()
        assert live_feed_for(social, store) is not None


def test_a_second_live_thread_is_a_mistake(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(default_dir(), folder)
    live = folder / "social" / "30-carers-live.toml"
    shutil.copy(live, folder / "social" / "31-again.toml")
    _, problems = check_folder(folder)
    assert any(p.path.name == "31-again.toml" and "only one post in the stream may take live"
               in p.message for p in problems), problems


def test_a_stop_whose_stream_folder_is_missing_says_so(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(default_dir(), folder)
    shutil.rmtree(folder / "social")
    _, problems = check_folder(folder)
    assert [(p.path.name, p.message.split(";")[0]) for p in problems] == [
        ("70-social.md", f"stream: no folder {folder / 'social'}")]


@pytest.mark.parametrize("module", sorted(EMULATOR.glob("*.py")), ids=lambda p: p.name)
def test_the_emulator_takes_the_stream_as_data(module):
    # emulator/ holds no story and no content policy: it imports neither
    # the content loader nor Textual.
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {n for n in names if n.split(".")[0] in ("timeline", "textual", "exhibit")}


def test_stream_seeds_keep_each_posts_date():
    social = next(s for s in load_timeline() if s.id == "social")
    seeds = stream_seeds(social)
    assert min(s.created for s in seeds).isoformat() == "2010-12-07T06:55:00+00:00"
    live = [s for s in seeds if s.live]
    assert len(live) == 1 and live[0].author == "CarersConfDesk"

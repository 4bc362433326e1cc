"""The command line: help, and bad input as one clear line."""

from __future__ import annotations

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "exhibit", *args], capture_output=True, text=True,
                          timeout=60)


def test_help_lists_the_options():
    done = run("--help")
    assert done.returncode == 0
    for option in ("--stop", "--content", "--turbo"):
        assert option in done.stdout


def test_unknown_stop_is_one_line():
    done = run("--stop", "nowhere")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "no stop called 'nowhere'" in done.stderr
    assert "Traceback" not in done.stderr


def test_broken_content_folder_names_file_and_line(tmp_path):
    (tmp_path / "bad.md").write_text("+++\nid = \"bad\"\nyear = 1999\n+++\n## Story\nHi\n")
    done = run("--content", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path / 'bad.md'}:1: missing setting 'title'" in done.stderr
    assert "Traceback" not in done.stderr


def test_global_options_work_after_the_command_too(tmp_path):
    from emulator.store import PostStore

    with PostStore(tmp_path / "posts.db") as store:
        store.add("wall", "Ann", "First!")
    for order in (("--data", str(tmp_path), "wall"), ("wall", "--data", str(tmp_path))):
        done = run(*order)
        assert done.returncode == 0, done.stderr
        assert f"{tmp_path / 'posts.db'}: wall 1 post" in done.stdout
    out = tmp_path / "posts.csv"
    done = run("wall", "--export", str(out), "--data", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "First!" in out.read_text()


def test_run_help_says_org_is_hexadecimal():
    done = run("run", "--help")
    assert "hexadecimal as CP/M tools read it" in " ".join(done.stdout.split())


def test_a_reader_that_stops_early_ends_the_listing_quietly(tmp_path):
    from emulator.store import PostStore

    # More posts than the listing shows (its newest 20): 2,000 of them only
    # cost 20 s of word checks and printed no more.
    with PostStore(tmp_path / "posts.db") as store:
        for i in range(30):
            store.add("wall", "Ann", f"post {i} " + "words " * 20)
    # Like `exhibit wall | head -1`: the pipe closes after one line.
    wall = subprocess.Popen([sys.executable, "-m", "exhibit", "wall", "--data", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wall.stdout is not None and wall.stderr is not None
    wall.stdout.readline()
    wall.stdout.close()
    assert wall.wait(timeout=60) == 0
    assert wall.stderr.read() == b""

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

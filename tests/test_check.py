"""``python -m exhibit check``: the shipped content passes; a broken folder names every mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "exhibit", *args], capture_output=True,
                          check=False, text=True, timeout=60)


def test_the_shipped_content_passes():
    done = run("check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 stops, no problems" in done.stdout


def test_a_broken_folder_lists_every_problem_as_file_line_message():
    done = run("check", str(BROKEN))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 17
    for line in lines:
        path, number, message = line.split(":", 2)
        assert Path(path).parent == BROKEN and number.isdigit() and message.startswith(" ")
    assert f"{BROKEN / '50-dupe.md'}:2: id 'good' is already used by 10-good.md" in lines
    assert "17 problems" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_reads_the_folder_given_with_content():
    done = run("--content", str(BROKEN), "check")
    assert done.returncode == 1
    assert "50-dupe.md:2:" in done.stdout


def test_the_app_refuses_a_broken_folder_with_the_same_messages():
    checked = run("check", str(BROKEN)).stdout.splitlines()
    started = run("--content", str(BROKEN))
    assert started.returncode == 1
    assert started.stderr.splitlines()[:-1] == checked
    assert "the content has mistakes" in started.stderr.splitlines()[-1]


def test_a_missing_folder_is_one_line(tmp_path):
    done = run("check", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.stdout.strip() == f"{tmp_path / 'nowhere'}:0: no such content folder"


def test_help_lists_the_check_command():
    done = run("--help")
    assert done.returncode == 0
    assert "check" in done.stdout
    done = run("check", "--help")
    assert done.returncode == 0 and "DIR" in done.stdout

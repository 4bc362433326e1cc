"""Visit figures, kiosk settings and the admin PIN."""

from __future__ import annotations

import subprocess
import sys

import pytest

from exhibit.commands.stats import table
from exhibit.settings import KioskSettings, SettingsError, check_pin, hash_pin
from exhibit.visits import VisitLog


def test_sessions_stops_and_programs_are_counted(tmp_path):
    log = VisitLog(tmp_path / "visits.db")
    log.start_session()
    log.open_stop("memo")
    log.program_started()
    log.open_stop("bbc")
    log.open_stop("memo")
    log.end_session()
    log.start_session()
    log.open_stop("memo")
    log.close()
    # A second process (the stats command) reads what the first committed.
    again = VisitLog(tmp_path / "visits.db")
    sessions, rows = again.summary()
    assert sessions == 2
    assert rows[0][:2] == ("memo", 3) and rows[0][3] == 1
    assert rows[1][:2] == ("bbc", 1)
    from rich.console import Console
    console = Console(width=100, record=True)
    console.print(table(again))
    text = console.export_text()
    assert "Visits: 2 sessions" in text and "memo" in text and "█" * 20 in text


def test_stats_command_prints_the_table(tmp_path):
    log = VisitLog(tmp_path / "visits.db")
    log.open_stop("wall")
    log.close()
    done = subprocess.run([sys.executable, "-m", "exhibit", "--data", str(tmp_path), "stats"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "wall" in done.stdout and "1 session" in done.stdout


def test_the_write_ahead_log_is_emptied_between_visitors(tmp_path):
    log = VisitLog(tmp_path / "visits.db")
    wal = tmp_path / "visits.db-wal"
    for _ in range(20):
        log.start_session()
        for stop in ("memo", "bbc", "wall"):
            log.open_stop(stop)
            log.program_started()
        assert wal.stat().st_size > 0             # a visitor's counts, committed to the log
        log.end_session()
        assert wal.stat().st_size == 0
    assert log.summary()[0] == 20 and log.last_error is None


def test_a_full_disk_loses_the_count_not_the_exhibit(tmp_path):
    log = VisitLog(tmp_path / "visits.db")
    log.db.close()                      # any write now fails, as on a full disk
    log.open_stop("memo")               # must not raise
    assert log.last_error and "not saved" in log.last_error


def test_pin_hash_round_trip():
    stored = hash_pin("2468", rounds=1000)
    assert stored.startswith("pbkdf2$1000$") and "2468" not in stored
    assert check_pin("2468", stored)
    assert not check_pin("1357", stored)
    assert not check_pin("2468", "nonsense")


def test_pin_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "exhibit", "pin", "--stdin"], input="12\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "4 to 12 digits" in done.stderr
    done = subprocess.run([sys.executable, "-m", "exhibit", "pin", "--stdin"], input="8642\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    line = done.stdout.strip()
    assert check_pin("8642", line.split('"')[1])


def test_settings_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nidle_timeout = 30\nstops = ["memo"]\n')
    settings = KioskSettings.load(path)
    assert settings.idle_timeout == 30.0 and settings.stops == ("memo",)
    assert KioskSettings.load(None).idle_timeout == 90.0


@pytest.mark.parametrize("text, message", [
    ("[kiosk]\nidle_timout = 3\n", "unknown kiosk setting 'idle_timout'"),
    ("[kiosk]\nidle_timeout = -1\n", "idle_timeout must be a number of seconds"),
    ("[kiosk]\nadmin_pin_hash = \"1234\"\n", "never the PIN itself"),
    ("[kiosk\n", "not valid TOML"),
    ("idle_timeout = 30\n", "'idle_timeout' is outside the \\[kiosk\\] section"),
    ("[kiosk]\nidle_timeout = 30\n[kisok]\nstops = []\n", "unknown section \\[kisok\\]"),
])
def test_settings_mistakes_are_one_clear_line(tmp_path, text, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message) as e:
        KioskSettings.load(path)
    assert str(e.value).startswith(str(path))
    assert "\n" not in str(e.value).strip()


@pytest.mark.parametrize("argv, message", [
    (["--config", "{cfg}"], "--config holds kiosk settings: add --kiosk"),
    (["--kiosk", "--config", "{cfg}"], "stops names 'nope', which the timeline does not have"),
])
def test_settings_the_command_would_ignore_are_refused(tmp_path, argv, message):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[kiosk]\nstops = ["memo", "nope"]\n')
    done = subprocess.run([sys.executable, "-m", "exhibit", "--data", str(tmp_path),
                           *[a.format(cfg=cfg) for a in argv]],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1

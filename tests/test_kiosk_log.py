"""Where the kiosk logs when its data folder cannot be written: the system journal,
through its socket, and never onto the visitor's screen."""

from __future__ import annotations

import logging
import socket

from exhibit.kiosk import _journal


def test_a_listening_journal_gets_the_kiosk_lines(tmp_path):
    path = str(tmp_path / "log.sock")
    journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journal.bind(path)
    journal.settimeout(2)
    try:
        handler = _journal(path)
        assert handler is not None
        first = journal.recv(4096).decode()
        assert "exhibit: the log goes to the system journal" in first
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.emit(logging.LogRecord("exhibit.kiosk", logging.ERROR, __file__, 0,
                                       "posts.db is corrupt", None, None))
        assert "posts.db is corrupt" in journal.recv(4096).decode()
        handler.close()
    finally:
        journal.close()


def test_a_journal_socket_nobody_reads_is_no_journal_and_prints_nothing(tmp_path, capsys):
    path = tmp_path / "log.sock"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    dead.bind(str(path))
    dead.close()                    # the socket file stays; nothing listens on it
    assert _journal(str(path)) is None
    assert _journal(str(tmp_path / "missing.sock")) is None
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""

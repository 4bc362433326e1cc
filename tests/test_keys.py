"""Key maps: what the keys send, by profile."""

from __future__ import annotations

from emulator import Profile
from exhibit.keys import key_bytes


def test_enter_backspace_and_letters():
    p = Profile()
    assert key_bytes("enter", "\r", p) == b"\r"
    assert key_bytes("backspace", None, p) == b"\x08"
    assert key_bytes("backspace", None, Profile(backspace="del")) == b"\x7f"
    assert key_bytes("a", "a", p) == b"a"
    assert key_bytes("ctrl+c", None, p) == b"\x03"
    assert key_bytes("f10", None, p) is None


def test_arrows_by_profile():
    assert key_bytes("up", None, Profile()) == b"\x1b[A"
    assert key_bytes("up", None, Profile(arrows="wordstar")) == b"\x05"
    assert key_bytes("left", None, Profile(arrows="wordstar")) == b"\x13"

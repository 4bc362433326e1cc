"""Key maps: what each key sends, by profile, and how pasted text is typed."""

from __future__ import annotations

import string

import pytest

from emulator import Profile
from exhibit.keys import key_bytes, key_help, paste_bytes, to_ascii
from exhibit.widgets.terminal import TerminalView

# The keys the machine panel keeps for the exhibit (F1, F5, F10): its view's bindings.
EXHIBIT_KEYS = tuple(b.key for b in TerminalView.BINDINGS)  # type: ignore[union-attr]

VT100 = Profile()
WORDSTAR = Profile(arrows="wordstar")
DEL = Profile(backspace="del")


def test_enter_tab_escape_and_printables():
    for p in (VT100, WORDSTAR, DEL):
        assert key_bytes("enter", "\r", p) == b"\r"
        assert key_bytes("tab", "\t", p) == b"\t"
        assert key_bytes("escape", "\x1b", p) == b"\x1b"
        assert key_bytes("delete", None, p) == b"\x7f"
    for ch in string.printable[:95]:            # space to tilde
        if " " <= ch <= "~":
            assert key_bytes(ch if ch.isalnum() else "x", ch, VT100) == ch.encode()


def test_backspace_by_profile():
    assert key_bytes("backspace", "\x08", VT100) == b"\x08"
    assert key_bytes("backspace", "\x7f", DEL) == b"\x7f"
    assert key_bytes("ctrl+h", None, VT100) == b"\x08"


@pytest.mark.parametrize("letter", string.ascii_lowercase)
def test_every_ctrl_letter_is_its_control_code(letter):
    assert key_bytes(f"ctrl+{letter}", None, VT100) == bytes([ord(letter) - 0x60])


def test_ctrl_c_reaches_the_program_and_is_no_exhibit_key():
    assert key_bytes("ctrl+c", None, VT100) == b"\x03"
    assert "ctrl+c" not in EXHIBIT_KEYS


def test_ctrl_punctuation_codes():
    assert key_bytes("ctrl+@", None, VT100) == b"\x00"
    assert key_bytes("ctrl+backslash", None, VT100) == b"\x1c"
    assert key_bytes("ctrl+right_square_bracket", None, VT100) == b"\x1d"
    assert key_bytes("ctrl+circumflex_accent", None, VT100) == b"\x1e"
    assert key_bytes("ctrl+underscore", None, VT100) == b"\x1f"


def test_vt100_arrows_follow_the_cursor_key_mode():
    assert [key_bytes(k, None, VT100) for k in ("up", "down", "right", "left")] == [
        b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D"]
    assert [key_bytes(k, None, VT100, application_cursor=True)
            for k in ("up", "down", "right", "left")] == [
        b"\x1bOA", b"\x1bOB", b"\x1bOC", b"\x1bOD"]
    # Ctrl+arrows mean nothing to a VT100.
    assert key_bytes("ctrl+left", None, VT100) is None


def test_wordstar_arrows_are_the_cursor_diamond():
    assert [key_bytes(k, None, WORDSTAR) for k in ("up", "down", "right", "left")] == [
        b"\x05", b"\x18", b"\x04", b"\x13"]
    assert key_bytes("ctrl+left", None, WORDSTAR) == b"\x01"
    assert key_bytes("ctrl+right", None, WORDSTAR) == b"\x06"
    # Application mode is a VT100 matter; WordStar keys do not change.
    assert key_bytes("up", None, WORDSTAR, application_cursor=True) == b"\x05"


def test_exhibit_keys_and_page_keys_are_left_to_the_exhibit():
    for key in (*EXHIBIT_KEYS, "f2", "pageup", "pagedown", "shift+tab"):
        assert key_bytes(key, None, VT100) is None, key
        assert key_bytes(key, None, WORDSTAR) is None, key


def test_home_and_end_reach_the_machine_in_its_own_dialect():
    # CALC reads the VT220 editing keys; WordStar programs want ^QS and ^QD.
    assert key_bytes("home", None, VT100) == b"\x1b[1~"
    assert key_bytes("end", None, VT100) == b"\x1b[4~"
    assert key_bytes("home", None, WORDSTAR) == b"\x11S"
    assert key_bytes("end", None, WORDSTAR) == b"\x11D"


def test_accented_letters_fold_and_others_are_refused():
    assert key_bytes("e_acute", "é", VT100) == b"e"
    assert key_bytes("pound_sign", "£", VT100) == b"#"     # BS 4730: UK ASCII put £ at 23h
    assert key_bytes("x", "\u4e2d", VT100) is None
    assert to_ascii("café “quoted” – naïve…") == 'cafe "quoted" - naive...'


def test_paste_line_endings_become_return_and_junk_is_counted():
    data, dropped = paste_bytes("one\r\ntwo\nthree\rtab\there\x1b[2J\u2603")
    assert data == b"one\rtwo\rthree\rtab\there[2J"
    assert dropped == 2              # the ESC and the snowman


def test_key_help_describes_the_profile():
    assert "WordStar" in " ".join(key_help(WORDSTAR))
    assert "VT100" in " ".join(key_help(VT100))
    assert "sends DEL" in " ".join(key_help(DEL))
    assert "sends Ctrl+H" in " ".join(key_help(VT100))

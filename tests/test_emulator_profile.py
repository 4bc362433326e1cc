"""Profiles: the stops' base machines, chosen and adjusted from a stop file's [machine] table."""

from __future__ import annotations

import tomllib

import pytest

from emulator import Machine, Profile, ProfileError
from emulator.profile import THEMES


@pytest.mark.parametrize("base, mhz, cols, rows, theme", [
    ("zx80", 3.25, 32, 24, "zx80"),
    ("bbc", 6.0, 40, 25, "bbc"),
    ("cpm", 4.0, 80, 24, "green"),
])
def test_the_base_machines(base, mhz, cols, rows, theme):
    p = Profile.base(base)
    assert (p.name, p.mhz, p.cols, p.rows, p.theme) == (base, mhz, cols, rows, theme)
    assert Profile.from_mapping({"base": base}, name="x") == Profile.base(base, name="x")


def test_a_stop_file_table_picks_a_base_and_overrides_it():
    table = tomllib.loads("""
        [machine]
        base = "bbc"
        cols = 80
        theme = "amber"
        programs = ["memo"]
        boot = "MEMO"
        printer_lps = 5
        board = "social"
        seed = 42
    """)["machine"]
    p = Profile.from_mapping(table, name="bbc")
    assert (p.mhz, p.cols, p.rows, p.theme) == (6.0, 80, 25, "amber")
    assert p.programs == ("MEMO",) and p.printer_lps == 5.0
    assert (p.board, p.seed) == ("social", 42)


def test_no_base_is_the_cp_m_desk():
    assert Profile.from_mapping({}) == Profile()
    assert Profile.from_mapping({"mhz": "turbo"}).mhz is None


@pytest.mark.parametrize("table, message", [
    ({"base": "c64"}, "base must be one of zx80, bbc, cpm"),
    ({"base": 3}, "base must be one of"),
    ({"theme": "neon"}, "theme must be one of " + ", ".join(THEMES)),
    ({"mhz": "fast"}, "mhz must be a number or \"turbo\""),
    ({"printer_lps": "turbo"}, "printer_lps must be a number"),
    ({"printer_lps": 0}, "printer_lps must be between"),
    ({"seed": 1.5}, "seed must be a whole number"),
    ({"board": "the wall"}, "board must be a short name"),
    ({"name": "x"}, "unknown machine setting 'name'"),
    ({"speed": 4}, "unknown machine setting 'speed' (known: arrows, backspace, base,"),
])
def test_mistakes_say_what_is_wrong(table, message):
    with pytest.raises(ProfileError) as e:
        Profile.from_mapping(table)
    assert message in str(e.value)


def test_a_zx80_machine_has_a_32_column_screen():
    m = Machine(Profile.base("zx80").with_changes(mhz=None))
    assert (m.terminal.cols, m.terminal.rows) == (32, 24)
    m.start()
    try:
        assert m.wait_for_input()
        assert m.terminal.contains("A>")
    finally:
        m.stop()

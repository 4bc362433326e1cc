"""The library modules the games brought (keydir, random, decw, hiscore, cell),
driven by a test program, tests/z80/gtest.mac, on a real CP/M machine."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from emulator import Machine, Profile
from roms import build

HERE = Path(__file__).parent
pytestmark = pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                                reason="needs the ROM tools")


@pytest.fixture(scope="module")
def gtest(tmp_path_factory) -> bytes:
    work = tmp_path_factory.mktemp("gtest")
    lib = build.build_library(work)
    rel = build._assemble(HERE / "z80" / "gtest.mac", work)
    com = work / "GTEST.COM"
    build._tool("ul80", "-o", com, rel, lib, cwd=work)
    return com.read_bytes()


@pytest.fixture
def machine(gtest):
    m = Machine(Profile(mhz=None, cols=40, rows=25, programs=("GTEST",), boot="GTEST",
                        restart=False), {"GTEST": gtest})
    m.start()
    assert m.wait_for_input()
    yield m
    m.stop()


def run(m: Machine, keys: str) -> str:
    """Type a command (and any keys for it); the line it printed."""
    before = len([line for line in m.terminal.lines() if line.strip()])
    m.type(keys)
    assert m.wait_for_input()
    lines = [line.rstrip() for line in m.terminal.lines() if line.strip()]
    assert len(lines) > before, m.terminal.text()
    return lines[-1]


def xorshift(seed: int, n: int) -> list[int]:
    """The generator RAND8 implements: 16-bit xorshift, shifts 7, 9, 8."""
    x, out = seed or 1, []
    for _ in range(n):
        x ^= (x << 7) & 0xFFFF
        x ^= x >> 9
        x ^= (x << 8) & 0xFFFF
        out.append(x & 0xFF)
    return out


def test_keydir_maps_vt100_arrows_to_clockwise_codes(machine):
    assert run(machine, "k\x1b[A\x1b[C\x1b[B\x1b[D\x1bOA") == "80 81 82 83 80 ."


def test_keydir_maps_letters_and_wordstar_keys(machine):
    assert run(machine, "kwdsaWDSA") == "80 81 82 83 80 81 82 83 ."
    assert run(machine, "k\x05\x04\x18\x13") == "80 81 82 83 ."     # Ctrl+E D X S


def test_keydir_gives_other_keys_as_they_are(machine):
    assert run(machine, "kxP ") == "78 50 20 ."


def test_keydir_gives_a_lone_escape_as_itself(machine):
    assert run(machine, "k\x1b") == "1B ."
    assert run(machine, "k\x1b[Z") == "1B ."       # not an arrow: ESC, the rest dropped


def test_rand8_is_the_seeded_xorshift_and_covers_every_byte(machine):
    line = run(machine, "r")
    numbers, seen = line.split(" seen ")
    assert [int(n) for n in numbers.split()] == xorshift(1981, 8)
    assert seen == "256"
    # The same seed, the same numbers: the games replay exactly.
    assert run(machine, "r") == line


def test_rseed_takes_zero_as_one(machine):
    assert run(machine, "s") == f"{xorshift(1, 1)[0]} {xorshift(1, 1)[0]}"


def test_putd5_pads_to_five_columns(machine):
    assert run(machine, "p") == "|    0|    7|12345|65535|"


def test_hiscore_keeps_the_best_five_in_order(machine):
    machine.type("h")
    assert machine.wait_for_input()
    text = machine.terminal.text()
    assert "+++++++" in text or "++++" in text
    table = [line.strip() for line in machine.terminal.lines()[9:14]]
    assert table == ["1.    50  CCC", "2.    30  AAA", "3.    30  DDD",
                     "4.    20  FFF", "5.    10  BBB"]
    # 5 went in while the table had room, then fell off; 1 never fitted.
    assert "++++++-YN" in text


def test_cellat_sends_only_what_changes(machine):
    before = machine.terminal.bytes_out
    machine.type("c")
    assert machine.wait_for_input()
    cells = machine.terminal.styles_at(19, range(4))
    assert [c.data for c in cells[:3]] == ["x", "x", "x"]
    assert all(c.fg == "brightgreen" for c in cells)
    sent = machine.terminal.bytes_out - before
    # Two CELLRS (6 bytes each), one cursor move (8), one colour (8),
    # three characters, the switch to DEC graphics (3) and its character:
    # 35. Each cell drawn on its own would cost a move and a colour more.
    assert sent <= 35

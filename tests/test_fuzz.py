"""Fuzzing with Hypothesis: every parser that takes outside input ends in its own
error or a result, never a crash or a hang.

Targets here: Intel HEX and program files (a hobbyist's), ``--org``, kiosk
settings (a museum's TOML), the host-services device driven by random
OUT/IN sequences (a program's), and the terminal fed random bytes (any
program's output). Each target's example count is set so the whole file
stays a few seconds of the test run; ``bench/`` is where long runs live.
A bug found here becomes a plain regression test beside the module's own
tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from emulator.host import HostServices
from emulator.loader import LoadError, load_file, parse_hex, parse_org
from emulator.machine import Machine
from emulator.profile import Profile
from emulator.store import PostStore
from emulator.terminal import Terminal
from exhibit.settings import KioskSettings, SettingsError

FAST = fuzz(300)


def _record(count: int, addr: int, kind: int, payload: bytes) -> str:
    body = bytes([count, addr >> 8, addr & 0xFF, kind]) + payload
    return ":" + (body + bytes([(-sum(body)) & 0xFF])).hex().upper()


hex_records = st.lists(
    st.builds(lambda addr, kind, payload: _record(len(payload), addr, kind, payload),
              st.integers(0, 0xFFFF), st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5, 6]),
              st.binary(max_size=24)),
    max_size=12)


@FAST
@given(records=hex_records, noise=st.text(max_size=40), cut=st.integers(0, 400))
def test_intel_hex_is_parsed_or_refused_in_one_line(records, noise, cut):
    for text in ("\n".join(records), "\n".join(records)[:cut] + noise):
        try:
            data, org, start = parse_hex(text, "prog.hex")
        except LoadError as e:
            assert "\n" not in str(e) and str(e)
        else:
            assert data and 0 <= org and org + len(data) <= 0x10000
            assert start is None or 0 <= start <= 0xFFFFFFFF


@FAST
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".com", ".hex", ".bin", ".ihx", ""]),
       org=st.one_of(st.none(), st.integers(0, 0x10000)))
def test_any_program_file_loads_or_gets_one_line(tmp_path, raw, suffix, org):
    path = tmp_path / f"prog{suffix}"
    path.write_bytes(raw)
    try:
        name, image = load_file(path, org)
    except LoadError as e:
        assert "\n" not in str(e) and str(e)
    else:
        assert 1 <= len(name) <= 8 and 0 < len(image) <= 0xD000 - 0x100


@FAST
@given(text=st.text(max_size=12))
def test_org_is_an_address_or_one_line(text):
    try:
        value = parse_org(text)
    except LoadError as e:
        assert "\n" not in str(e)
    else:
        assert 0x100 <= value < 0xD000


setting_values = st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), st.booleans(),
                           st.text(max_size=20), st.lists(st.text(max_size=8), max_size=4))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


@FAST
@given(section=st.sampled_from(["kiosk", "kisok", ""]),
       entries=st.dictionaries(st.sampled_from(["idle_timeout", "countdown", "busy_cap",
                                                "attract_cycle", "admin_pin_hash", "stops",
                                                "idle", "name"]), setting_values, max_size=5),
       junk=st.text(max_size=30))
def test_kiosk_settings_load_or_say_what_is_wrong(tmp_path, section, entries, junk):
    path = tmp_path / "kiosk.toml"
    lines = [f"[{section}]"] if section else []
    lines += [f"{key} = {_toml_value(value)}" for key, value in entries.items()]
    for text in ("\n".join(lines) + "\n", "\n".join(lines) + "\n" + junk):
        path.write_text(text, encoding="utf-8", errors="surrogatepass"
                        if any("\ud800" <= c <= "\udfff" for c in text) else "strict")
        try:
            loaded = KioskSettings.load(path)
        except SettingsError as e:
            assert str(e).startswith(str(path)) and "\n" not in str(e).strip()
        except UnicodeError:
            pytest.fail("a settings file that is not UTF-8 must be a SettingsError")
        else:
            assert isinstance(loaded, KioskSettings)
            assert all(0 < v < float("inf") for v in (loaded.idle_timeout, loaded.countdown,
                                                      loaded.busy_cap, loaded.attract_cycle))


# The device's four ports and a few that are not its own.
ports = st.sampled_from([0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0x00, 0xFF])
port_ops = st.lists(st.tuples(st.booleans(), ports, st.integers(0, 255)), max_size=400)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    with PostStore(tmp_path_factory.mktemp("fuzz") / "posts.db") as store:
        store.add("wall", "Ann", "A post on the wall", answer=True)
        hidden = store.add("wall", "Bo", "A hidden post")
        store.hide(hidden.id)
        store.add("social", "Cy", "A post on another board")
        yield store


@FAST
@given(ops=port_ops)
def test_host_services_answer_any_out_and_in_sequence(fuzz_store, ops):
    clock = dt.datetime(2011, 2, 1, 9, 30, tzinfo=dt.UTC)
    host = HostServices(fuzz_store, board="wall", seed=1, clock=lambda: clock)
    before = {row["id"]: row for row in fuzz_store.export()}
    for is_out, port, value in ops:
        if is_out:
            host.port_out(port, value)
        else:
            assert 0 <= host.port_in(port) <= 0xFF
    after = {row["id"]: row for row in fuzz_store.export()}
    # A program can add to its own board only, and never change or remove a post.
    for post_id, row in before.items():
        assert after[post_id] == row
    for post_id in after.keys() - before.keys():
        assert after[post_id]["board"] == "wall"
        assert all(" " <= ch <= "~" for ch in after[post_id]["text"])
        fuzz_store.delete(post_id)


@FAST
@given(data=st.binary(max_size=600), cols=st.sampled_from([32, 40, 80]))
def test_the_terminal_takes_any_bytes(data, cols):
    terminal = Terminal(cols, 24)
    for byte in data:
        terminal.output(byte)
    terminal.flush()
    lines = terminal.lines()
    assert len(lines) == 24 and all(len(line) == cols for line in lines)
    x, y, _ = terminal.cursor()
    assert 0 <= x <= cols and 0 <= y < 24
    # Whatever came in, what the screen holds is printable text. (The DEC
    # line-drawing set's blank, '_' after Shift Out, is U+00A0 by design.)
    assert all(ch.isprintable() or ch == "\xa0" for line in lines for ch in line)


def test_the_line_drawing_blank_is_a_no_break_space():
    """Found by the fuzz above: Shift Out, then '_', draws the DEC set's blank."""
    terminal = Terminal(80, 24)
    for byte in b"\x0e_\x0fA":
        terminal.output(byte)
    terminal.flush()
    assert terminal.lines()[0].startswith("\xa0A")


def _out_in_program(ops: list[tuple[bool, int, int]]) -> bytes:
    code = bytearray()
    for is_out, port, value in ops:
        if is_out:
            code += bytes([0x3E, value, 0xD3, port])           # LD A,value ; OUT (port),A
        else:
            code += bytes([0xDB, port])                        # IN A,(port)
    code += bytes([0xC3, 0x00, 0x00])                          # JP 0: back to CP/M
    return bytes(code)


@fuzz(25)
@given(ops=st.lists(st.tuples(st.booleans(), ports, st.integers(0, 255)), min_size=1, max_size=200))
def test_random_out_and_in_instructions_on_a_real_z80(fuzz_store, ops):
    """The same device, reached by OUT and IN instructions a random program runs."""
    profile = Profile(programs=("FUZZ",), boot="FUZZ", mhz=None, board="wall")
    machine = Machine(profile, {"FUZZ": _out_in_program(ops)}, store=fuzz_store)
    machine.start()
    try:
        assert machine.wait_for_text("A>", timeout=20), machine.terminal.text()
        assert machine.fault is None and machine.error is None
    finally:
        machine.stop()
    for post in fuzz_store.list("wall", limit=100):
        if post.author != "Ann":
            fuzz_store.delete(post.id)


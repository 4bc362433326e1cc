"""The Sinclair machines, on a test ROM of our own (tests/z80/sinrom.mac), and
on the real ZX80 and ZX81 ROMs when the user has them (EXHIBIT_ZX80_ROM,
EXHIBIT_ZX81_ROM: paths to the images; none is shipped)."""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import time
from pathlib import Path

import pytest

from emulator.sinclair import RomError, SinclairError, SinclairMachine, TapeError, identify, load_rom
from emulator.sinclair.charset import code_of, glyph, text_of
from emulator.sinclair.rom import Layout, find_rom
from emulator.sinclair.tape import read_program
from exhibit.commands.run import RunError, add_arguments, machine_from_args

HERE = Path(__file__).parent
needs_um80 = pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                                reason="needs the ROM tools")


def _build_rom(work: Path) -> tuple[bytes, dict[str, int]]:
    from roms import build

    rel = build._assemble(HERE / "z80" / "sinrom.mac", work)
    out = work / "sinrom.com"
    sym = work / "sinrom.sym"
    build._tool("ul80", "-p", "0", "-o", out, "-S", sym, rel, cwd=work)
    symbols = {}
    for line in sym.read_text().splitlines():
        addr, name = line.split()
        symbols[name] = int(addr, 16)
    image = out.read_bytes()
    return image + b"\xff" * (8192 - len(image)), symbols


@pytest.fixture(scope="module")
def test_rom(tmp_path_factory):
    if importlib.util.find_spec("um80") is None:
        pytest.skip("needs the ROM tools")
    data, sym = _build_rom(tmp_path_factory.mktemp("sinrom"))
    rom = identify(data, "zx81", source="sinrom")
    assert not rom.known and "not a ZX81 ROM we know" in rom.warning
    # Our ROM is laid out like a ZX81's; its routines are where the linker put them.
    layout = Layout(
        display=sym["DISPLAY"], display_c_from=None, keys=sym["KEYS"], shifted=sym["SHIFTED"],
        function=None, tokens=sym["TOKENS"], first_token=0xBF, extra_tokens=(),
        k_flag_set_means_k=False, wait_loop=(sym["MAIN"], sym["MAINE"]), debounce=0x4090,
        load=sym["LOADPT"], save=sym["SAVEPT"], after_tape=sym["TAPED"], pop_before=False,
        signature=())
    return dataclasses.replace(rom, layout=layout)


@pytest.fixture
def machine(test_rom, tmp_path):
    # At the ZX81's own 3.25 MHz: a key is held for three frames (60 ms),
    # long enough for the test to see it in the picture.
    m = SinclairMachine(test_rom, ram_kb=16, mount=tmp_path)
    m.start()
    assert m.wait_for_input(10), m.terminal.text()
    yield m
    m.stop()


def _row(m: SinclairMachine, y: int) -> str:
    return m.terminal.lines()[y].rstrip()


def _until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


# -- the screen ----------------------------------------------------------


def test_the_screen_shows_the_display_file_block_graphics_and_inverse(machine):
    m = machine
    assert _row(m, 0) == "HELLO"
    cells = m.terminal.row_chars(1)
    plain = "".join(c.data for c in cells[:11])
    assert plain == " ▘▝▀▖▌▞▛▒▄▀"
    assert not any(c.reverse for c in cells[:11])
    # Codes 128-138: the same shapes, inverse (drawn as reverse video).
    assert "".join(c.data for c in cells[12:23]) == plain
    assert all(c.reverse for c in cells[12:23])
    # The grey half blocks (codes 9 and 10) are dim, so they read as grey.
    assert [c.dim for c in cells[8:11]] == [False, True, True]
    inv = m.terminal.row_chars(2)[:3]
    assert "".join(c.data for c in inv) == "INV" and all(c.reverse for c in inv)
    # The terminal interface the exhibit's TerminalView reads.
    assert m.terminal.cols == 32 and m.terminal.rows == 24
    assert m.terminal.cursor()[2] is False
    assert set(m.terminal.take_dirty()) <= set(range(24))


def test_the_screen_wakes_its_reader_when_the_picture_changes(machine):
    m = machine
    seen = m.terminal.version
    woken: list[bool] = []
    m.terminal.take_dirty()
    m.terminal.wake_on_change(seen, lambda: woken.append(True))
    m.type("Q")
    assert _until(lambda: bool(woken))
    assert 4 in m.terminal.take_dirty()


def test_the_faithful_display_goes_blank_while_the_rom_computes(test_rom, tmp_path):
    m = SinclairMachine(test_rom, ram_kb=16, mount=tmp_path, faithful_display=True)
    m.start()
    try:
        assert m.wait_for_input(10)
        m.type(b".")                    # our ROM computes for 0.2 s, drawing nothing
        assert _until(lambda: m.terminal.blank)
        assert m.terminal.text().strip() == ""
        assert _until(lambda: not m.terminal.blank and _row(m, 0) == "HELLO")
    finally:
        m.stop()


def test_by_default_the_last_picture_stays_while_the_rom_computes(machine):
    m = machine
    frames = m.terminal.frames
    m.type(b".")
    assert _until(lambda: m.keyboard.idle)
    for _ in range(30):
        assert not m.terminal.blank and _row(m, 0) == "HELLO"
        time.sleep(0.01)
    assert m.terminal.frames > frames


# -- the keyboard --------------------------------------------------------


def _matrix(m: SinclairMachine) -> str:
    """The test ROM's picture of the matrix: 40 keys, X for each one down."""
    cells = m.terminal.row_chars(3)[:20] + m.terminal.row_chars(7)[:20]
    return "".join("X" if c.reverse else "." for c in cells)


def test_keys_arrive_through_the_matrix(machine):
    m = machine
    assert _matrix(m) == "." * 40
    m.keyboard.press(("SHIFT", "V"))
    # Half-row A8 is SHIFT Z X C V: SHIFT (bit 0) and V (bit 4) down.
    assert _until(lambda: _matrix(m) == "X...X" + "." * 35)
    assert _until(lambda: _matrix(m) == "." * 40)        # and let go


def test_each_half_row_answers_its_own_address_line(machine):
    m = machine
    for key, column in (("SPACE", 35), ("B", 39), ("1", 15), ("NEWLINE", 30), ("T", 14)):
        m.keyboard.press((key,))
        want = "." * column + "X" + "." * (39 - column)
        assert _until(lambda w=want: _matrix(m) == w), key
        assert _until(lambda: _matrix(m) == "." * 40)


def test_typed_text_goes_through_the_key_tables(machine):
    m = machine
    m.type("AB$1+2")
    assert m.wait_for_input(10)
    assert _row(m, 4) == "AB$1+2"
    # Keys from the exhibit's key map: one byte, one key (SHIFT added for symbols).
    m.type(b"z?")
    assert m.wait_for_input(10)
    assert _row(m, 4) == "AB$1+2Z?"


def test_a_paste_in_chunks_is_typed_as_one_text(machine):
    m = machine
    m.type(b"AB$")              # a paste arrives as several bytes at once
    m.type(b"1+2")              # ... in chunks, while the first is still typing
    assert m.wait_for_input(10)
    assert _row(m, 4) == "AB$1+2"


def test_the_machine_explains_its_keys(machine, tmp_path):
    text = "\n".join(machine.key_help())
    assert "P is PRINT" in text and "Ctrl+F is FUNCTION" in text and str(tmp_path) in text


def test_the_exhibit_key_bytes_map_to_sinclair_keys(machine):
    chords = machine.chords(b"a\r\x7f\x08 .\x1b[D\x1b[A")
    assert chords == [("A",), ("NEWLINE",), ("SHIFT", "0"), ("SHIFT", "0"), ("SPACE",), (".",),
                      ("SHIFT", "5"), ("SHIFT", "7")]
    assert machine.chords(b"+")[0] == ("SHIFT", "3")      # from our ROM's shifted table
    # The keys a PC has not got: Ctrl+F is FUNCTION, Ctrl+G GRAPHICS, Ctrl+E EDIT.
    assert machine.chords(b"\x06\x07\x05") == [("SHIFT", "NEWLINE"), ("SHIFT", "9"), ("SHIFT", "1")]


def test_nmis_never_split_a_prefixed_instruction(machine):
    m = machine
    m.type(b"n")                # our ROM counts under the ZX81's NMIs
    assert _until(lambda: m.keyboard.idle and m.nmi_on is False and m.cpu.memory[0x4040] == 0xD0)
    assert m.wait_for_input(10)
    assert bytes(m.cpu.memory[0x4040:0x4042]) == b"\xd0\xd0"
    assert m.cpu.memory[0x4091] == 0


# -- tape ----------------------------------------------------------------


def test_save_trap_writes_the_program_bytes(machine, tmp_path):
    saved = tmp_path / "T.p"
    assert machine.saved == [saved]
    data = saved.read_bytes()
    # 4009h up to E_LINE (4030h): the system area and the ROM's alphabet at 4016h.
    assert len(data) == 0x4030 - 0x4009
    assert data[0x4014 - 0x4009:0x4016 - 0x4009] == b"\x30\x40"
    assert text_of("zx81", data[13:]) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_load_trap_reads_the_file_into_memory(machine, tmp_path):
    m = machine
    assert _row(m, 5)[13:] == "ABCDEFGHIJKLMNOPQRS"
    program = bytearray((tmp_path / "T.p").read_bytes())
    program[13:23] = bytes(range(0x1C, 0x26))          # the digits 0-9 over A-J
    (tmp_path / "T.p").write_bytes(bytes(program))
    m.type(b"\r")                                       # NEWLINE: the ROM LOADs "T"
    assert _until(lambda: _row(m, 5)[13:] == "0123456789KLMNOPQRS"), m.terminal.text()
    assert m.loaded == ["T.p"]
    assert bytes(m.cpu.memory[0x4009:0x4030]) == bytes(program)


def test_load_with_no_file_says_so_and_leaves_the_rom_waiting(test_rom, tmp_path):
    m = SinclairMachine(test_rom, ram_kb=16, mount=tmp_path, mhz=None)
    m.start()
    try:
        assert m.wait_for_input(10)
        (tmp_path / "T.p").unlink()
        m.type(b"\r")
        assert _until(lambda: any("no file" in n for n in m.notices))
        assert 'LOAD: no file for "T"' in m.notices[-1]
    finally:
        m.stop()


def test_reset_goes_back_to_the_first_wait_for_a_key(machine):
    m = machine
    m.type("XYZ")
    assert m.wait_for_input(10) and _row(m, 4) == "XYZ"
    m.reset()
    assert _row(m, 4) == ""
    assert m.wait_for_input(10)
    m.type("Q")
    assert m.wait_for_input(10) and _row(m, 4) == "Q"


def test_program_files_are_checked_before_they_load(tmp_path):
    small = tmp_path / "BIG.p"
    image = bytearray(0x3000)
    image[0x4014 - 0x4009:0x4016 - 0x4009] = (0x9000 - 1).to_bytes(2, "little")
    small.write_bytes(bytes(image))
    with pytest.raises(TapeError, match="E_LINE"):
        read_program(small, "zx81", 0x8000)
    image[0x4014 - 0x4009:0x4016 - 0x4009] = (0x4009 + len(image)).to_bytes(2, "little")
    small.write_bytes(bytes(image))
    with pytest.raises(TapeError, match="needs 13 KB of RAM; run with --ram 16"):
        read_program(small, "zx81", 0x4400)
    with pytest.raises(TapeError, match="is a ZX81 program; run it with --machine zx81"):
        read_program(small, "zx80", 0x8000)
    with pytest.raises(TapeError, match="there is no program file"):
        read_program(tmp_path / "NONE.p", "zx81", 0x8000)


# -- ROMs and the character set ----------------------------------------------


def test_roms_are_checked_by_size_and_named_when_known(tmp_path):
    with pytest.raises(RomError, match="is 100 bytes; the ZX80 ROM is 4,096 bytes"):
        identify(b"\0" * 100, "zx80")
    rom = identify(b"\0" * 8192, "zx81")
    assert not rom.known and rom.layout is None and "CRC" in rom.warning
    with pytest.raises(RomError, match="there is no ROM file"):
        load_rom(tmp_path / "nope.rom", "zx81")
    with pytest.raises(RomError, match="no Sinclair machine called"):
        identify(b"", "spectrum")
    assert find_rom(tmp_path, "zx81") is None


def test_a_rom_with_no_display_routine_is_refused():
    with pytest.raises(SinclairError, match="no display routine"):
        SinclairMachine(identify(b"\0" * 8192, "zx81"))


def test_character_sets():
    assert glyph("zx81", 0x26) == ("A", False, False)
    assert glyph("zx81", 0x80 | 0x1C) == ("0", True, False)
    assert glyph("zx80", 0x01) == ('"', False, False)       # the ZX80 puts the quote first
    assert glyph("zx81", 0x0B) == ('"', False, False)
    assert code_of("zx81", "*") == 0x17 and code_of("zx80", "*") == 0x14
    assert code_of("zx81", "a") == 0x26 and code_of("zx81", "▘") is None


# -- the command line -------------------------------------------------------


def _args(**kw: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    ns = parser.parse_args([])
    for key, value in kw.items():
        setattr(ns, key, value)
    return ns


def test_run_needs_a_rom_for_a_sinclair(tmp_path):
    with pytest.raises(RunError, match="needs --rom FILE"):
        machine_from_args(_args(run_machine="zx81"))
    with pytest.raises(RunError, match="there is no ROM file"):
        machine_from_args(_args(run_machine="zx80", run_rom=str(tmp_path / "zx80.rom")))
    rom = tmp_path / "zx81.rom"
    rom.write_bytes(b"\0" * 4096)
    with pytest.raises(RunError, match="is 4,096 bytes; the ZX81 ROM is 8,192"):
        machine_from_args(_args(run_machine="zx81", run_rom=str(rom)))
    with pytest.raises(RunError, match="--ram takes 1 or 16"):
        machine_from_args(_args(run_machine="zx81", run_rom=str(rom), run_ram=4))
    with pytest.raises(RunError, match="--rom needs --machine zx80 or --machine zx81"):
        machine_from_args(_args(run_rom=str(rom)))


@needs_um80
def test_run_builds_the_machine_with_a_warning_for_an_unknown_rom(tmp_path, capsys):
    data, _ = _build_rom(tmp_path)
    rom = tmp_path / "mine.rom"
    rom.write_bytes(data)
    m, title = machine_from_args(_args(run_machine="zx81", run_rom=str(rom), run_ram=16,
                                       run_type="HELLO"))
    assert isinstance(m, SinclairMachine) and title == "ZX81 · 16 KB RAM"
    assert "not a ZX81 ROM we know" in capsys.readouterr().err


# -- the real ROMs, when the user has them -----------------------------------------


def _real(model: str) -> Path | None:
    path = os.environ.get(f"EXHIBIT_{model.upper()}_ROM")
    return Path(path) if path else None


@pytest.mark.parametrize("model", ["zx81", "zx80"])
def test_real_rom_prints_6_times_7(model):
    path = _real(model)
    if path is None:
        pytest.skip(f"set EXHIBIT_{model.upper()}_ROM to your {model.upper()} ROM image")
    rom = load_rom(path, model)
    assert rom.known and rom.layout is not None, rom.warning
    m = SinclairMachine(rom, mhz=None)
    m.start()
    try:
        assert m.wait_for_input(20)
        m.type("PRINT 6*7\n")           # P in K mode is PRINT; * is SHIFT+B (ZX81) or SHIFT+P
        assert m.wait_for_text("42", 20), m.terminal.text()
        assert m.terminal.lines()[0].rstrip() == "42"
    finally:
        m.stop()


def test_real_zx81_saves_and_loads_a_program(tmp_path):
    path = _real("zx81")
    if path is None:
        pytest.skip("set EXHIBIT_ZX81_ROM to your ZX81 ROM image")
    rom = load_rom(path, "zx81")
    m = SinclairMachine(rom, mhz=None, mount=tmp_path)
    m.start()
    try:
        assert m.wait_for_input(20)
        m.type('10 PRINT "SAVED"\n20 PRINT 6*7\n')
        assert m.wait_for_input(30)
        m.type('SAVE "DEMO"\n')
        assert m.wait_for_input(30)
        assert m.saved == [tmp_path / "DEMO.p"]
    finally:
        m.stop()
    m = SinclairMachine(rom, mhz=None, program=tmp_path / "DEMO.p", type_text="RUN")
    m.start()
    try:
        assert m.wait_for_text("42", 30), m.terminal.text()
        assert m.terminal.lines()[0].rstrip() == "SAVED" and m.loaded == ["DEMO"]
    finally:
        m.stop()


# -- at a stop: [machine] rom = "zx80" ----------------------------------------


def _stop_with_rom(tmp_path: Path, model: str) -> Path:
    """A copy of the shipped stops whose ZX80 stop asks for the real machine."""
    import shutil

    from timeline import default_dir

    content = tmp_path / "content"
    shutil.copytree(default_dir(), content)
    stop = content / "30-zx80.md"
    stop.write_text(stop.read_text().replace('base = "zx80"\n', f'base = "zx80"\nrom = "{model}"\n'))
    return content


def test_a_stop_asking_for_a_rom_runs_its_own_program_until_the_curator_adds_one(tmp_path):
    import subprocess
    import sys

    from emulator import Machine
    from exhibit.machines import machine_for
    from timeline import load_timeline

    content = _stop_with_rom(tmp_path, "zx80")
    data = tmp_path / "data"
    stop = next(s for s in load_timeline(content) if s.id == "zx80")
    m = machine_for(stop, data=data)
    assert isinstance(m, Machine) and m.profile.rom == "zx80"        # Exhibit BASIC
    done = subprocess.run([sys.executable, "-m", "exhibit", "--data", str(data), "check",
                           str(content)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f'zx80: rom = "zx80" but {data / "roms"} has no ZX80 ROM, so the stop runs its own '
            "program; to run the real ZX80, copy your 4 KB ROM image there as zx80.rom") in done.stdout


def test_a_bad_rom_setting_is_a_problem(tmp_path):
    from emulator import Profile, ProfileError

    with pytest.raises(ProfileError, match='rom must be "zx80" or "zx81"'):
        Profile.from_mapping({"base": "zx80", "rom": "spectrum"})


def test_a_stop_asking_for_a_rom_runs_the_real_machine_when_it_is_there(tmp_path):
    path = _real("zx80")
    if path is None:
        pytest.skip("set EXHIBIT_ZX80_ROM to your ZX80 ROM image")
    import shutil

    from exhibit.commands.check import rom_notes
    from exhibit.machines import machine_for
    from timeline import load_timeline

    data = tmp_path / "data"
    (data / "roms").mkdir(parents=True)
    shutil.copy(path, data / "roms" / "my-zx80.bin")
    stops = load_timeline(_stop_with_rom(tmp_path, "zx80"))
    stop = next(s for s in stops if s.id == "zx80")
    m = machine_for(stop, data=data)
    assert isinstance(m, SinclairMachine) and m.rom.name == "ZX80 4K BASIC"
    assert rom_notes(stops, data) == [f"zx80: runs the real ZX80 on your ZX80 4K BASIC ROM from "
                                      f"{data / 'roms'}"]


def test_real_zx80_saves_and_loads_a_program(tmp_path):
    path = _real("zx80")
    if path is None:
        pytest.skip("set EXHIBIT_ZX80_ROM to your ZX80 ROM image")
    rom = load_rom(path, "zx80")
    m = SinclairMachine(rom, mhz=None, mount=tmp_path)
    m.start()
    try:
        assert m.wait_for_input(20)
        m.type("10 PRINT 6*7\n")
        assert m.wait_for_input(30)
        m.type("SAVE\n")             # the ZX80's programs have no names
        assert m.wait_for_input(30)
        assert m.saved == [tmp_path / "zx80.o"]
    finally:
        m.stop()
    m = SinclairMachine(rom, mhz=None, program=tmp_path / "zx80.o")
    m.start()                          # LOAD, then RUN, typed for you
    try:
        assert m.wait_for_text("42", 30), m.terminal.text()
        assert m.loaded == ["zx80"]
    finally:
        m.stop()


# -- in the exhibit: the machine panel hosts it -------------------------------------


@needs_um80
async def test_run_shows_the_sinclair_in_the_machine_panel(tmp_path):
    from exhibit.commands.run import build_from_args
    from exhibit.run_app import RunApp
    from exhibit.widgets.terminal import TerminalView

    data, _ = _build_rom(tmp_path)
    rom = tmp_path / "mine.rom"
    rom.write_bytes(data)
    build, title, *_ = build_from_args(_args(run_machine="zx81", run_rom=str(rom), run_ram=16))
    app = RunApp(build, title=title)
    async with app.run_test(size=(80, 32)) as pilot:
        view = app.query_one(TerminalView)

        def row(y: int) -> str:
            return view.render_line(y).text.strip("┃ ")

        async def until(predicate) -> bool:
            for _ in range(200):
                if predicate():
                    return True
                await pilot.pause(0.05)
            return predicate()

        assert await until(lambda: row(0) == "HELLO"), [row(y) for y in range(6)]
        # Our (unknown) ROM has no keyword table, so keys type as themselves.
        await pilot.press("q", "1")
        assert await until(lambda: row(4) == "Q1"), row(4)
        assert view.machine.state == "waiting for a key" or await until(
            lambda: view.machine.state == "waiting for a key")

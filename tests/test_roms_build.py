"""Every program rebuilds from its source to exactly the committed .COM bytes."""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor

import pytest

import roms
from roms import build


def test_every_program_has_a_source_and_a_binary():
    sources = sorted(build.program_sources())
    assert sources == roms.program_names()
    assert "MEMO" in sources


@pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                    reason="the ROM tools are not installed (pip install '.[build]')")
def test_rebuild_matches_committed_bytes(tmp_path):
    # The tools are one process per module, one after another: the programs
    # are built in two halves side by side, one a core (each half makes its
    # own copy of the library), which takes about a third off this test.
    halves: list[list[str]] = [[], []]
    weight = [0, 0]
    for name, sources in sorted(build.program_sources().items(), key=lambda p: -len(p[1])):
        lighter = weight.index(min(weight))
        halves[lighter].append(name)
        weight[lighter] += len(sources)
    with ThreadPoolExecutor(2) as pool:
        built = [com for part in pool.map(lambda names: build.build(tmp_path, names), halves)
                 for com in part]
    assert sorted(com.stem for com in built) == sorted(build.program_sources()), "not every program was built"
    for com in built:
        committed = (build.PROGRAMS / com.name).read_bytes()
        assert com.read_bytes() == committed, f"{com.name} differs from its source: run python -m roms.build"
        sym = com.with_suffix(".SYM")
        assert sym.read_text() == (build.PROGRAMS / sym.name).read_text(), \
            f"{sym.name} differs from its source: run python -m roms.build"


def test_symbols_name_our_programs_labels():
    labels = roms.load_symbols("MEMO")
    assert labels[0x100] == "START"                     # the entry point, first byte of the TPA
    assert all(0x100 <= addr < 0x100 + len(roms.load_program("MEMO")) for addr in labels)
    assert roms.load_symbols("NOPE") == {}


@pytest.mark.skipif(importlib.util.find_spec("um80") is None,
                    reason="the ROM tools are not installed (pip install '.[build]')")
def test_a_label_two_modules_define_and_a_third_imports_is_refused(tmp_path):
    # With every symbol PUBLIC for the symbol file, the linker would bind
    # the import to the first definition: a different program.
    said = "Warning: %Mult. Def. Global TINS: defined in DRAW and in TEXT; DRAW's definition is used"
    a, b, c = (tmp_path / n for n in ("a.mac", "b.mac", "c.mac"))
    a.write_text("TINS:   DB 0\n")
    b.write_text("        PUBLIC TINS\nTINS:   RET\n")
    c.write_text("        EXTRN   TINS, OTHER\n        CALL TINS\n")
    with pytest.raises(build.BuildError, match="TINS is defined in more than one module"):
        build._check_labels_unique(said, [a, b, c])
    build._check_labels_unique(said, [a, b])            # nobody imports it: harmless


def test_unknown_program_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no program called NOPE"):
        roms.load_program("nope")

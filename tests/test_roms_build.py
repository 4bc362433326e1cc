"""Every program rebuilds from its source to exactly the committed .COM bytes."""

from __future__ import annotations

import importlib.util

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
    built = build.build(tmp_path)
    assert built, "nothing was built"
    for com in built:
        committed = (build.PROGRAMS / com.name).read_bytes()
        assert com.read_bytes() == committed, f"{com.name} differs from its source: run python -m roms.build"


def test_unknown_program_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no program called NOPE"):
        roms.load_program("nope")

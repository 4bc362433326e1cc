"""The content rules: every rule has a broken file in tests/fixtures/broken/ that it catches."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from timeline import ContentError, Lane, check_folder, load_timeline

BROKEN = Path(__file__).parent / "fixtures" / "broken"

# Each broken file, the line a curator must go to, and what the checker says there.
EXPECTED = [
    ("20-backwards.md", 5, ("year 1980 is earlier than 1990, the year of the work stop "
                            "before it (10-good.md)")),
    ("30-unknown.md", 7, "unknown setting 'colour'"),
    ("30-unknown.md", 14, "unknown section '## Notes for me'"),
    ("40-long.md", 3, "title has 59 characters; keep it to 40"),
    ("40-long.md", 3, "is longer than 12 characters; set a shorter label"),
    ("40-long.md", 8, "the story has 160 words"),
    ("40-long.md", 17, "4 discussion prompts; keep it to 3"),
    ("40-long.md", 21, "should start with https://"),
    ("50-dupe.md", 2, "id 'good' is already used by 10-good.md"),
    ("60-noprog.md", 7, "program NOSUCH is not built (built: MEMO)"),
    ("70-machine.md", 8, "a [machine] table needs a program"),
    ("75-badmachine.md", 9, "[machine]: unknown machine setting 'colour'"),
    ("80-missing.md", 1, "missing setting 'title'"),
    ("80-missing.md", 6, "the stop has no sources"),
    ("90-control.md", 11, "control character U+001B"),
    ("95-screen.md", 8, "either a program (on its Z80) or a screen, not both"),
    ("95-screen.md", 8, "unknown screen 'billboard' (known: wall)"),
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def stop_file(id: str, year: int, lane: str, extra: str = "") -> str:
    return (f'+++\nid = "{id}"\ntitle = "Stop {id}"\nlabel = "{id}"\nyear = {year}\n'
            f'lane = "{lane}"\n{extra}+++\n\n## Story\n\nA story.\n\n## Sources\n\n- A book\n')


def test_every_broken_file_is_caught_at_its_line():
    stops, problems = check_folder(BROKEN, programs=["MEMO"])
    found = [(p.path.name, p.line, p.message) for p in problems]
    for name, line, message in EXPECTED:
        assert any(n == name and ln == line and message in m for n, ln, m in found), \
            (name, line, message, found)
    # Nothing else: one problem per mistake, no echoes.
    assert len(found) == len(EXPECTED)
    # The good file still loads, and comes first on the journey.
    assert stops[0].id == "good"


def test_problems_read_file_by_file_top_to_bottom():
    _, problems = check_folder(BROKEN, programs=["MEMO"])
    keys = [(str(p.path), p.line) for p in problems]
    assert keys == sorted(keys)
    assert all(str(p).startswith(f"{p.path}:{p.line}: ") for p in problems)


def test_the_shipped_content_passes_every_rule():
    stops, problems = check_folder()
    assert problems == []
    assert [s.id for s in stops] == ["mainframe", "memo", "zx80", "bbc", "desktop", "network",
                                     "social", "wall"]


def test_every_shipped_stop_is_complete_and_the_right_length():
    for stop in load_timeline():
        assert 80 <= len(stop.story.split()) <= 150, stop.id
        assert stop.try_this and stop.notes and stop.sources, stop.id
        assert 1 <= len(stop.prompts) <= 2, stop.id
        # Every stop credits the source article.
        assert any("Gill Phillips" in s.text for s in stop.sources), stop.id


def test_a_stop_without_a_built_program_says_its_machine_is_coming(tmp_path):
    stops = {s.id: s for s in load_timeline()}
    assert stops["memo"].program == "MEMO" and not stops["memo"].machine_coming
    assert stops["wall"].screen == "wall" and not stops["wall"].machine_coming
    write(tmp_path, "1-soon.md", stop_file("soon", 1990, "work"))
    (soon,) = load_timeline(tmp_path, programs=[])
    assert soon.machine_coming and not soon.program


def test_lanes_run_forward_in_file_name_order(tmp_path):
    write(tmp_path, "1-a.md", stop_file("a", 1980, "home"))
    write(tmp_path, "2-b.md", stop_file("b", 1970, "work"))     # other lane: fine
    write(tmp_path, "3-c.md", stop_file("c", 1980, "home"))     # same year: fine
    stops = load_timeline(tmp_path, programs=[])
    assert [s.id for s in stops] == ["a", "b", "c"]


def test_a_both_lane_stop_counts_in_each_lane(tmp_path):
    write(tmp_path, "1-a.md", stop_file("a", 1990, "work"))
    write(tmp_path, "2-b.md", stop_file("b", 1985, "both"))
    with pytest.raises(ContentError) as e:
        load_timeline(tmp_path, programs=[])
    [problem] = e.value.problems
    assert problem.path.name == "2-b.md" and problem.line == 5
    assert "the work stop before it (1-a.md)" in problem.message


def test_a_broken_stop_is_left_off_the_journey_checks(tmp_path):
    # A file whose year cannot be read must not also be reported out of order.
    write(tmp_path, "1-a.md", stop_file("a", 1990, "work"))
    write(tmp_path, "2-b.md", stop_file("b", 1990, "work").replace("year = 1990", "year = \"x\""))
    _, problems = check_folder(tmp_path, programs=[])
    assert [(p.path.name, p.line) for p in problems] == [("2-b.md", 5)]


def test_the_programs_built_are_the_ones_in_roms():
    # With no list given, the checker asks roms which programs are built.
    stops, problems = check_folder()
    assert not problems and any(s.program == "MEMO" for s in stops)


def test_a_long_word_cannot_wrap(tmp_path):
    write(tmp_path, "1-a.md", stop_file("a", 1990, "work").replace("A story.", "x" * 40))
    _, problems = check_folder(tmp_path, programs=[])
    assert [p.line for p in problems] == [9]
    assert "cannot wrap" in problems[0].message


def test_lane_both_is_in_each_lane():
    assert Lane.BOTH.includes(Lane.HOME) and Lane.BOTH.includes(Lane.WORK)
    assert not Lane.HOME.includes(Lane.WORK)

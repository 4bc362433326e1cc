"""The stop file loader: the shipped stops load; mistakes name file and line."""

from __future__ import annotations

import textwrap

import pytest

from timeline import ContentError, Lane, load_stop, load_timeline

GOOD = """\
+++
id = "memo"
title = "A memo"
year = 1978
lane = "work"
program = "MEMO"
+++

## Story

First line
continues here.

Second paragraph.

## Discussion

- One?
- Two,
  wrapped?

## Sources

- A source | https://example.org
"""


def write(tmp_path, text, name="stop.md"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_shipped_stops_load():
    stops = load_timeline()
    memo = next(s for s in stops if s.id == "memo")
    assert memo.lane is Lane.WORK
    assert memo.program == "MEMO"
    assert 80 <= len(memo.story.split()) <= 150
    assert memo.prompts and memo.sources and memo.notes and memo.try_this


def test_a_good_file(tmp_path):
    stop = load_stop(write(tmp_path, GOOD))
    assert stop.story == "First line continues here.\n\nSecond paragraph."
    assert stop.prompts == ("One?", "Two, wrapped?")
    assert stop.sources[0].url == "https://example.org"


@pytest.mark.parametrize("change, line, message", [
    (("lane = \"work\"", "lane = \"office\""), 5, "lane must be home, work or both"),
    (("year = 1978", "year = \"soon\""), 4, "year must be a year"),
    (("program = \"MEMO\"", "programme = \"MEMO\""), 6, "unknown setting 'programme'"),
    (("id = \"memo\"", "id = \"Memo Stop\""), 2, "id must be a short lower-case name"),
    (("## Discussion", "## Disscussion"), 16, "unknown section '## Disscussion'"),
    (("title = \"A memo\"", "title = \"A memo"), 3, "not valid TOML"),
])
def test_mistakes_name_their_line(tmp_path, change, line, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ContentError) as e:
        load_stop(path)
    problem = e.value.problems[0]
    assert problem.line == line
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}: ")


def test_missing_story_and_fields(tmp_path):
    path = write(tmp_path, "+++\nid = \"x\"\n+++\n")
    with pytest.raises(ContentError) as e:
        load_stop(path)
    messages = [p.message for p in e.value.problems]
    assert "missing setting 'title'" in messages
    assert any("no '## Story'" in m for m in messages)


def test_duplicate_ids_in_a_folder(tmp_path):
    write(tmp_path, GOOD, "a.md")
    write(tmp_path, GOOD, "b.md")
    with pytest.raises(ContentError, match="already used by a.md"):
        load_timeline(tmp_path)

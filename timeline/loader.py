"""Read stop files: TOML front matter between ``+++`` lines, then Markdown sections.

A stop file looks like this::

    +++
    id = "memo"
    title = "The memo and its carbon copies"
    label = "Memo"
    year = 1978
    year_label = "late 1970s"
    lane = "work"
    program = "MEMO"

    [machine]
    theme = "paper"
    +++

    ## Story
    ...
    ## Try this
    ...
    ## Presenter notes
    ...
    ## Discussion
    - a prompt for the room
    ## Sources
    - Title of the source | https://address

Settings (required: id, title, year, lane):

    id          short lower-case name, unique in the folder ("memo")
    title       the stop's title, at most 40 characters
    label       the name on its timeline marker, at most 12 (default: title)
    year        a whole year; places the stop on the journey (1978)
    year_label  how the year is shown, at most 10 characters ("late 1970s")
    lane        "home", "work" or "both" (a "both" stop sits in each lane)
    program     the era program its Z80 runs, a built roms program ("MEMO")
    screen      an exhibit screen shown instead of a Z80 ("wall")
    stream      a folder beside the stop files holding the social stream,
                one thread file each (``timeline.stream``), which the
                stop's Z80 reads from its board ("social")
    picture     a picture of the stop's object, a file in the ``pictures``
                folder beside the stop files ("memo.pic"; see timeline.picture)
    [machine]   the Z80's profile (emulator.Profile: mhz, cols, rows,
                terminal, theme, backspace, arrows, programs, boot,
                restart); only with a program

A stop with a ``program`` runs a Z80; a stop with a ``screen`` shows that
exhibit screen and has no Z80; a stop with neither has a machine that is
still coming, and says so.

Sections (required: Story and Sources): ``## Story`` (at most 150 words),
``## Try this`` (shown beside the machine), ``## Presenter notes``,
``## Discussion`` (bullets, at most 3) and ``## Sources`` (bullets; a source
may end with ``| https://address``).

The folder's files, in file-name order, are the journey: name them
``10-mainframe.md``, ``20-memo.md`` ... so a new stop slots in between.
``check_folder`` reads every file and applies every rule in
``timeline.rules``; each mistake becomes a Problem with the file and line it
is on, so a curator can go straight to it.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from timeline import rules
from timeline.picture import check_picture
from timeline.problem import ContentError, Problem, control_in_settings, read_content
from timeline.stop import Lane, Source, Stop

__all__ = ["ContentError", "Problem", "check_folder", "default_dir", "load_stop",
           "load_timeline", "read_stop"]

FENCE = "+++"
REQUIRED = ("id", "title", "year", "lane")
OPTIONAL = ("label", "year_label", "program", "screen", "stream", "picture", "machine")
SECTIONS = {
    "story": "story",
    "try this": "try_this",
    "type-in listing": "listing",
    "presenter notes": "notes",
    "discussion": "prompts",
    "sources": "sources",
}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,23}$")


def default_dir() -> Path:
    """The stop files that ship with the exhibit."""
    return Path(str(resources.files("timeline") / "stops"))


def _key_lines(lines: list[str], first: int) -> dict[str, int]:
    # tomllib gives no positions, so find where each top-level key (or
    # table) starts by reading the lines ourselves.
    where: dict[str, int] = {}
    for n, line in enumerate(lines, start=first):
        m = re.match(r"^\s*\[?\s*([A-Za-z_][A-Za-z0-9_-]*)\s*[\]=]", line)
        if m and m.group(1) not in where:
            where[m.group(1)] = n
    return where


def _bullets(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The bulleted items of a section, each with the line it starts on."""
    items: list[tuple[int, str]] = []
    for n, line in body:
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append((n, stripped[2:].strip()))
        elif stripped and items:
            first, text = items[-1]
            items[-1] = (first, text + " " + stripped)    # a bullet continued on the next line
    return items


def _verbatim(body: list[tuple[int, str]]) -> str:
    # A listing is typed exactly as printed: its lines are kept as they are.
    lines = [text.rstrip() for _, text in body]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _paragraphs(body: list[tuple[int, str]]) -> str:
    # Curators wrap lines to suit their editor; the screen wraps them to
    # suit the screen. A blank line is what ends a paragraph.
    text = "\n".join(line for _, line in body)
    paras = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paras if p.strip())


def read_stop(path: Path) -> tuple[Stop | None, list[Problem]]:
    """Read one stop file: the Stop (None when it cannot be built) and every problem found.

    A Stop comes back with problems too (when the settings could be read at
    all), so the rules can look at its text; it is good only when the list
    of problems is empty.

    This checks what a single file can get wrong on its own (its settings,
    their types, its sections); ``timeline.rules`` checks lengths and the
    folder as a whole.
    """
    text, problems = read_content(path)
    if text is None:
        return None, problems

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        return None, [*problems, Problem(path, 1, f"a stop file starts with a line '{FENCE}' "
                                                  "and its settings (TOML)")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return None, [*problems, Problem(path, 1, "the settings are never closed with a "
                                                  f"'{FENCE}' line")]

    # Settings that are not TOML are one problem; the sections below are
    # still read and checked, so one run names every mistake in the file.
    front = "\n".join(lines[1:end])
    readable = True
    try:
        meta: dict[str, Any] = tomllib.loads(front)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        at_line = int(m.group(1)) + 1 if m else 1
        problem(at_line, f"settings are not valid TOML: {e}")
        meta, readable = {}, False
    where = _key_lines(lines[1:end], 2)

    def at(key: str) -> int:
        return where.get(key, 1)

    for key, value in meta.items():
        problems.extend(control_in_settings({key: value}, path, at(key)))
    for key in REQUIRED if readable else ():
        if key not in meta:
            problem(1, f"missing setting '{key}'")
    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            problem(at(key), f"unknown setting '{key}' (known: {', '.join(REQUIRED + OPTIONAL)})")

    stop_id = meta.get("id", "")
    if "id" in meta and (not isinstance(stop_id, str) or not ID_PATTERN.match(stop_id)):
        problem(at("id"), "id must be a short lower-case name like \"memo\" (letters, digits, -)")
        stop_id = ""
    title = meta.get("title", "")
    if "title" in meta and (not isinstance(title, str) or not title.strip()):
        problem(at("title"), "title must be some text")
        title = ""
    label = meta.get("label", "")
    if not isinstance(label, str) or ("label" in meta and not label.strip()):
        problem(at("label"), "label must be a short name for the timeline, like \"Memo\"")
        label = ""
    year = meta.get("year", 0)
    if "year" in meta and (isinstance(year, bool) or not isinstance(year, int)
                           or not 1800 <= year <= 2100):
        problem(at("year"), "year must be a year like 1981")
        year = 0
    lane_value = meta.get("lane", "")
    lane = Lane.BOTH
    if "lane" in meta:
        try:
            lane = Lane(lane_value)
        except (ValueError, TypeError):
            problem(at("lane"), f"lane must be home, work or both, not {lane_value!r}")
    program = meta.get("program", "")
    if not isinstance(program, str):
        problem(at("program"), "program must be a program name like \"MEMO\"")
        program = ""
    screen = meta.get("screen", "")
    if not isinstance(screen, str):
        problem(at("screen"), "screen must be the name of an exhibit screen, like \"wall\"")
        screen = ""
    stream = meta.get("stream", "")
    if not isinstance(stream, str) or ("stream" in meta and not re.match(r"^[\w-]+$", stream)):
        problem(at("stream"), "stream must be the name of a folder beside the stop files, "
                              "like \"social\"")
        stream = ""
    picture = None
    if "picture" in meta:
        name = meta["picture"]
        if isinstance(name, str):
            picture, found = check_picture(path, name.strip(), at("picture"))
            problems.extend(found)
        else:
            problem(at("picture"), "picture must be a file name like \"memo.pic\"")
    machine = meta.get("machine", {})
    if not isinstance(machine, dict):
        problem(at("machine"), "machine must be a table: [machine]")
        machine = {}
    year_label = meta.get("year_label", str(year))
    if not isinstance(year_label, str) or not year_label.strip():
        problem(at("year_label"), "year_label must be text like \"1970s\"")
        year_label = str(year)

    # The Markdown body: "## Heading" starts a section.
    sections: dict[str, list[tuple[int, str]]] = {}
    section_line: dict[str, int] = {}
    current: str | None = None
    skipping = False            # inside a section already reported as a mistake
    for n in range(end + 1, len(lines)):
        line = lines[n]
        m = re.match(r"^##\s+(.*?)\s*$", line)
        if m:
            name = m.group(1).lower()
            if name not in SECTIONS:
                problem(n + 1, f"unknown section '## {m.group(1)}' "
                               f"(known: {', '.join(s.capitalize() for s in SECTIONS)})")
                current, skipping = None, True
            elif name in sections:
                problem(n + 1, f"section '## {m.group(1)}' appears twice")
                current, skipping = None, True
            else:
                current, skipping = name, False
                sections[name] = []
                section_line[name] = n + 1
        elif current is not None:
            sections[current].append((n + 1, line))
        elif line.strip() and not skipping:
            problem(n + 1, "text outside any section: start a section with a line like '## Story'")
    story = _paragraphs(sections.get("story", []))
    if not readable:
        return None, problems
    if not story:
        problem(section_line.get("story", end + 1), "the stop has no '## Story' (or it is empty)")

    sources = []
    for _, item in _bullets(sections.get("sources", [])):
        text, _, url = item.partition("|")
        sources.append(Source(text.strip(), url.strip()))
    prompts = _bullets(sections.get("discussion", []))

    lines_of = {key: at(key) for key in meta}
    lines_of.update({SECTIONS[name]: n for name, n in section_line.items()})
    lines_of.update({f"prompt{i}": n for i, (n, _) in enumerate(prompts)})
    lines_of.update({f"source{i}": n for i, (n, _) in
                     enumerate(_bullets(sections.get("sources", [])))})
    lines_of["body"] = end + 2

    # The Stop is built even when there are problems, so the length rules can
    # still be checked; callers use it only when the list is empty.
    return Stop(
        id=stop_id,
        title=title.strip(),
        year=year,
        year_label=year_label.strip(),
        lane=lane,
        story=story,
        try_this=_paragraphs(sections.get("try this", [])),
        listing=_verbatim(sections.get("type-in listing", [])),
        notes=_paragraphs(sections.get("presenter notes", [])),
        prompts=tuple(text for _, text in prompts),
        sources=tuple(sources),
        program=program.strip().upper(),
        machine=machine,
        path=path,
        label=label.strip(),
        screen=screen.strip().lower(),
        stream_dir=stream,
        picture=picture,
        lines=lines_of,
    ), problems


def load_stop(path: Path) -> Stop:
    """Read one stop file; raises ContentError listing every problem found in it."""
    stop, problems = read_stop(path)
    if stop is None or problems:
        raise ContentError(problems)
    return stop


def check_folder(folder: Path | None = None, *,
                 programs: Iterable[str] | None = None) -> tuple[list[Stop], list[Problem]]:
    """Every stop in a folder, in journey (file-name) order, and every problem found.

    ``programs`` are the program names that exist; None means the programs
    built in ``roms``.
    """
    folder = default_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        return [], [Problem(folder, 0, "no such content folder")]
    files = sorted(folder.glob("*.md"))
    if not files:
        return [], [Problem(folder, 0, "no stop files (*.md) in this folder")]
    problems: list[Problem] = []
    built: list[Stop] = []
    good: set[Path] = set()
    for path in files:
        stop, found = read_stop(path)
        problems.extend(found)
        if stop is None:
            continue
        if stop.stream_dir:
            stop, in_stream = read_stream(stop)
            problems.extend(in_stream)
            problems.extend(rules.check_stream(stop))
        problems.extend(rules.check_stop(stop))
        built.append(stop)
        if not found:
            good.add(path)
    # Every stop that could be read is checked against the others too, even
    # one with mistakes of its own, so one run names every mistake.
    problems.extend(rules.check_journey(built))
    problems.extend(rules.check_machines(built, programs))
    # A curator reads them file by file, top to bottom.
    problems.sort(key=lambda p: (str(p.path), p.line))
    return [s for s in built if s.path in good], problems


def read_stream(stop: Stop) -> tuple[Stop, list[Problem]]:
    """The stop with its stream's threads (from the folder its ``stream`` names) and
    every problem in them."""
    from timeline import rules
    from timeline.stream import read_thread

    assert stop.path is not None
    folder = stop.path.parent / stop.stream_dir
    line = stop.line_of("stream")
    try:
        there = folder.is_dir()
    except OSError as e:        # a name too long for the disk, say
        return stop, [Problem(stop.path, line, f"stream {stop.stream_dir[:40]!r}: {e.strerror}; "
                                               "name a folder like \"social\"")]
    if not there:
        return stop, [Problem(stop.path, line, f"stream: no folder {folder}; make it, with a "
                                               ".toml file for each thread")]
    files = sorted(folder.glob("*.toml"))
    if not files:
        return stop, [Problem(stop.path, line, f"stream: no thread files (*.toml) in {folder}")]
    problems: list[Problem] = []
    threads = []
    for path in files:
        thread, found = read_thread(path)
        problems.extend(found)
        if thread is not None:
            problems.extend(rules.check_thread(thread))
            threads.append(thread)
    return dataclasses.replace(stop, stream=tuple(threads)), problems


def load_timeline(folder: Path | None = None, *,
                  programs: Iterable[str] | None = None) -> list[Stop]:
    """Every stop in a folder, in journey order; raises ContentError with all problems."""
    stops, problems = check_folder(folder, programs=programs)
    if problems:
        raise ContentError(problems)
    return stops

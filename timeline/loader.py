"""Read stop files: TOML front matter between ``+++`` lines, then Markdown sections.

A stop file looks like this::

    +++
    id = "memo"
    title = "The memo and its carbon copies"
    year = 1978
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

Every mistake found becomes a Problem with the file and line it is on, so a
curator can go straight to it.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from timeline.stop import Lane, Source, Stop

FENCE = "+++"
REQUIRED = ("id", "title", "year", "lane")
OPTIONAL = ("year_label", "program", "machine")
SECTIONS = {
    "story": "story",
    "try this": "try_this",
    "presenter notes": "notes",
    "discussion": "prompts",
    "sources": "sources",
}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,23}$")


@dataclasses.dataclass(frozen=True)
class Problem:
    """One mistake in a content file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content folder has mistakes; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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


def _bullets(text: str) -> list[str]:
    items: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append(stripped[2:].strip())
        elif stripped and items:
            items[-1] += " " + stripped     # a bullet continued on the next line
    return items


def _paragraphs(text: str) -> str:
    # Curators wrap lines to suit their editor; the screen wraps them to
    # suit the screen. A blank line is what ends a paragraph.
    paras = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paras if p.strip())


def load_stop(path: Path) -> Stop:
    """Read one stop file; raises ContentError listing every problem found."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ContentError([Problem(path, 1, f"not UTF-8 text ({e.reason}); save it as UTF-8")])
    except OSError as e:
        raise ContentError([Problem(path, 1, f"cannot read the file: {e.strerror}")])
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ContentError([Problem(path, 1, f"a stop file starts with a line '{FENCE}' "
                                             "and its settings (TOML)")])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ContentError([Problem(path, 1, f"the settings are never closed with a '{FENCE}' line")])

    front = "\n".join(lines[1:end])
    try:
        meta: dict[str, Any] = tomllib.loads(front)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        line = int(m.group(1)) + 1 if m else 1
        raise ContentError([Problem(path, line, f"settings are not valid TOML: {e}")])
    key_line = _key_lines(lines[1:end], 2)

    def at(key: str) -> int:
        return key_line.get(key, 1)

    for key in REQUIRED:
        if key not in meta:
            problem(1, f"missing setting '{key}'")
    for key in meta:
        if key not in REQUIRED and key not in OPTIONAL:
            problem(at(key), f"unknown setting '{key}' (known: {', '.join(REQUIRED + OPTIONAL)})")

    stop_id = meta.get("id", "")
    if "id" in meta and (not isinstance(stop_id, str) or not ID_PATTERN.match(stop_id)):
        problem(at("id"), "id must be a short lower-case name like \"memo\" (letters, digits, -)")
    title = meta.get("title", "")
    if "title" in meta and (not isinstance(title, str) or not title.strip()):
        problem(at("title"), "title must be some text")
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
        except ValueError:
            problem(at("lane"), f"lane must be home, work or both, not {lane_value!r}")
    program = meta.get("program", "")
    if not isinstance(program, str):
        problem(at("program"), "program must be a program name like \"MEMO\"")
        program = ""
    machine = meta.get("machine", {})
    if not isinstance(machine, dict):
        problem(at("machine"), "machine must be a table: [machine]")
        machine = {}
    year_label = meta.get("year_label", str(year))
    if not isinstance(year_label, str):
        problem(at("year_label"), "year_label must be text like \"1970s\"")
        year_label = str(year)

    # The Markdown body: "## Heading" starts a section.
    sections: dict[str, str] = {}
    section_line: dict[str, int] = {}
    current: str | None = None
    body: list[str] = []
    for n in range(end + 1, len(lines)):
        line = lines[n]
        m = re.match(r"^##\s+(.*?)\s*$", line)
        if m:
            if current is not None:
                sections[current] = "\n".join(body).strip()
            name = m.group(1).lower()
            if name not in SECTIONS:
                problem(n + 1, f"unknown section '## {m.group(1)}' "
                               f"(known: {', '.join(s.capitalize() for s in SECTIONS)})")
                current = None
            elif name in sections:
                problem(n + 1, f"section '## {m.group(1)}' appears twice")
                current = None
            else:
                current = name
                section_line[name] = n + 1
            body = []
        elif current is not None:
            body.append(line)
        elif line.strip():
            problem(n + 1, "text outside any section: start a section with a line like '## Story'")
    if current is not None:
        sections[current] = "\n".join(body).strip()
    if not sections.get("story"):
        problem(section_line.get("story", end + 1), "the stop has no '## Story' (or it is empty)")

    sources = []
    for item in _bullets(sections.get("sources", "")):
        text, _, url = item.partition("|")
        sources.append(Source(text.strip(), url.strip()))

    if problems:
        raise ContentError(problems)
    return Stop(
        id=stop_id,
        title=title.strip(),
        year=year,
        year_label=year_label,
        lane=lane,
        story=_paragraphs(sections.get("story", "")),
        try_this=_paragraphs(sections.get("try this", "")),
        notes=_paragraphs(sections.get("presenter notes", "")),
        prompts=tuple(_bullets(sections.get("discussion", ""))),
        sources=tuple(sources),
        program=program.upper(),
        machine=machine,
        path=path,
    )


def load_timeline(folder: Path | None = None) -> list[Stop]:
    """Every stop in a folder, in time order; raises ContentError with all problems."""
    folder = default_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise ContentError([Problem(folder, 0, "no such content folder")])
    problems: list[Problem] = []
    stops: list[Stop] = []
    seen: dict[str, Path] = {}
    files = sorted(folder.glob("*.md"))
    if not files:
        raise ContentError([Problem(folder, 0, "no stop files (*.md) in this folder")])
    for path in files:
        try:
            stop = load_stop(path)
        except ContentError as e:
            problems.extend(e.problems)
            continue
        if stop.id in seen:
            problems.append(Problem(path, 2, f"id '{stop.id}' is already used by {seen[stop.id].name}"))
            continue
        seen[stop.id] = path
        stops.append(stop)
    if problems:
        raise ContentError(problems)
    return sorted(stops, key=lambda s: (s.year, s.id))

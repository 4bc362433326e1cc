"""Stop and Lane: one stop of the journey, as plain data."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.picture import Picture
    from timeline.stream import Thread


class Lane(enum.Enum):
    """Which side of life a stop belongs to; ``both`` stops sit in each lane."""

    HOME = "home"
    WORK = "work"
    BOTH = "both"

    @property
    def label(self) -> str:
        return "Home and work" if self is Lane.BOTH else self.value.capitalize()

    def includes(self, lane: Lane) -> bool:
        """Whether a stop in this lane shows in ``lane`` (a ``both`` stop shows in each)."""
        return self is lane or self is Lane.BOTH


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a stop's facts come from: a title and, where there is one, an address."""

    text: str
    url: str = ""


@dataclasses.dataclass(frozen=True)
class Stop:
    """One stop: its words, its place on the timeline, and the machine it runs.

    A stop runs a Z80 when it names a ``program``; it shows one of the
    exhibit's own screens (no Z80) when it names a ``screen``; with neither,
    its machine is still being built and the stop says so.
    """

    id: str
    title: str
    year: int
    year_label: str
    lane: Lane
    story: str
    try_this: str = ""
    listing: str = ""          # a type-in program, line for line
    notes: str = ""
    prompts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    program: str = ""
    machine: dict[str, Any] = dataclasses.field(default_factory=dict)
    path: Path | None = None
    label: str = ""
    screen: str = ""
    # The social stream: the folder its thread files are in (beside the stop
    # file), and the threads read from it.
    stream_dir: str = ""
    stream: tuple[Thread, ...] = ()
    picture: Picture | None = None     # the stop's object, drawn (timeline.picture)
    # Where each setting and section starts in the file, so later checks
    # (order, programs) can name the line a curator must change.
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict, compare=False)

    @property
    def has_program(self) -> bool:
        return bool(self.program)

    @property
    def short_label(self) -> str:
        """The name on the stop's timeline marker."""
        return self.label or self.title

    @property
    def machine_coming(self) -> bool:
        """No program and no screen yet: the stop shows its story and says so."""
        return not self.program and not self.screen

    def line_of(self, key: str) -> int:
        """The line a setting or section (``"year"``, ``"story"``) starts on, else 1."""
        return self.lines.get(key, 1)

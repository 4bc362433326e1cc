"""Stop and Lane: one stop of the journey, as plain data."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Any


class Lane(enum.Enum):
    """Which side of life a stop belongs to."""

    HOME = "home"
    WORK = "work"
    BOTH = "both"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a stop's facts come from: a title and, where there is one, an address."""

    text: str
    url: str = ""


@dataclasses.dataclass(frozen=True)
class Stop:
    """One stop: its words, its place on the timeline, and the machine it runs."""

    id: str
    title: str
    year: int
    year_label: str
    lane: Lane
    story: str
    try_this: str = ""
    notes: str = ""
    prompts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    program: str = ""
    machine: dict[str, Any] = dataclasses.field(default_factory=dict)
    path: Path | None = None

    @property
    def has_program(self) -> bool:
        return bool(self.program)

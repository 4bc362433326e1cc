"""The presenter's state file: what the projector shows, for the notes screen to follow."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path
from typing import Any

import platformdirs


def default_path() -> Path:
    """Where the presenting app writes its state unless told otherwise."""
    return Path(platformdirs.user_state_dir("exhibit")) / "presenter.json"


@dataclasses.dataclass(frozen=True)
class PresenterState:
    """One moment of a talk: which stop and part is on the projector."""

    stop_id: str
    stop_title: str
    stop_number: int
    stops: int
    part: str
    part_number: int
    parts: int
    notes: str
    prompts: tuple[str, ...]
    next_label: str
    started_at: float
    updated_at: float
    blank: bool = False
    # The presenting process, and when it closed the talk: a follower tells
    # a finished talk (closed, or its process gone) from a running one.
    pid: int = dataclasses.field(default_factory=os.getpid)
    ended_at: float | None = None

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["prompts"] = list(self.prompts)
        return json.dumps(data, indent=1)

    @classmethod
    def from_json(cls, text: str) -> PresenterState:
        data: dict[str, Any] = json.loads(text)
        fields = {f.name for f in dataclasses.fields(cls)}
        missing = fields - set(data) - {"blank", "pid", "ended_at"}
        if missing:
            raise ValueError(f"the state file lacks {', '.join(sorted(missing))}")
        data = {k: v for k, v in data.items() if k in fields}
        data["prompts"] = tuple(data.get("prompts", ()))
        return cls(**data)


def write(path: Path, state: PresenterState) -> None:
    """Write the state atomically: the follower never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(state.to_json(), encoding="utf-8")
    os.replace(tmp, path)


def read(path: Path) -> PresenterState | None:
    """The latest state, or None when no talk is running (or the file is unreadable)."""
    try:
        return PresenterState.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def end(path: Path) -> None:
    """Mark the talk in the state file as over (the presenting app closing)."""
    state = read(path)
    if state is not None and state.ended_at is None:
        write(path, dataclasses.replace(state, ended_at=time.time()))


def ended_at(state: PresenterState) -> float | None:
    """When the talk ended: as the app said when it closed, or, if its process
    is gone without saying (killed), the last moment it wrote; None while it runs."""
    if state.ended_at is not None:
        return state.ended_at
    try:
        os.kill(state.pid, 0)
    except ProcessLookupError:
        return state.updated_at
    except OSError:            # alive, but another user's: still running
        pass
    return None


def elapsed(state: PresenterState, now: float | None = None) -> str:
    """How long the talk has run, stopped at its end once it is over."""
    end_time = ended_at(state)
    if end_time is None:
        end_time = time.time() if now is None else now
    seconds = max(0, int(end_time - state.started_at))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

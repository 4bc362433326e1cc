"""Problem and ContentError: a mistake in a content file, named by file and line."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

# Tab is the one control character an editor may leave in text; the others
# (escape sequences above all) must never reach the visitor's terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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

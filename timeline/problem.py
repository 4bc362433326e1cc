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


def read_content(path: Path) -> tuple[str | None, list[Problem]]:
    """A content file's text and its control-character problems, or None and why
    it cannot be read: every stop, thread and picture file is read this way."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [Problem(path, 1, f"not UTF-8 text ({e.reason}); save it as UTF-8")]
    except OSError as e:
        return None, [Problem(path, 1, f"cannot read the file: {e.strerror}")]
    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        m = CONTROL.search(line)
        if m:
            problems.append(Problem(path, n, f"control character U+{ord(m.group()):04X} in the "
                                             "text; delete it"))
    return text, problems


class ContentError(Exception):
    """The content folder has mistakes; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

"""Problem and ContentError: a mistake in a content file, named by file and line."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

# Tab is the one control character an editor may leave in text; the others
# (escape sequences above all) must never reach the visitor's terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a problem's message may not hold: it is one line a terminal shows as it
# is, even when it quotes a curator's mistake (a key written "bad\nkey").
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclasses.dataclass(frozen=True)
class Problem:
    """One mistake in a content file."""

    path: Path
    line: int
    message: str

    def __post_init__(self) -> None:
        safe = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                           self.message)
        object.__setattr__(self, "message", safe)

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


def control_in_settings(data: Any, path: Path, line: int, name: str = "") -> list[Problem]:
    """A problem for each setting whose key or text holds a control character.

    TOML's escapes (``"\\u001b[2J"``) write them without one in the file,
    so ``read_content`` cannot see them; the text still reaches the visitor's
    terminal. ``name`` is the setting's dotted name, ``line`` where it is.
    """
    found: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            inner = f"{name}.{key}" if name else str(key)
            m = CONTROL.search(str(key))
            if m:
                found.append(Problem(path, line, f"control character U+{ord(m.group()):04X} in "
                                                 f"a setting's name ({inner!r}); delete it"))
            found += control_in_settings(value, path, line, inner)
    elif isinstance(data, list):
        for value in data:
            found += control_in_settings(value, path, line, name)
    elif isinstance(data, str):
        m = CONTROL.search(data)
        if m:
            found.append(Problem(path, line, f"control character U+{ord(m.group()):04X} in "
                                             f"'{name}' (written as an escape); delete it"))
    return found


class ContentError(Exception):
    """The content folder has mistakes; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

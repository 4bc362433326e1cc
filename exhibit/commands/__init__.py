"""Subcommands of ``python -m exhibit``: one module per command.

Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and is listed in ``COMMANDS``. With no subcommand,
``python -m exhibit`` starts the app (``exhibit.commands.app``).
"""

from __future__ import annotations

import importlib
from types import ModuleType

# The order is the order --help lists them in.
COMMANDS: tuple[str, ...] = (
    "run",
    "check",
    "notes",
    "handout",
    "stats",
    "pin",
    "wall",
    "serve",
)


def load(name: str) -> ModuleType:
    return importlib.import_module(f"exhibit.commands.{name}")

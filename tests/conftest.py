"""Shared fixtures: machines that are always stopped after a test."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator

import pytest

import roms
from emulator import Machine, Profile

# The test command runs ``python -P`` so the checkout is not on the path and
# the installed package is what is tested; programs the tests start inherit
# the same rule.
if not os.environ.get("PYTHONSAFEPATH") and sys.flags.safe_path:
    os.environ["PYTHONSAFEPATH"] = "1"


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory, monkeypatch):
    """Tests never write the user's own posts, figures or notes: XDG folders point to a temp dir."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home


@pytest.fixture
def make_machine() -> Iterator[Callable[..., Machine]]:
    """Build and start a machine flat out; every one is stopped afterwards."""
    made: list[Machine] = []

    def make(*programs: str, boot: str | None = None, **settings: object) -> Machine:
        settings.setdefault("mhz", None)
        profile = Profile(programs=tuple(programs), boot=programs[0] if boot is None and programs
                          else (boot or ""), **settings)  # type: ignore[arg-type]
        machine = Machine(profile, {name: roms.load_program(name) for name in programs})
        made.append(machine)
        machine.start()
        return machine

    yield make
    for machine in made:
        machine.stop()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one browser test module (browser_helpers says when it skips).

    Module-wide, as each module had it: a session-wide one would keep
    Playwright's sync driver running through every other module's asyncio tests.
    """
    from browser_helpers import chromium, need_browser

    need_browser()
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def pg():
    """One real PostgreSQL server for the whole test session (pgserver's wheel)."""
    from pg import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg) -> str:
    """A fresh, empty database on the session's server, as its superuser."""
    return pg.url(pg.new_database())

"""Helpers for pilot tests: the machine is a real thread, so tests wait for what it shows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(pilot, predicate: Callable[[], object], timeout: float = 20.0) -> bool:
    """Let the app run until the predicate holds, or the timeout passes; the predicate's answer."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if predicate():
            return True
        await pilot.pause(0.02)
    return bool(predicate())

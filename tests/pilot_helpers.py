"""Helpers for pilot tests: the machine is a real thread, so tests wait for what it shows."""

from __future__ import annotations

import asyncio
import gc
import heapq
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


def live_objects(kind: type) -> int:
    """How many objects of ``kind`` stay alive, once garbage is collected.

    A stopped Textual timer leaves its cancelled sleep in asyncio's heap,
    holding the screen's context, until the sleep would have ended (up to
    20 s for the social stop's live feed). asyncio drops such entries itself
    when there are many; this does now what it would do then, so what is
    counted is what stays, not what is on its way out.
    """
    loop = asyncio.get_running_loop()
    loop._scheduled = [h for h in loop._scheduled if not h.cancelled()]
    heapq.heapify(loop._scheduled)
    loop._timer_cancelled_count = 0
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))

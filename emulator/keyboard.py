"""Keyboard: the keys typed at a machine, queued for its CPU thread."""

from __future__ import annotations

import collections
import threading


class Keyboard:
    """A thread-safe queue of key bytes.

    The UI thread puts bytes in; the machine thread takes them out from the
    BIOS CONIN and CONST calls. A program waiting for a key makes the machine
    thread sleep in ``wait`` instead of spinning, so waiting costs no CPU.
    """

    # A visitor leaning on the keyboard, or a paste of a whole novel, must
    # not grow memory without bound; the keys past this are dropped.
    LIMIT = 4096

    def __init__(self) -> None:
        self._keys: collections.deque[int] = collections.deque()
        self._ready = threading.Condition()
        self._woken = False

    def put(self, data: bytes) -> int:
        """Queue the bytes; returns how many were taken (the rest overflowed)."""
        with self._ready:
            room = max(0, self.LIMIT - len(self._keys))
            taken = data[:room]
            self._keys.extend(taken)
            if taken:
                self._ready.notify_all()
            return len(taken)

    def get(self) -> int | None:
        """The next key, or None when none is waiting. Never blocks."""
        with self._ready:
            return self._keys.popleft() if self._keys else None

    def ready(self) -> bool:
        """Whether a key is waiting (the BIOS CONST answer)."""
        return bool(self._keys)

    def clear(self) -> None:
        """Forget every key typed ahead."""
        with self._ready:
            self._keys.clear()

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep until a key arrives or ``wake`` is called; True if a key is waiting."""
        with self._ready:
            if not self._keys and not self._woken:
                self._ready.wait(timeout)
            self._woken = False
            return bool(self._keys)

    def wake(self) -> None:
        """Wake a thread sleeping in ``wait`` (to stop or pause the machine)."""
        with self._ready:
            self._woken = True
            self._ready.notify_all()

    def __len__(self) -> int:
        return len(self._keys)

"""Visit figures: sessions, stops opened, time per stop, programs started (no personal data).

The figures live in the store beside the posts (``emulator.store``): one
machine's SQLite file, or the museum's server when the kiosks share one.
Each record is written once, whole, with a unique id and the kiosk's name:
a session as it starts, a visit to a stop as it closes (with its time and
whether a program ran). So a kiosk never changes a record it sent, and a
kiosk's server role needs only to add rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from emulator.store import Figures, PostError, Store, new_uid


class VisitLog:
    """Counts what visitors do on one kiosk, into the store.

    A store that cannot be written (a full disk, no store at all) never
    stops the exhibit: the error is kept in ``last_error`` and the count lost.
    """

    def __init__(self, store: Store | None, *, kiosk: str = "") -> None:
        self.store = store
        self.kiosk = kiosk
        self.last_error: str | None = None if store is not None else "visit figures not kept: no store"
        self.session: str | None = None
        self.stop: str | None = None
        self.visit_opened = 0.0            # Unix time, for the record
        self.visit_clock = 0.0             # monotonic, for the seconds
        self.visit_program = False

    def start_session(self) -> None:
        self.end_session()
        self.session = new_uid()
        self._keep(lambda s: s.record_session(self.session or "", self.kiosk, time.time()))

    def end_session(self) -> None:
        self.close_stop()
        if self.session is not None:
            self.session = None
            self._keep(lambda s: s.tidy())

    def open_stop(self, stop_id: str) -> None:
        self.close_stop()
        if self.session is None:
            self.start_session()
        self.stop = stop_id
        self.visit_opened = time.time()
        self.visit_clock = time.monotonic()
        self.visit_program = False

    def program_started(self) -> None:
        if self.stop is not None:
            self.visit_program = True

    def close_stop(self) -> None:
        if self.stop is None:
            return
        stop, self.stop = self.stop, None
        seconds = time.monotonic() - self.visit_clock
        self._keep(lambda s: s.record_visit(new_uid(), self.kiosk, self.session or "", stop,
                                            self.visit_opened, seconds, self.visit_program))

    def _keep(self, write: Callable[[Store], None]) -> None:
        if self.store is None:
            return
        try:
            write(self.store)
        except PostError as e:
            self.last_error = f"visit figures not saved: {e}"

    def summary(self, kiosk: str | None = None) -> Figures:
        """The figures of one kiosk, or of every kiosk sharing the store (None)."""
        if self.store is None:
            return Figures(kiosk, 0, ())
        return self.store.figures(kiosk)

    def close(self) -> None:
        self.end_session()

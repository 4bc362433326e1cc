"""DismissOnce: a screen that closes once, however many keys were queued for it.

A screen handles its keys from its own queue, so a visitor who presses
three keys faster than the kiosk answers can get three ``on_key`` calls on
a question that the first one already answered. Textual's ``dismiss`` pops
whatever screen is on top, so the second and third would close the stop
under the question, and then the timeline, leaving a blank screen. With
this mixin a screen that is no longer on top ignores further dismissals.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import Screen


class DismissOnce(Screen[Any]):
    """Put before the screen's Textual base class: ``class Q(DismissOnce, ModalScreen[bool])``."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.app.screen is not self:
            return AwaitComplete.nothing()    # type: ignore[no-any-return,no-untyped-call]  # Textual leaves it untyped
        return super().dismiss(result)

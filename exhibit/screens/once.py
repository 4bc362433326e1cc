"""DismissOnce: a screen that closes once, however many keys were queued for it.

A screen handles its keys from its own queue, so a visitor who presses
three keys faster than the kiosk answers can get three ``on_key`` calls on
a question that the first one already answered. Textual's ``dismiss`` pops
whatever screen is on top, so the second and third would close the stop
under the question, and then the timeline, leaving a blank screen. With
this mixin a screen that is no longer on top ignores further dismissals.
``pop_if_on_top`` is the same rule for screens that close with
``pop_screen`` (a stop's Timeline button, the About screen's Back): three
presses of Back queued on a touch screen used to pop the stop, then the
timeline, and leave the kiosk on Textual's blank default screen.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import Screen


class DismissOnce(Screen[Any]):
    """Put before the screen's Textual base class: ``class Q(DismissOnce, ModalScreen[bool])``."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.app.screen is not self:
            return AwaitComplete.nothing()
        return super().dismiss(result)


def pop_if_on_top(screen: Screen[Any]) -> bool:
    """Pop ``screen`` if it is the one on top; True if it was.

    A key or press queued for a screen already closed does nothing, instead
    of closing whatever screen is on top now.
    """
    if screen.app.screen is not screen:
        return False
    screen.app.pop_screen()
    return True

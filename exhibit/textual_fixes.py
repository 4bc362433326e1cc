"""Every use of Textual's private internals, in one place: workarounds for
bugs that make a long-running exhibit grow, and the kiosk's fault hook.

Textual has no public way to do any of these; each is named with its
upstream issue or reason, and ``tests/test_textual_fixes.py`` fails when an
upgrade of Textual changes what it relies on. ``BaseApp`` is the one App
class every app of the exhibit derives from: making one installs the
workarounds, so the presenter, ``run`` and the moderation view get them as
the exhibit itself does.

``StylesCache.get_inner_outer`` (Textualize/textual#6665, open in 8.2.8)
is an instance method under ``functools.lru_cache(1024)``, so the cache
key includes the ``StylesCache`` itself: the last 1,024 widgets' style
caches, with every line they rendered, stay alive after the widgets have
gone. On the kiosk every stop a visitor opens makes new widgets, so this
held tens of megabytes that grew visitor by visitor until the cache was
full. The method's result depends only on the two colours, so here it is
cached on those alone.

Two keep a closed stop from waiting in the app's queue behind keys a real
terminal queued while stops opened: ``focus_now`` (``Widget.focus`` only
queues a callback naming the widget) and ``BaseApp._refresh_notifications``
(every screen resume queues a toast refresh naming the screen, toasts or
none).

``clear_render_caches`` empties Rich's and Textual's bounded
``functools`` caches (private ones such as ``Segment._split_cells``
among them) at each idle reset, so one visitor's text does not stay in
the process for the next.

``BaseApp.on_event`` and ``BaseScreen`` (every app's base screen) name
themselves as the sender of a Resize they are given. A message loop keeps
the last message it handled until the next one comes, and a Resize names
whichever screen was running when it was made: Textual's Linux driver makes
the terminal's in its SIGWINCH handler (the driver names the app for every
other event it makes), and a screen laying itself out makes them for the
screens under it. The base screen, under all the others for the app's
whole run, kept an old timeline (17,000 objects, 2-3 MB) this way after
some of the kiosk's idle resets and not others.

One workaround is for asyncio itself (``purge_cancelled_timers``): its
event loop keeps a cancelled timer until the timer is due, and a Textual
timer's handle holds the widget that made it.
"""

from __future__ import annotations

import asyncio.base_events
import functools
import gc
import sys
import weakref
from collections.abc import Callable
from typing import Any

from textual import events
from textual._styles_cache import StylesCache
from textual.app import App, ReturnType, ScreenStackError
from textual.css.query import NoMatches
from textual.dom import DOMNode, NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

# Textual's own method, if it has the bug; kept so a test can show the bug is still there.
LEAKY: Any = None


def inner_outer_is_keyed_on_the_cache() -> bool:
    """True if this Textual caches ``get_inner_outer`` with the StylesCache in the key."""
    method = StylesCache.__dict__.get("get_inner_outer")
    return isinstance(method, functools._lru_cache_wrapper) and hasattr(method, "__wrapped__")


def _colours_only(leaky: Any) -> Callable[..., Any]:
    body = leaky.__wrapped__               # Textual's own body; it never reads ``self``

    @functools.lru_cache(maxsize=1024)
    def by_colours(base_background: Any, background: Any) -> Any:
        return body(None, base_background, background)

    def get_inner_outer(self: StylesCache, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    get_inner_outer.__doc__ = body.__doc__
    return get_inner_outer


def install() -> None:
    """Put the workarounds in place; once they are, a later call finds nothing to fix."""
    global LEAKY
    purge_cancelled_timers()
    if inner_outer_is_keyed_on_the_cache():
        LEAKY = StylesCache.__dict__["get_inner_outer"]
        LEAKY.cache_clear()                # drop what it holds already
        StylesCache.get_inner_outer = _colours_only(LEAKY)  # type: ignore[method-assign, assignment]


# -- Footer keys (Textualize/textual#6666, open in 8.2.8) ---------------------
#
# Textual's Footer rebuilds its keys whenever the bindings change, and each
# new key binds itself to the footer's ``compact`` setting with
# ``data_bind``. The footer keeps that binding in its private watcher list,
# which Textual prunes only when ``compact`` changes (never, here), so every
# key ever shown stays alive. ``exhibit.widgets.footer`` calls this first.

def prune_watchers(node: DOMNode) -> int:
    """Forget watchers on ``node`` whose owners have been removed; return how many."""
    watchers: dict[str, list[tuple[DOMNode, object]]] | None = getattr(node, "__watchers", None)
    dropped = 0
    for entries in (watchers or {}).values():
        kept = [(owner, callback) for owner, callback in entries
                if not (owner._closing or owner._closed)]
        dropped += len(entries) - len(kept)
        entries[:] = kept
    return dropped


# -- Focus through the app's queue -----------------------------------------------
#
# ``Widget.focus`` does not focus: it asks the app to, later, with a callback
# naming the widget. In a real terminal a held PgDn queues keys on the app
# faster than stops open, and each stop's "focus the machine" waited behind
# them, keeping the closed stop (screen, pictures, machine, terminal) alive
# for seconds after the visitor had left it: a probe in tmux at 200x50 found
# ten closed stops alive at once after a full collection, held by these
# callbacks, and the kiosk's memory settled at that peak.

def focus_now(widget: Widget) -> None:
    """Focus ``widget`` at once through its own screen, or the usual way if that cannot yet."""
    try:
        screen = widget.screen
    except NoScreen:
        return
    screen.set_focus(widget)
    if screen.focused is not widget:
        widget.focus()                     # not focusable yet (still being shown): later


# -- Cancelled timers (CPython's asyncio) -----------------------------------------
#
# asyncio's event loop keeps a cancelled timer in its heap until the timer is
# due, unless more than ``_MIN_SCHEDULED_TIMER_HANDLES`` (100) timers are
# scheduled and over half of them are cancelled. A timer's handle keeps the
# context it was made in, and for a Textual timer (``set_interval``, a
# widget's ``asyncio.sleep``) that context names the widget whose message pump
# made it. So a stop screen the visitor has left, with its machine panel,
# terminal and pictures, stays alive until its last timer would have fired:
# up to twenty seconds for the live thread's. In a storm of stop changes
# dozens of closed screens were alive at once; the memory they took is not
# all given back, and the kiosk settled tens of megabytes higher. With the
# threshold at 0 the loop drops cancelled timers as soon as they are more
# than half of those scheduled, which costs one pass over a short list.

MIN_SCHEDULED_TIMERS = "_MIN_SCHEDULED_TIMER_HANDLES"


def purge_cancelled_timers() -> None:
    """Have every asyncio loop drop cancelled timers at once, not when they fall due."""
    # A Python without the setting runs as before; tests/test_textual_fixes.py says so.
    if isinstance(getattr(asyncio.base_events, MIN_SCHEDULED_TIMERS, None), int):
        setattr(asyncio.base_events, MIN_SCHEDULED_TIMERS, 0)


def render_caches() -> list[Any]:
    """Every bounded ``functools`` cache in Rich's and Textual's modules and classes.

    They memoise what drawing needs (a text's width in cells, a style's
    escape codes, a region's overlap, a blank line): pure functions, so a
    cleared cache costs only the work of filling it again. Unbounded ones
    (Unicode's width tables, a class's bases) never evict, so they are
    filled once and left.
    """
    found: dict[int, Any] = {}

    def note(value: Any) -> None:
        value = getattr(value, "__func__", value)     # a classmethod's or staticmethod's own
        parameters = getattr(value, "cache_parameters", None)
        if (callable(getattr(value, "cache_clear", None)) and callable(parameters)
                and parameters().get("maxsize") is not None):
            found[id(value)] = value

    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in ("rich", "textual"):
            continue
        for value in list(vars(module).values()):
            note(value)
            if isinstance(value, type) and value.__module__ == name:
                for member in list(vars(value).values()):
                    note(member)
    return list(found.values())


def clear_render_caches() -> int:
    """Empty Rich's and Textual's caches (see ``render_caches``); how many there were.

    The kiosk runs this at each idle reset. The width cache alone holds
    4,096 strings the screen drew, lines of what the last visitor typed
    among them; the next visitor should not inherit them. And with every
    cache empty, Python's count of blocks at each reset (in the kiosk's
    log) measures what the kiosk keeps, not how full the caches happened
    to be: about 55 thousand blocks fewer after a busy visit. (It does not
    lower the resident figure much: the pages those blocks were on are
    mostly kept by other live blocks; see bench/README.md, the hour.)
    """
    caches = render_caches()
    for cache in caches:
        cache.cache_clear()
    return len(caches)


# -- The app ------------------------------------------------------------------

class _NamesItselfOnResize:
    """A Resize it is given names it as sender, not whichever screen ran when
    the Resize was made (the terminal's SIGWINCH, a screen laying out)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Resize):
            event.set_sender(self)  # type: ignore[arg-type]
        await super().on_event(event)  # type: ignore[misc]


class BaseScreen(_NamesItselfOnResize, Screen[Any]):
    """The screen under all the others, which hears only Resizes for hours on end."""


class BaseApp(_NamesItselfOnResize, App[ReturnType]):
    """Every app of the exhibit: Textual's App with the workarounds installed.

    ``handle_fault`` is the kiosk's way to hear of an exception in any handler
    before Textual shuts down: Textual offers no public hook, so the private
    ``_handle_exception`` is overridden here and nowhere else. An app that
    does not override ``handle_fault`` behaves exactly as Textual's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install()
        super().__init__(*args, **kwargs)
        self._closed_panels: weakref.WeakSet[DOMNode] = weakref.WeakSet()
        self._collecting = False

    # A closed stop (its screen, widgets, pictures, machine and terminal: a few
    # MB) is a web of references that only Python's full collection frees,
    # and that collection waits until the objects made since the last one are
    # a quarter of all those alive: three or four stops' worth. Collecting
    # once two closed machine panels wait keeps the garbage to two stops
    # (a probe in tmux at 200x50 counted the stops alive through storms of
    # PgDn; the allocator keeps whatever peak they reach).

    def panel_closed(self, panel: DOMNode) -> None:
        """A machine panel has left the screen: collect it and those before it once two wait."""
        self._closed_panels.add(panel)
        if len(self._closed_panels) >= 2 and not self._collecting:
            self._collecting = True
            # After the next refresh: the visitor sees the new stop first and
            # the collection (tens of milliseconds) happens behind it.
            self.call_after_refresh(self.collect_closed)

    def collect_closed(self) -> None:
        self._collecting = False
        gc.collect()

    def _refresh_notifications(self) -> None:
        # Textual refreshes the toasts at every screen resume, by a callback
        # queued on the app that names the screen and its toast rack. Behind
        # the keys a real terminal queues while stops open, that kept every
        # stop a held PgDn passed alive until the keys ran out. With nothing
        # to show and nothing shown there is nothing to refresh.
        if not len(self._notifications):
            try:
                rack: Widget | None = self.screen.get_child_by_type(ToastRack)
            except (NoMatches, ScreenStackError):
                rack = None
            if rack is None or not rack.children:
                return
        super()._refresh_notifications()

    def get_default_screen(self) -> Screen[Any]:
        return BaseScreen(id="_default")

    def handle_fault(self, error: Exception) -> bool:
        """An exception escaped a handler; return True once it is dealt with
        (then ``close_now`` is yours to call), False for Textual's own handling."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        if not self.handle_fault(error):
            super()._handle_exception(error)

    def close_now(self) -> None:
        """Close the app from inside a fault, without waiting on the handler that raised."""
        self._close_messages_no_wait()

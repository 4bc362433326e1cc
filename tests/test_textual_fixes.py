"""Textual's internals, used in one module (exhibit.textual_fixes): the style-cache
leak (Textualize/textual#6665) is fixed; the footer's watcher list and the
fault hook are still where the exhibit expects them; every app installs the
fixes. A Textual upgrade that moves any of these fails a test here."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import weakref

import pytest
from pilot_helpers import live_objects, until
from textual import events
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input, Label

from exhibit import textual_fixes
from exhibit.textual_fixes import BaseApp, focus_now

textual_fixes.install()     # as every BaseApp does when it is made

BLACK, GREEN = Color(0, 0, 0), Color(0, 200, 0)


class Cards(App[None]):
    """Replaces forty coloured labels with new ones, as a stop's screen is replaced."""

    CSS = "Label { background: $success 30%; }"

    def compose(self) -> ComposeResult:
        yield Vertical(id="list")

    async def rebuild(self) -> None:
        cards = self.query_one("#list")
        await cards.remove_children()
        await cards.mount(*(Label(f"card {i}") for i in range(40)))


async def style_caches_after(rebuilds: int) -> int:
    app = Cards()
    async with app.run_test(size=(40, 50)) as pilot:
        for _ in range(rebuilds):
            await app.rebuild()
            await pilot.pause()
        return live_objects(StylesCache)


async def test_replaced_widgets_take_their_style_caches_with_them():
    after_two = await style_caches_after(2)
    after_twelve = await style_caches_after(12)
    assert after_twelve <= after_two + 10            # unfixed: about 40 more a rebuild


async def test_textuals_own_method_keeps_them(monkeypatch):
    """Shows the test above can fail: Textual 8.2 keeps the last 1,024 style caches.

    When Textual fixes #6665 this test fails, and the workaround can go.
    """
    assert textual_fixes.LEAKY is not None, "Textual no longer caches on the StylesCache: drop the fix"
    monkeypatch.setattr(StylesCache, "get_inner_outer", textual_fixes.LEAKY)
    try:
        after_two = await style_caches_after(2)
        after_twelve = await style_caches_after(12)
    finally:
        textual_fixes.LEAKY.cache_clear()
    # Ten more rebuilds keep about 400 more caches, not the 10 the fix allows.
    assert after_twelve > after_two + 300


def test_the_answer_is_the_same_and_the_cache_is_not_kept():
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(BLACK, GREEN)
    if textual_fixes.LEAKY is None:
        pytest.skip("this Textual has no such bug")
    assert (inner, outer) == textual_fixes.LEAKY.__wrapped__(None, BLACK, GREEN)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def test_install_twice_changes_nothing():
    method = StylesCache.get_inner_outer
    textual_fixes.install()
    assert StylesCache.get_inner_outer is method


def test_every_app_of_the_exhibit_is_a_base_app():
    from exhibit.app import ExhibitApp
    from exhibit.kiosk import KioskApp
    from exhibit.presenter_app import PresenterApp
    from exhibit.run_app import RunApp
    from exhibit.screens.wall import ModerateApp

    for app in (ExhibitApp, KioskApp, PresenterApp, RunApp, ModerateApp):
        assert issubclass(app, BaseApp), app


class Faulty(BaseApp[None]):
    """Raises from a callback; with ``catch`` its handle_fault takes the fault."""

    def __init__(self, catch: bool) -> None:
        super().__init__()
        self.catch = catch
        self.faults: list[Exception] = []

    def handle_fault(self, error: Exception) -> bool:
        self.faults.append(error)
        if self.catch:
            self.close_now()
        return self.catch


@pytest.mark.parametrize("catch", [True, False])
async def test_the_fault_hook_hears_an_exception_and_can_close_the_app(catch):
    """Textual's private _handle_exception and _close_messages_no_wait still do what
    the kiosk's recovery needs; without a hook, Textual's own handling runs."""
    app = Faulty(catch)

    def broken() -> None:
        raise RuntimeError("planted")

    with contextlib.nullcontext() if catch else pytest.raises(RuntimeError, match="planted"):
        async with app.run_test():
            app.call_later(broken)
            # The raising loop has stopped: plain sleeps, not the pilot.
            for _ in range(200):
                if not app.is_running:
                    break
                await asyncio.sleep(0.05)
            assert not app.is_running
    assert [str(e) for e in app.faults] == ["planted"]


# -- cancelled timers --------------------------------------------------------------

class Screenful:
    """Stands for a closed stop screen: something big a timer's context names."""


def a_cancelled_timer_keeps(threshold: int) -> bool:
    """With asyncio's threshold at ``threshold``: is an object named by a cancelled
    timer's context still alive after the loop has run for a moment?"""
    import asyncio.base_events
    import contextvars

    holder: contextvars.ContextVar[object] = contextvars.ContextVar("holder")

    async def main() -> bool:
        screen = Screenful()
        context = contextvars.copy_context()
        context.run(holder.set, screen)
        loop = asyncio.get_running_loop()
        # The app's own timer, still running and due first, heads the loop's heap;
        # behind it, as a closed screen leaves them, two of the screen's timers,
        # made in its context and cancelled.
        app_timer = loop.call_later(30, lambda: None)
        for _ in range(2):
            loop.call_later(60, lambda: None, context=context).cancel()
        gone = weakref.ref(screen)
        del screen, context
        for _ in range(3):
            await asyncio.sleep(0)
        gc.collect()
        kept = gone() is not None       # asked while the loop still runs: closing it drops all
        app_timer.cancel()
        return kept

    saved = asyncio.base_events._MIN_SCHEDULED_TIMER_HANDLES
    asyncio.base_events._MIN_SCHEDULED_TIMER_HANDLES = threshold
    try:
        return asyncio.run(main())
    finally:
        asyncio.base_events._MIN_SCHEDULED_TIMER_HANDLES = saved


def test_every_app_drops_cancelled_timers_at_once():
    import asyncio.base_events

    assert isinstance(getattr(asyncio.base_events, textual_fixes.MIN_SCHEDULED_TIMERS, None), int), \
        "asyncio no longer has the setting exhibit.textual_fixes.purge_cancelled_timers changes"
    textual_fixes.install()
    assert asyncio.base_events._MIN_SCHEDULED_TIMER_HANDLES == 0
    assert not a_cancelled_timer_keeps(0)


def test_asyncios_own_threshold_keeps_what_a_cancelled_timer_names():
    """Shows the test above can fail: at asyncio's own 100, the screen stays alive
    until its timer would have fired, a minute later."""
    assert a_cancelled_timer_keeps(100)


class TwoBoxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")


async def test_textual_focus_waits_in_the_apps_queue_and_focus_now_does_not():
    """``Widget.focus`` only asks the app to focus, later, in a message naming
    the widget (behind any keys queued: what kept closed stops alive);
    ``focus_now`` focuses before it returns."""
    app = TwoBoxes()
    async with app.run_test() as pilot:
        two = app.query_one("#two", Input)
        two.focus()
        assert app.screen.focused is not two        # Textual's own: not yet
        await pilot.pause()
        assert app.screen.focused is two
        one = app.query_one("#one", Input)
        focus_now(one)
        assert app.screen.focused is one            # at once


class PanelHost(BaseApp[None]):
    """Stands for the stops: each holds a machine panel; ``panel_closed`` is their farewell."""


async def test_closed_panels_are_collected_once_two_wait():
    """With Python's own collection off, closed panels held only by their own
    cycles are freed by the app once two of them wait, not when Python gets to them."""
    app = PanelHost()
    gone: list[weakref.ref] = []
    gc.collect()
    gc.disable()
    try:
        async with app.run_test() as pilot:
            for _ in range(3):
                box = Vertical(Label("a closed stop"))
                box.cycle = box                     # only a collection frees it
                await app.screen.mount(box)
                gone.append(weakref.ref(box))
                await box.remove()
                app.panel_closed(box)
                del box
                await pilot.pause()
                await pilot.pause()
            alive = sum(1 for ref in gone if ref() is not None)
    finally:
        gc.enable()
    assert alive <= 1


class Plain(App[None]):
    pass


class Fixed(BaseApp[None]):
    pass


async def test_textual_refreshes_toasts_through_the_apps_queue_even_with_none():
    """What the fix relies on: ``_refresh_notifications`` and ``_notifications``
    exist, and a resume with no toasts still queues a callback on the app."""
    assert callable(getattr(App, "_refresh_notifications", None))
    app = Plain()
    async with app.run_test(notifications=True) as pilot:
        assert len(app._notifications) == 0
        await pilot.pause()
        calls: list[object] = []
        app.call_later = lambda callback, *args: calls.append(callback)   # type: ignore[method-assign]
        App._refresh_notifications(app)
        assert calls, "Textual no longer queues a toast refresh: the override may go"


async def test_with_no_toasts_a_resume_queues_nothing_on_the_app():
    app = Fixed()
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        calls: list[object] = []
        app.call_later = lambda callback, *args: calls.append(callback)   # type: ignore[method-assign]
        app._refresh_notifications()
        assert calls == []
        app.notify("a toast")                # with one to show, the refresh goes ahead
        await pilot.pause()
        assert calls


async def test_the_caches_drawing_fills_are_found_and_emptied_at_a_tidy():
    """The kiosk empties Rich's and Textual's drawing caches at each idle reset:
    an upgrade that renames or drops the busiest ones fails here."""
    from rich.cells import cached_cell_len
    from rich.segment import Segment
    from textual.dom import DOMNode
    from textual.strip import Strip

    from exhibit.kiosk import give_back_memory
    from exhibit.textual_fixes import clear_render_caches, render_caches

    app = Cards()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
    cached_cell_len("what the last visitor typed")
    Segment._split_cells(Segment("what the last visitor typed"), 4)
    Strip.blank(12)
    assert all(cache.cache_info().currsize > 0
               for cache in (cached_cell_len, Segment._split_cells, Strip.blank))
    busiest = [getattr(cache, "__func__", cache)       # a classmethod's own
               for cache in (cached_cell_len, Segment._split_cells, Strip.render_ansi, Strip.blank)]
    found = render_caches()
    for cache in busiest:
        assert any(f is cache for f in found), cache.__qualname__
    # Unbounded caches never evict, so they are filled once and left.
    assert not any(f is DOMNode._css_bases for f in found)
    bases = DOMNode._css_bases.cache_info().currsize
    assert bases > 0
    assert clear_render_caches() == len(found) >= 20
    assert all(cache.cache_info().currsize == 0 for cache in busiest)
    assert DOMNode._css_bases.cache_info().currsize == bases

    cached_cell_len("the next visitor")
    give_back_memory()
    assert cached_cell_len.cache_info().currsize == 0


def test_the_exhibit_focuses_through_focus_now_only():
    """``Widget.focus`` waits in the app's queue holding its widget (and so its
    whole screen, machine and all) behind every key still queued: a storm of
    stops kept closed stops alive that way. The exhibit's own code focuses
    with ``focus_now``, whose fallback is the one ``.focus()`` left."""
    import re
    from pathlib import Path

    import exhibit

    root = Path(exhibit.__file__).parent
    calls = [f"{path.relative_to(root)}:{n}" for path in sorted(root.rglob("*.py"))
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"\.focus\(\s*\)", line) and path.name != "textual_fixes.py"]
    assert calls == [], calls


class Resized(Screen[None]):
    """A screen that is running when the terminal is resized."""

    def on_mount(self) -> None:
        # As Textual's Linux driver does in its SIGWINCH handler: the Resize is
        # made while whatever pump is running runs, and posted to the app.
        self.resize = events.Resize(Size(50, 16), Size(50, 16))
        self.app.post_message(self.resize)


async def sender_of_a_resize(app: App[None]) -> object:
    """Who the terminal's Resize names as its sender once the app has it.

    The app passes the same event on to the screens it shows, and a message
    loop keeps its last message until the next one comes: a Resize naming
    a screen kept that screen, and all it drew, alive after the visitor had
    left it (bench/README.md, the hour).
    """
    async with app.run_test(size=(40, 12)) as pilot:
        screen = Resized()
        await app.push_screen(screen)
        assert await until(pilot, lambda: app.size == Size(50, 16))
        return screen.resize._sender


async def test_textual_names_the_screen_that_ran_when_the_terminal_was_resized():
    """What the fix is for: upstream, the Resize names that screen."""
    assert isinstance(await sender_of_a_resize(Plain()), Resized)


async def test_every_app_names_itself_as_the_sender_of_a_resize():
    app = Fixed()
    assert await sender_of_a_resize(app) is app


async def sender_of_a_resize_the_base_screen_heard(app: App[None]) -> object:
    """Who a Resize that a screen laying out gave the base screen names, once handled."""
    async with app.run_test(size=(40, 12)) as pilot:
        base, top = app.screen_stack[0], Screen()
        await app.push_screen(top)
        resize = events.Resize(Size(40, 12), Size(40, 12))

        def lay_out() -> None:              # in the top screen's own loop, as its layout runs
            resize.set_sender(top)
            base.post_message(resize)
        top.call_later(lay_out)
        await pilot.pause()
        await pilot.pause()
        return "top" if resize._sender is top else "base" if resize._sender is base else resize._sender


async def test_textuals_base_screen_keeps_the_screen_a_resize_names():
    assert await sender_of_a_resize_the_base_screen_heard(Plain()) == "top"


async def test_every_apps_base_screen_names_itself():
    assert isinstance(Fixed().get_default_screen(), textual_fixes.BaseScreen)
    assert await sender_of_a_resize_the_base_screen_heard(Fixed()) == "base"

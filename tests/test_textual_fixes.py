"""Widgets that come and go leave no style caches behind (Textualize/textual#6665)."""

from __future__ import annotations

import gc
import weakref

import pytest
from pilot_helpers import live_objects
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Label

import exhibit.app  # noqa: F401  (installs the workarounds, as the exhibit does)
from exhibit import textual_fixes

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
    after_thirty = await style_caches_after(30)
    assert after_thirty <= after_two + 10            # unfixed: about 40 more a rebuild


async def test_textuals_own_method_keeps_them(monkeypatch):
    """Shows the test above can fail: Textual 8.2 keeps the last 1,024 style caches.

    When Textual fixes #6665 this test fails, and the workaround can go.
    """
    assert textual_fixes.LEAKY is not None, "Textual no longer caches on the StylesCache: drop the fix"
    monkeypatch.setattr(StylesCache, "get_inner_outer", textual_fixes.LEAKY)
    try:
        after_two = await style_caches_after(2)
        after_thirty = await style_caches_after(30)
    finally:
        textual_fixes.LEAKY.cache_clear()
    assert after_thirty > after_two + 500


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

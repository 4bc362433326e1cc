"""Workarounds for Textual bugs that make a long-running exhibit grow.

Each is named with its upstream issue, is installed once by ``install()``
(``exhibit.app`` calls it on import), and leaves Textual alone if the
installed version no longer has the bug. ``tests/test_textual_fixes.py``
shows each bug and that the workaround removes it; the footer has its own
module (``exhibit.widgets.footer``, Textualize/textual#6666).

``StylesCache.get_inner_outer`` (Textualize/textual#6665, open in 8.2.8)
is an instance method under ``functools.lru_cache(1024)``, so the cache
key includes the ``StylesCache`` itself: the last 1,024 widgets' style
caches, with every line they rendered, stay alive after the widgets have
gone. On the kiosk every stop a visitor opens makes new widgets, so this
held tens of megabytes that grew visitor by visitor until the cache was
full. The method's result depends only on the two colours, so here it is
cached on those alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual._styles_cache import StylesCache

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
    if inner_outer_is_keyed_on_the_cache():
        LEAKY = StylesCache.__dict__["get_inner_outer"]
        LEAKY.cache_clear()                # drop what it holds already
        StylesCache.get_inner_outer = _colours_only(LEAKY)  # type: ignore[method-assign, assignment]

"""Footer: Textual's key footer, without the leak that keeps old keys alive.

Textual's Footer (8.2.8) rebuilds its keys whenever the screen's bindings
change, and each new key binds itself to the footer's ``compact`` setting
with ``data_bind``. The footer keeps that binding in a list that Textual
only prunes when ``compact`` changes, which in this app it never does; so
every key ever shown stays alive with its styles and its rendered lines.
On a kiosk that rebuilds the footer thousands of times a day, that was most
of the memory growth (Textualize/textual#6666, open upstream).

This footer drops the bindings of keys that have been removed before it
builds the new ones.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Footer as TextualFooter


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


class Footer(TextualFooter):
    """The key footer; rebuilding it no longer keeps the old keys alive."""

    def compose(self) -> ComposeResult:
        # Recompose removes (and closes) the old keys before calling compose.
        prune_watchers(self)
        yield from super().compose()

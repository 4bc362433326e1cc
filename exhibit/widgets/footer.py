"""Footer: Textual's key footer, without the leak that keeps old keys alive.

Textual's Footer (8.2.8) rebuilds its keys whenever the screen's bindings
change, and each new key binds itself to the footer's ``compact`` setting
with ``data_bind``. The footer keeps that binding in a list that Textual
only prunes when ``compact`` changes, which in this app it never does; so
every key ever shown stays alive with its styles and its rendered lines.
On a kiosk that rebuilds the footer thousands of times a day, that was most
of the memory growth (Textualize/textual#6666, open upstream).

This footer drops the bindings of keys that have been removed before it
builds the new ones (``exhibit.textual_fixes.prune_watchers``, with the
other uses of Textual's internals).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from exhibit.textual_fixes import prune_watchers


class Footer(TextualFooter):
    """The key footer; rebuilding it no longer keeps the old keys alive."""

    def compose(self) -> ComposeResult:
        # Recompose removes (and closes) the old keys before calling compose.
        prune_watchers(self)
        yield from super().compose()

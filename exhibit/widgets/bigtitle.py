"""BigTitle: a title in block letters that fits its width, or plain bold when it cannot."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static

from exhibit import bigtext


class BigTitle(Static):
    """Draws its text in block letters wrapped to the widget's width.

    On a terminal too narrow for even one word in block letters it falls
    back to the plain text in bold capitals, so the title is never cut.
    """

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.text = text
        self.fallback = False

    def on_mount(self) -> None:
        self._draw(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._draw(event.size.width)

    def _draw(self, width: int) -> None:
        rows = bigtext.render(self.text, width) if width > 0 else None
        self.fallback = rows is None
        if rows is None:
            self.update(Text(self.text.upper(), style="bold"))
        else:
            self.update(Text("\n".join(rows)))

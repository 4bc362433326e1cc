"""TitleBar: the exhibit's name across the top of a screen."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class TitleBar(Static):
    """A one-line title, in place of Textual's Header.

    Header watches the app's title from every screen it sits on; those
    watchers outlive the screen, so each stop a visitor opened stayed in
    memory (with its render caches), and a screen replaced quickly could
    raise from a title update that arrived after it had gone. The title
    here is set once, when the bar is made.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        content-align: center middle;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    """

    note: reactive[str] = reactive("", layout=False)
    """Said at the right-hand end (a stop says who has the keyboard)."""

    def on_mount(self) -> None:
        self._draw()

    def watch_note(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        title = self.screen.title or self.app.title
        if not self.note:
            self.update(title)
            return
        width = max(self.size.width, 1)
        note = f"{self.note} "
        room = width - len(note) - 3
        if room < 12:
            self.update(Text(note.strip()))
            return
        shown = title if len(title) <= room else title[: room - 1] + "…"
        line = Text(f" {shown}")
        line.append(" " * max(1, width - len(shown) - 1 - len(note)))
        line.append(note, style="reverse")
        self.update(line)

"""TitleBar: the exhibit's name across the top of a screen."""

from __future__ import annotations

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

    def on_mount(self) -> None:
        self.update(self.screen.title or self.app.title)

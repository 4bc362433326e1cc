"""Every text/background pair of every theme and screen, with its WCAG contrast ratio.

    PYTHONPATH=. python bench/contrast_table.py [--clearer] [--screens]

Prints Markdown tables: first each machine theme's inks on its paper (as
TerminalView draws them from themes.tcss), then, with ``--screens``, every
distinct text colour on the exhibit's own screens (timeline, each stop,
about, the wall's moderation, the kiosk's attract and "still there?"
screens, the presenter's first slides) at 140x40 and 80x24. ``--clearer``
measures with the clearer-colours setting on. Pairs under 4.5:1 are marked.
tests/test_contrast.py holds the same figures to the floor; this prints them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402

import exhibit  # noqa: E402
from emulator import Machine, Profile  # noqa: E402
from emulator.profile import THEMES  # noqa: E402
from exhibit import contrast  # noqa: E402
from exhibit.widgets.terminal import TerminalView  # noqa: E402

STYLES = Path(exhibit.__file__).parent


class LookApp(App[None]):
    CSS_PATH = [STYLES / "exhibit.tcss", STYLES / "themes.tcss"]

    def __init__(self, theme: str, clearer: bool) -> None:
        super().__init__()
        self.machine = Machine(Profile(mhz=None, theme="green" if theme == "none" else theme))
        self.theme_name = theme
        if clearer:
            self.add_class("-clearer")

    def compose(self) -> ComposeResult:
        classes = "" if self.theme_name == "none" else f"theme-{self.theme_name}"
        yield TerminalView(self.machine, cursor_blink=False, classes=classes)


async def theme_rows(clearer: bool) -> list[tuple[str, contrast.Pair]]:
    rows = []
    for theme in (*THEMES, "none"):
        app = LookApp(theme, clearer)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            view = app.query_one(TerminalView)
            for pair in contrast.theme_pairs(view).values():
                rows.append((theme, pair))
    return rows


async def screen_rows(clearer: bool) -> list[tuple[str, contrast.Pair]]:
    from exhibit.app import ExhibitApp
    from exhibit.kiosk import KioskApp
    from exhibit.presenter_app import PresenterApp
    from exhibit.screens.still_there import StillThereScreen
    from exhibit.screens.wall import ModerateScreen
    from timeline import load_timeline

    stops = load_timeline()
    rows: list[tuple[str, contrast.Pair]] = []
    seen: set[tuple[str, tuple[int, int, int], tuple[int, int, int]]] = set()

    def take(size: str, screen: object) -> None:
        for pair in contrast.screen_pairs(screen):  # type: ignore[arg-type]
            key = (pair.where.split(" ")[0], pair.text, pair.background)
            if key not in seen:
                seen.add(key)
                rows.append((size, pair))

    with tempfile.TemporaryDirectory() as data:
        for size in ((140, 40), (80, 24)):
            label = f"{size[0]}x{size[1]}"
            app = ExhibitApp(stops, data=Path(data))
            if clearer:
                app.add_class("-clearer")
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                take(label, app.screen)
                store = app.store
                assert store is not None
                post = store.add("wall", "Ada", "Talk to people, not just screens.", answer=True)
                store.add("wall", "Sam", "Hidden for the test.", answer=True)
                store.hide(post.id + 1)
                for stop in stops:
                    app.open_stop(stop.id)
                    await pilot.pause(0.3)
                    take(label, app.screen)
                app.pop_screen()
                await pilot.pause()
                app.action_about()
                await pilot.pause()
                take(label, app.screen)
                app.pop_screen()
                await app.push_screen(ModerateScreen(store))
                await pilot.pause()
                take(label, app.screen)
                await app.push_screen(StillThereScreen(20))
                await pilot.pause()
                take(label, app.screen)
            kiosk = KioskApp(stops, data=Path(data))
            if clearer:
                kiosk.add_class("-clearer")
            async with kiosk.run_test(size=size) as pilot:
                await pilot.pause(0.5)
                take(label, kiosk.screen)
            presenter = PresenterApp(stops, state_path=Path(data) / "p.json", data=Path(data))
            if clearer:
                presenter.add_class("-clearer")
            async with presenter.run_test(size=size) as pilot:
                for _ in range(4):
                    await pilot.pause(0.2)
                    take(label, presenter.screen)
                    await pilot.press("pagedown")
    return rows


def table(title: str, rows: list[tuple[str, contrast.Pair]]) -> str:
    lines = [f"### {title}", "", "| where | pair | text | background | ratio |",
             "|---|---|---|---|---|"]
    for group, pair in rows:
        mark = "" if pair.ratio >= contrast.TEXT else " **< 4.5**"
        lines.append(f"| {group} | {pair.where} | {contrast.hex_rgb(pair.text)} | "
                     f"{contrast.hex_rgb(pair.background)} | {pair.ratio:.2f}{mark} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clearer", action="store_true", help="with clearer colours on")
    parser.add_argument("--screens", action="store_true", help="the exhibit's screens too")
    args = parser.parse_args()
    mode = "clearer colours" if args.clearer else "as shipped"
    print(table(f"Machine themes ({mode})", asyncio.run(theme_rows(args.clearer))))
    if args.screens:
        print()
        print(table(f"Exhibit screens ({mode})", asyncio.run(screen_rows(args.clearer))))


if __name__ == "__main__":
    main()

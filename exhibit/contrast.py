"""Contrast, measured: the WCAG 2.x ratio of every text colour to what it is drawn on.

WCAG 2.x (success criterion 1.4.3) asks for 4.5:1 between text and its
background. ``ratio`` is the standard formula: relative luminance from sRGB
(IEC 61966-2-1), then (L1 + 0.05) / (L2 + 0.05).

Two places colours come from, and a measure for each:

- ``theme_pairs``: a machine's era look (themes.tcss, as TerminalView reads
  it): the theme's ink and each of the sixteen ANSI colours as text on the
  theme's paper (and on the green bars of printer paper).
- ``screen_pairs``: the exhibit's own screens as Textual composed them: the
  colour and background of every cell that holds a letter or a digit,
  outside the machine's screen and the pictures (measured above, or not
  text at all); the titles on a machine's border count.

The exception, written down: on the paper theme the memo's carbon copies
are meant to be fainter than the top copy (blue, bright blue and bright
black, in that order, are the first, second and third carbon). They keep
3:1 (the WCAG figure for large text and for graphics) and fade in order;
with clearer colours on they keep 4.5:1 like every other text, still in
order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from rich.color import Color as RichColor
from rich.style import Style
from textual.filter import dim_color
from textual.geometry import Region
from textual.screen import Screen

from exhibit.widgets.terminal import PALETTE_CLASSES, TerminalView

RGB = tuple[int, int, int]

TEXT = 4.5                 # WCAG 2.x AA, normal text
FAINT = 3.0                # the carbon copies' floor: WCAG's figure for large text
# The memo's carbons on the paper theme, top copy first (roms/programs/memo.mac: INKS).
CARBONS = ("default", "blue", "brightblue", "brightblack")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """Relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hex_rgb(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _rgb(colour: RichColor) -> RGB:
    triplet = colour.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


@dataclasses.dataclass(frozen=True)
class Pair:
    """One text colour on one background, where it is drawn, and its ratio."""

    where: str
    text: RGB
    background: RGB

    @property
    def ratio(self) -> float:
        return ratio(self.text, self.background)

    def __str__(self) -> str:
        return (f"{self.where}: {hex_rgb(self.text)} on {hex_rgb(self.background)} "
                f"= {self.ratio:.2f}:1")


def theme_pairs(view: TerminalView) -> dict[str, Pair]:
    """Every text colour of a mounted TerminalView's theme on its paper, keyed by pyte name.

    ``"default"`` is the theme's own ink; ``"bar:NAME"`` is NAME on the green
    bars of printer paper (themes that have bars). A colour the same as the
    paper (the BBC's black ink) is left out: it is the paper, not text.
    """
    look = view.current_look()
    paper = _rgb(look.bg)
    grounds = [("", paper)]
    if look.bar is not None:
        grounds.append(("bar:", _rgb(look.bar)))
    pairs: dict[str, Pair] = {}
    inks = {"default": _rgb(look.fg)}
    # "yellow" is pyte's "brown" under another name: measured once, as brown.
    inks.update({name: _rgb(ink.fg) for name, ink in look.palette.items()
                 if name in PALETTE_CLASSES and "yellow" not in name})
    for prefix, ground in grounds:
        for name, ink in inks.items():
            if ink == paper:
                continue
            pairs[prefix + name] = Pair(f"{prefix}{name}", ink, ground)
    return pairs


def _excluded(screen: Screen[object]) -> list[Region]:
    # Machine screens have their own measure (theme_pairs); pictures are not text.
    from exhibit.widgets.picture import PictureView
    from exhibit.widgets.printer import PrinterView

    # Only their content: a border's title (the stop's name on the machine)
    # is text like any other.
    return [widget.content_region for widget in screen.query("*")
            if isinstance(widget, (TerminalView, PictureView, PrinterView))
            and widget.display and widget.is_mounted]


def _where(screen: Screen[object], x: int, y: int) -> tuple[str, bool]:
    """Which widget draws the cell at x, y, and whether it is disabled."""
    try:
        widget, _ = screen.get_widget_at(x, y)
    except Exception:
        return type(screen).__name__, False
    name = type(widget).__name__
    where = f"{type(screen).__name__} {name}#{widget.id}" if widget.id else \
        f"{type(screen).__name__} {name}"
    return where, widget.disabled


def screen_pairs(screen: Screen[object], *, disabled: bool = False) -> Iterator[Pair]:
    """Every distinct text colour on its background as the screen is drawn now.

    A cell counts as text when it holds a letter or a digit; lines, boxes
    and blocks are graphics. Dim text is measured as Textual's dim filter
    would draw it (halfway to its background), the way most terminals show it.
    Disabled controls are left out unless ``disabled`` (WCAG 1.4.3 exempts
    inactive controls; clearer colours lifts them all the same).
    """
    excluded = _excluded(screen)
    # Compositor.render_strips is what Textual itself uses for a screenshot;
    # it is the one private reach in this module.
    strips = screen._compositor.render_strips()
    seen: set[tuple[str, RGB, RGB]] = set()
    for y, strip in enumerate(strips):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style or Style()
            width = len(text)
            for i, ch in enumerate(text):
                if not ch.isalnum():
                    continue
                cx = x + i
                if any(r.contains(cx, y) for r in excluded):
                    continue
                if style.color is None or style.bgcolor is None:
                    continue
                fg, bg = style.color, style.bgcolor
                if style.reverse:
                    fg, bg = bg, fg
                if style.dim:
                    fg = dim_color(bg, fg)
                where, inactive = _where(screen, cx, y)
                if inactive and not disabled:
                    continue
                key = (where, _rgb(fg), _rgb(bg))
                if key not in seen:
                    seen.add(key)
                    yield Pair(*key)
            x += width


def failing(pairs: Iterable[Pair], floor: float = TEXT) -> list[Pair]:
    return [p for p in pairs if p.ratio < floor]

"""Reduced motion and clearer colours: two settings for visitors, read the same way everywhere.

Reduced motion is Textual's own ``App.animation_level == "none"`` (Textual's
widgets already respect it); the exhibit's moving parts ask ``still(node)``:
a terminal's cursor stays steady, the wall's text boxes stop blinking, and
the attract screen draws its timeline once, with no walking marker, and its
demo does not type by itself.

Clearer colours is the ``-clearer`` class on the App: the styles (exhibit.tcss,
themes.tcss) lift every colour under 4.5:1 when it is set.
"""

from __future__ import annotations

from textual.dom import DOMNode

CLEARER = "-clearer"


def still(node: DOMNode) -> bool:
    """Whether the visitor's settings ask for no movement (the kiosk's reduced_motion)."""
    return node.app.animation_level == "none"


def clearer(node: DOMNode) -> bool:
    """Whether clearer colours are on (F3, or the kiosk's clearer_colours)."""
    return node.app.has_class(CLEARER)

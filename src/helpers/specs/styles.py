"""The shared colour-blind-safe palette, and the look of each system in every figure.

The palette is Okabe & Ito's (2008, "Color Universal Design"): eight colours most readers tell
apart. The article's two systems have fixed looks (the CM384 vermillion, solid, circles; the
NVL72 bluish green, dashed, squares, hatched bars); every other system takes the next look of
:data:`OTHER_LOOKS` in the order it is registered, so a system always differs by line style and
marker, and by colour from its six neighbours. :mod:`helpers.plots` draws with these; this
module holds only data.
"""

from __future__ import annotations

from .hardware import Style

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable by most readers.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

CM384_LOOK = Style(OKABE_ITO["vermillion"], "-", "o", "")
NVL72_LOOK = Style(OKABE_ITO["bluish_green"], "--", "s", "//")

#: The looks of the systems beyond the article's two, in the order they are registered.
OTHER_LOOKS: tuple[Style, ...] = (
    Style(OKABE_ITO["blue"], "-.", "^", "\\\\"),
    Style(OKABE_ITO["orange"], ":", "D", ".."),
    Style(OKABE_ITO["reddish_purple"], (0, (5, 1, 1, 1)), "v", "xx"),
    Style(OKABE_ITO["sky_blue"], (0, (3, 1, 1, 1, 1, 1)), "P", "++"),
    Style(OKABE_ITO["black"], (0, (1, 1)), "X", "--"),
    Style(OKABE_ITO["yellow"], (0, (5, 2)), "*", "oo"),
    # A second round of the six colours, each with a marker, line style and hatch of its own,
    # so that twelve systems beyond the article's two still look different from one another.
    Style(OKABE_ITO["blue"], (0, (1, 2)), "h", "||"),
    Style(OKABE_ITO["orange"], (0, (4, 2, 1, 2)), "p", "//."),
    Style(OKABE_ITO["reddish_purple"], (0, (2, 2)), "<", "\\\\."),
    Style(OKABE_ITO["sky_blue"], (0, (6, 2, 2, 2)), ">", "x."),
    Style(OKABE_ITO["black"], (0, (3, 3)), "d", "+."),
    Style(OKABE_ITO["yellow"], (0, (8, 2)), "H", "-."),
)


def look(index: int) -> Style:
    """The look of the ``index``-th system beyond the article's two (cycling, with a marker and
    line style that still differ from its neighbours')."""
    return OTHER_LOOKS[index % len(OTHER_LOOKS)]

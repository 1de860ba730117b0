"""What every chart looks like: colours, fonts, sizes, and safe text for plotly (no data here)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

import plotly.graph_objects as go

from indicators import locales
from indicators.formatting import NumberStyle

#: Okabe–Ito: distinguishable with every common colour-vision deficiency, and in greyscale print. In
#: this order no two of the first five are alike (vermillion and orange, blue and sky blue only meet
#: from the sixth series on); black is the theme's ink (white on dark).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442")

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

DEFAULT_HEIGHT = 600

#: Width in CSS pixels a figure is laid out for when nobody says (an embed): its labels, legend rows
#: and wrapped notes are planned for it. The page tells the width of its chart, images theirs.
DEFAULT_WIDTH = 760
#: Width a page's chart is planned for until the page has measured its own: the chart box of a screen
#: 1280 px wide (a projector, a laptop). A wider box shows it as planned, a little wider (safe: labels
#: only move apart); a narrower one (a phone) has it redrawn for its width (assets/app.js).
PAGE_WIDTH = 1200
#: Narrowest and widest widths a figure is planned for (a phone, a wall screen).
WIDTH_BOUNDS = (300, 2400)


@dataclass(frozen=True)
class Framing:
    """What a chart says around its plot besides the key of its marks: title, source line, a footnote.

    The page and images say everything, since a picture travels alone; a slide says the title and
    the source itself, so its picture leaves them out (the title once, the source once).
    """

    title: bool = True
    source: bool = True
    #: A last line under the source (images: "数据截至 …", when the data was last updated).
    footnote: str = ""


#: Everything around the plot, as the page shows it.
FULL_FRAMING = Framing()


@dataclass(frozen=True)
class ChartOptions:
    """How a chart is drawn, beside what it draws: years shown, number style, theme, size, output."""

    #: Keep values whose period ends in or after this year (None: from the first).
    year_from: int | None = None
    #: Keep values whose period starts in or before this year (None: to the last).
    year_to: int | None = None
    style: NumberStyle = NumberStyle.MYRIAD
    theme: str = "light"
    #: Pixel height (the legend and notes are laid out for it; the width follows the page).
    height: int = DEFAULT_HEIGHT
    #: The figure's plain dict instead of a ``go.Figure`` (see :func:`make_figure`).
    as_dict: bool = False
    #: Title, source line and footnote around the plot.
    framing: Framing = FULL_FRAMING
    #: Width in CSS pixels the figure is laid out for (None: :data:`DEFAULT_WIDTH`). Plotly stretches a
    #: figure to its box; what is planned here is which labels fit, where they go, and how texts wrap.
    width: int | None = None
    #: The figure may grow taller than ``height`` when its parts need the room (panels, cards on a
    #: phone): on the page, whose chart takes the figure's height; never for an image of a fixed size.
    grow: bool = False

    @property
    def layout_width(self) -> int:
        """The width to plan for, within :data:`WIDTH_BOUNDS`."""
        low, high = WIDTH_BOUNDS
        return min(max(self.width or DEFAULT_WIDTH, low), high)


@dataclass(frozen=True)
class Theme:
    """Colours of a chart."""

    paper: str
    plot: str
    text: str
    muted: str
    grid: str
    event: str


THEMES = {
    "light": Theme("#ffffff", "#ffffff", "#1f2933", "#52606d", "#e4e7eb", "#7b8794"),
    "dark": Theme("#1f2933", "#1f2933", "#f5f7fa", "#cbd2d9", "#3e4c59", "#9aa5b1"),
}


def series_color(n: int, theme: Theme) -> str:
    """The colour of the n-th series drawn (0-based): the palette in order, black in the theme's ink."""
    color = PALETTE[n % len(PALETTE)]
    return theme.text if color == "#000000" else color


def plain(text: object) -> str:
    """Curated text made safe for Plotly, which reads a few HTML tags in labels: show it literally."""
    return escape(str(text), quote=False)


def scatter(**props) -> dict:
    """A scatter trace as a plain dict (see :func:`make_figure`)."""
    return {"type": "scatter", **props}


def make_figure(traces: list[dict], layout: dict, as_dict: bool = False) -> go.Figure:
    """A figure of traces and a layout built here, without plotly's validation of every property.

    Plotly checks each property and each array element against its schema when a figure or trace is
    made; for the values this module writes (known properties, plain numbers, dates and strings) it
    changes nothing in the JSON, and it was the largest cost of the chart callback: 39 of the 55 ms of
    ``trend_figure`` for three indicators of the article, 150 of 310 ms for three of 120 monthly
    values. The tests validate every kind of figure (``go.Figure(fig.to_dict())``).

    With ``as_dict``, the figure's dict itself: what the chart callback hands to Dash, which
    serializes it as it would the figure, without the cost of making plotly's objects first.
    """
    if as_dict:
        return {"data": traces, "layout": layout}  # type: ignore[return-value]
    return go.Figure(data=traces, layout=layout, _validate=False)


def wrap(text: str, width: int) -> str:
    """Break text for hover boxes (CJK has no spaces, so break by characters)."""
    lines, line = [], ""
    for word in text.replace("\n", " ").split(" ") if " " in text else list(text):
        candidate = f"{line} {word}".strip() if " " in text else line + word
        if len(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(plain(x) for x in lines)


#: Widths in em of characters of Noto Sans CJK SC (the charts' font) that are not about half an em,
#: measured in Chromium: its symbols (● ≥ · “ × …) are as wide as a CJK character.
_NARROW = dict.fromkeys(" ", 0.22) | dict.fromkeys("ijlI.,:;'|!`", 0.28) | dict.fromkeys("()[]{}/\\frt", 0.36)
_WIDE = dict.fromkeys("mwMW%@", 0.88) | dict.fromkeys("ABCDEGHKNOQRUVXY&", 0.64) | {"\u2014": 0.89}
_FULL = "·×÷°±"


def _em(ch: str) -> float:
    code = ord(ch)
    if code > 0x2E80 or ch in _FULL or (0x2010 < code < 0x2C00 and ch not in "\u2013\u2212"):
        return _WIDE.get(ch, 1.0)
    return _NARROW.get(ch) or _WIDE.get(ch) or 0.55


def text_width(text: str, size: float = 13) -> int:
    """Rough rendered width in pixels of plain text at a font size, in the charts' font.

    Measured against Noto Sans CJK SC in Chromium: a CJK character and most symbols (● ≥ ┝ “ …) are
    1 em wide, digits and most letters about 0.55 em, a space 0.22 em.
    """
    return round(sum(_em(ch) for ch in text) * size)


#: Between the items of a chart's key (a wide space in Chinese, three spaces in English): lines break
#: there first, so an item (● 确数) is never split from its mark.
ITEM_BREAKS = ("\u3000", "   ")


def wrap_lines(text: str, width: int, size: float = 13) -> list[str]:
    """Lines of at most ``width`` pixels: between items first, then between words (English) or characters (CJK)."""
    return list(_wrapped(text, width, size))


# Every answer wraps the same notes, keys and titles again: kept, as measuring them is a pass per character.
@lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, size: float) -> tuple[str, ...]:
    for separator in ITEM_BREAKS:
        if separator in text:
            lines: list[str] = []
            for item in text.split(separator):
                joined = f"{lines[-1]}{separator}{item}" if lines else item
                if lines and text_width(joined, size) <= width:
                    lines[-1] = joined
                else:
                    lines.extend(_wrapped(item, width, size))
            return tuple(lines)
    pieces = [f"{word} " for word in text.split(" ")] if " " in text else list(text)
    lines, line = [], ""
    for piece in pieces:
        if text_width(line + piece.rstrip(), size) > width and line:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return (*lines, line.rstrip()) if line.strip() else tuple(lines)


def rejoin(lines: list[str]) -> str:
    """Wrapped lines joined back into one text (with spaces between English words)."""
    return "".join(lines) if all(_em(line[-1:] or "x") >= 1 for line in lines[:-1]) else " ".join(lines)


def shorten(text: str, width: int, size: float = 13) -> str:
    """The text cut to ``width`` pixels with an ellipsis (the hover keeps it whole)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def plotly_config(lang: str, filename: str | None = None) -> dict:
    """Plotly's toolbar settings, wherever a chart is shown: localized, PNG downloads at twice the size."""
    image = {"format": "png", "scale": 2} | ({"filename": filename} if filename else {})
    return {
        "displaylogo": False,
        "responsive": True,
        "locale": locales.get(lang).plotly,
        "toImageButtonOptions": image,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }

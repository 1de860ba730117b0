"""What every chart looks like: colours, fonts, sizes, and safe text for plotly (no data here)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from indicators import locales
from indicators.formatting import NumberStyle

#: Okabe–Ito: distinguishable with every common colour-vision deficiency, and in greyscale print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

DEFAULT_HEIGHT = 600

#: Room above the plot for the title and the milestone labels, and below it for the legend and source.
MARGIN_TOP = 140
#: Of that room, what the title and subtitle take (a chart without its title gives it to the plot).
TITLE_HEIGHT = 64

#: Width in pixels the layout of labels and notes plans for (a phone is narrower, a screen wider).
PLOT_WIDTH = 620


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


def text_width(text: str) -> int:
    """Rough rendered width in pixels at 12-13 px (CJK characters are about twice as wide)."""
    return sum(13 if ord(ch) > 0x2E80 else 7 for ch in text)


def wrap_lines(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` pixels: English breaks between words, Chinese between characters."""
    pieces = [f"{word} " for word in text.split(" ")] if " " in text else list(text)
    lines, line = [], ""
    for piece in pieces:
        if text_width(line + piece.rstrip()) > width and line:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


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

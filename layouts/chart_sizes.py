"""The size a chart is drawn at for the window it is shown in: a phone, a desk, a meeting room's screen.

The browser tells its window's size once (``assets/app.js``, ``viewport``), and the width of the
chart's box whenever the chart was not planned for it; the chart callback draws the figure for them.
Figures stay pure: on a meeting room's screen a chart is planned for the box and the height divided by
the text scale, then zoomed whole by :func:`scaled_text` (its texts, the room planned around them and
its size), so that a projected chart is read from the back of the room (16 px and more at 1920×1080)
and what a chart kind laid out in pixels (figure cards, labels) keeps its places.
"""

from __future__ import annotations

from typing import NamedTuple

from layouts.charts.style import DEFAULT_HEIGHT

#: From this window width on, a screen is a meeting room's: larger text, a taller chart.
WALL_WIDTH = 1600
#: How much larger a chart's texts are drawn on such a screen (11–13 px texts become 16.5–19.5 px).
WALL_TEXT_SCALE = 1.5
#: Share of the window's height a chart takes on such a screen, and the tallest it gets.
WALL_HEIGHT_SHARE = 0.72
WALL_MAX_HEIGHT = 1000

#: Keys of a figure whose number is a size in pixels of text, or room planned around text.
_SIZE_KEYS = {"size"}
_TEXT_DICTS = {"font", "tickfont", "textfont", "insidetextfont", "outsidetextfont", "titlefont"}
_SHIFT_KEYS = {"xshift", "yshift", "borderpad"}
_MARGIN_KEYS = {"t", "b", "l", "r", "pad"}


#: Widths (CSS pixels) of a chart's box the browser may report: a phone's to a wall screen's.
CHART_WIDTHS = range(300, 2401)


class ChartSize(NamedTuple):
    """How large to draw a chart: its height in pixels, the scale of its texts, the width of its box."""

    height: int = DEFAULT_HEIGHT
    text_scale: float = 1.0
    #: The width in CSS pixels of the box the chart is shown in (None: not measured).
    width: int | None = None


def chart_size(viewport: object) -> ChartSize:
    """The chart size for a window and the chart's box (``{"width": px, "height": px, "chart_width": px}``).

    The window's size (from the browser; anything else: a desk's) decides the height and the texts'
    scale; ``chart_width`` is the box's width the figure is planned for (:func:`shown_width`). What
    the browser sends is not trusted: a missing, malformed or absurd size gives the default.
    """
    if not isinstance(viewport, dict):
        return ChartSize()
    box = shown_width(viewport.get("chart_width"))
    width, height = viewport.get("width"), viewport.get("height")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 100_000 for v in (width, height)):
        return ChartSize(width=box)
    if width >= WALL_WIDTH:
        tall = int(min(WALL_MAX_HEIGHT, max(DEFAULT_HEIGHT, height * WALL_HEIGHT_SHARE)))
        return ChartSize(tall, WALL_TEXT_SCALE, box)
    return ChartSize(width=box)


def shown_width(value: object) -> int | None:
    """A chart box's width the page reported (its store or its cookie), or None when it is not a sane one."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 4:
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value in CHART_WIDTHS else None


def scaled_text(figure: dict, scale: float) -> dict:
    """The figure dict zoomed by ``scale``: texts, the room planned around them, and the figure's size.

    Text sizes, margins and shifts, and the layout's height and width are multiplied (a figure planned at
    800×400 px for ``scale`` 1.5 is drawn at 1200×600).

    Works on the plain dict :func:`layouts.chart_view.view_figure` gives with ``as_dict`` (a new dict;
    the one given is left as it was).
    """
    if scale == 1:
        return figure
    layout = _scaled(figure.get("layout", {}), scale, None)
    for key in ("height", "width"):  # the layout's own size (a trace's width is in data units: left alone)
        if isinstance(layout.get(key), int | float) and not isinstance(layout[key], bool):
            layout[key] = round(layout[key] * scale)
    layout.setdefault("font", {}).setdefault("size", round(12 * scale, 1))  # plotly's default is 12 px
    return {**figure, "layout": layout, "data": [_scaled(trace, scale, None) for trace in figure.get("data", [])]}


def _scaled(value: object, scale: float, parent: str | None) -> object:
    if isinstance(value, dict):
        return {key: _scaled_item(key, item, scale, parent) for key, item in value.items()}
    if isinstance(value, list):
        return [_scaled(item, scale, parent) for item in value]
    return value


def _scaled_item(key: str, item: object, scale: float, parent: str | None) -> object:
    number = isinstance(item, int | float) and not isinstance(item, bool)
    if number and key in _SIZE_KEYS and parent in _TEXT_DICTS:
        return round(item * scale, 1)
    if number and (key in _SHIFT_KEYS or (parent == "margin" and key in _MARGIN_KEYS)):
        return round(item * scale)
    return _scaled(item, scale, key)

"""Figure cards: one value each (a rank, a one-off count) with its period and quote, not a point on an axis.

A single value on a time axis says nothing an axis could add (第1名 halfway up a 0–2 axis, ticks of
days around one date); a card says it plainly. Still a plotly figure (annotations and shapes), so it
exports as PNG and SVG and works in slides and embeds like every other chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang, format_period, format_quantity
from indicators.periods import parse_period
from indicators.selections import level_rows
from layouts.charts.empty import empty_figure
from layouts.charts.frame import base_layout, finish_layout, plot_area
from layouts.charts.labels import ChartRow, chart_rows, chart_title, hover_text, indicator_name, source_line
from layouts.charts.style import (
    THEMES,
    ChartOptions,
    Theme,
    make_figure,
    plain,
    rejoin,
    shorten,
    text_width,
    wrap_lines,
)
from layouts.i18n import t

#: At most this many cards in one figure (beyond, the values are better read from a chart or the table).
MAX_CARDS = 6
#: Pixels between cards, inside a card around its text, and the widest a card grows.
GAP, PAD, MAX_CARD_WIDTH = 16, 14, 560
NAME_SIZE, VALUE_SIZE, DETAIL_SIZE, QUOTE_SIZE = 14, 40, 13, 13
#: Height in pixels of a line of text at a font size (and the space after a block).
LINE, SPACE = 1.3, 6


def _grid(count: int, width: float, height: float) -> tuple[int, int]:
    """Columns and rows of the cards: the arrangement whose cards are closest to 1.8 times as wide as tall."""

    def score(cols: int) -> float:
        rows = math.ceil(count / cols)
        card_width = min((width - GAP * (cols - 1)) / cols, MAX_CARD_WIDTH)
        return min(card_width / 1.8, (height - GAP * (rows - 1)) / rows)

    cols = max(range(1, min(count, 3) + 1), key=score)
    return cols, math.ceil(count / cols)


class _Card(NamedTuple):
    """The texts of a card, each a list of lines with its font size, colour and weight."""

    blocks: list[tuple[list[str], float, str, bool]]
    hover: str

    @property
    def height(self) -> float:
        """Pixels its texts take, with the padding."""
        return 2 * PAD + sum(size * LINE * len(lines) + SPACE for lines, size, _, _ in self.blocks if lines)


def _card(
    dataset: Dataset, row: ChartRow, count: int, lang: Lang, options: ChartOptions, size: tuple[float, float],
    with_name: bool, theme: Theme,
) -> _Card:  # fmt: skip
    """The texts of one card, fitted to its size (width, height): what does not fit gives way in turn.

    The value and its period always show (an inferred period says so); the quote gives way first
    (the hover and the table have it), then the second line of the name, the measure, the value's size.
    """
    width, height = size
    room = width - 2 * PAD
    unit = dataset.unit_of(row.indicator_id)
    decimals = int(dataset.indicators.loc[row.indicator_id, "decimals"])
    value = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=options.style, measure=row.measure
    )
    period = format_period(parse_period(row.period), lang, inferred=bool(row.period_inferred))
    extra = [t(f"measure-{row.measure}", lang)]
    if row.derived:
        extra.append(f"◆ {t('computed', lang)}")
    if count > 1:
        extra.append(t("fact-latest-of", lang, n=count))
    value_size = max(18, min(VALUE_SIZE, int(room * 95 / max(text_width(value, 100), 1))))
    # Too long even at the smallest size (at least 100,000 cases in a narrow card): two lines.
    value_lines = wrap_lines(value, room, value_size)
    name = indicator_name(dataset, row.indicator_id, lang) if with_name else ""
    name_lines = wrap_lines(name, room, NAME_SIZE) if name else []
    if len(name_lines) > 2:
        name_lines = [name_lines[0], shorten(rejoin(name_lines[1:]), room, NAME_SIZE)]
    quote = f"“{row.quote}”" if isinstance(row.quote, str) and row.quote else ""
    quote_lines = wrap_lines(quote, room, QUOTE_SIZE) if quote else []
    hover = hover_text(dataset, row, unit, lang, options.style, decimals)

    def card(names: list[str], details: list[str], quotes: list[str], big: float) -> _Card:
        return _Card(
            [
                (names, NAME_SIZE, theme.text, True),
                (value_lines if big == value_size else wrap_lines(value, room, big), big, theme.text, True),
                (wrap_lines(" · ".join(details), room, DETAIL_SIZE), DETAIL_SIZE, theme.muted, False),
                (quotes, QUOTE_SIZE, theme.muted, False),
            ],
            hover,
        )

    details = [period, *extra]
    full = card(name_lines, details, quote_lines, value_size)
    if full.height <= height:
        return full
    bare = card(name_lines, details, [], value_size)
    if bare.height <= height:  # as much of the quote as fits, the rest in the hover
        spare = int((height - bare.height - SPACE) // (QUOTE_SIZE * LINE))
        if spare > 0:
            cut = [*quote_lines[: spare - 1], shorten(rejoin(quote_lines[spare - 1 :]), room, QUOTE_SIZE)]
            return card(name_lines, details, cut, value_size)
        return bare
    short_name = [shorten(name, room, NAME_SIZE)] if name else []
    for names, info, big in (
        (short_name, details, value_size),
        (short_name, [period], value_size),
        (short_name, [period], max(18, min(value_size, 26))),
        (short_name, [period], 18),
    ):
        smaller = card(names, info, [], big)
        if smaller.height <= height:
            return smaller
    return smaller


def fact_figure(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """A card for each indicator: its (latest) value in words, its period and measure, and the source's words."""
    colors = THEMES[options.theme]
    width, height = options.layout_width, options.height
    rows = level_rows(dataset, indicator_ids, options.year_from, options.year_to).sort_values(
        ["period_end", "period_start"], kind="stable"
    )
    ids = [i for i in dict.fromkeys(indicator_ids) if i in set(rows["indicator_id"])][:MAX_CARDS]
    if not ids:
        return empty_figure(t("no-data-in-range", lang), options.theme, options.as_dict)
    latest = {row.indicator_id: row for row in chart_rows(rows)}  # rows are in time order: the last one wins
    counts = rows.groupby("indicator_id", observed=True).size()
    layout = base_layout(chart_title(dataset, ids, lang), "", lang, colors, height, width, options.framing)
    layout["margin"].update({"l": 12, "r": 12})
    shown = rows[rows["indicator_id"].isin(ids)].groupby("indicator_id", observed=True).tail(1)
    source = source_line(dataset, shown, lang)
    finish_layout(layout, height, [], [], colors, width, ticks_px=0, source=source, framing=options.framing)
    plot_width, plot_height = plot_area(layout, width, height)
    cols, count_rows = _grid(len(ids), plot_width, plot_height)
    card_width = min((plot_width - GAP * (cols - 1)) / cols, MAX_CARD_WIDTH)
    cell_height = (plot_height - GAP * (count_rows - 1)) / count_rows

    def fitted(cell: float) -> list[_Card]:
        return [
            _card(dataset, latest[i], int(counts[i]), lang, options, (card_width, cell), len(ids) > 1, colors)
            for i in ids
        ]

    cards = fitted(cell_height)
    if options.grow:  # a phone: the cards whole (their quotes too), the figure taller
        whole = fitted(float(height))
        needed = count_rows * max(card.height for card in whole) + GAP * (count_rows - 1)
        if needed > plot_height:
            height = min(int(height + needed - plot_height), 2 * options.height)
            layout["height"] = height
            plot_width, plot_height = plot_area(layout, width, height)
            cell_height = (plot_height - GAP * (count_rows - 1)) / count_rows
            cards = fitted(cell_height)
    # Cards as tall as the tallest one's texts (all alike), the grid in the middle of the plot.
    card_height = min(cell_height, max(card.height for card in cards) + 2 * PAD)
    indent = (plot_width - (card_width * cols + GAP * (cols - 1))) / 2
    drop = (plot_height - (card_height * count_rows + GAP * (count_rows - 1))) / 2

    def x(px: float) -> float:
        return px / plot_width

    def y(px_from_top: float) -> float:
        return 1 - px_from_top / plot_height

    shapes, annotations = [], []
    for n, card in enumerate(cards):
        left = indent + (n % cols) * (card_width + GAP)
        top = drop + (n // cols) * (card_height + GAP)
        shapes.append(
            {
                "type": "rect", "xref": "paper", "yref": "paper", "x0": x(left), "x1": x(left + card_width),
                "y0": y(top + card_height), "y1": y(top), "line": {"color": colors.grid, "width": 1.5},
                "fillcolor": colors.paper, "layer": "below",
            }
        )  # fmt: skip
        cursor = top + PAD
        for lines, size, color, bold in card.blocks:
            if not lines:
                continue
            text = "<br>".join(f"<b>{plain(line)}</b>" if bold else plain(line) for line in lines)
            annotations.append(
                {
                    "text": text, "x": x(left + PAD), "y": y(cursor), "xref": "paper", "yref": "paper",
                    "xanchor": "left", "yanchor": "top", "align": "left", "showarrow": False,
                    "font": {"size": size, "color": color}, "hovertext": card.hover, "captureevents": True,
                }
            )  # fmt: skip
            cursor += size * LINE * len(lines) + SPACE
    layout["shapes"] = shapes
    layout["annotations"] = [*annotations, *layout.get("annotations", [])]
    layout["xaxis"] = {"visible": False, "range": [0, 1], "fixedrange": True}
    layout["yaxis"] = {"visible": False, "range": [0, 1], "fixedrange": True}
    return make_figure([], layout, options.as_dict)


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The figure cards of a view."""
    return fact_figure(dataset, indicator_ids, lang, options)


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Cards can show these: at most :data:`MAX_CARDS` indicators, each with a level value."""
    rows = level_rows(dataset, indicator_ids)
    return 0 < rows["indicator_id"].nunique() <= MAX_CARDS


def suits(dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None, year_to: int | None) -> bool:
    """The data calls for cards: each indicator has one value (a rank, a one-off count), at most six of them."""
    rows = level_rows(dataset, indicator_ids, year_from, year_to)
    counts = rows.groupby("indicator_id", observed=True).size()
    return 0 < len(counts) <= MAX_CARDS and bool((counts == 1).all())

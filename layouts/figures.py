"""Pure figure functions: data in, ``plotly.graph_objects.Figure`` out (no Dash, no I/O).

Conventions every chart follows, so a figure can be read without its page:

* a value about a single day is a marker at that day; a value about a span of days (a year, a
  quarter, "since the founding") is a bar-ended segment ┝━┥ over that span, never a point placed at
  an arbitrary date inside it;
* the marker says how exact a value is: filled for exact, open circle for "about", open triangle up
  for "at least", open triangle down for "at most", a diamond for a computed value; labels carry the
  same marks (约/≈, ≥, ≤) and the legend explains them;
* consecutive values of an indicator are joined by a thin dotted connector (nothing is known in
  between);
* reform milestones are labelled vertical lines (or bands, for a month or an interval);
* titles, axis titles, ticks, hover texts and the source line are in the chosen language, with
  numbers written by :mod:`indicators.formatting` (万/亿 in Chinese).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle, format_date, format_number, format_period, format_quantity
from indicators.periods import parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Unit, UnitKind
from layouts.i18n import t
from layouts.view_state import ViewMode, ViewState

#: Okabe–Ito: distinguishable with every common colour-vision deficiency, and in greyscale print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
FOUNDING_EVENT = "city-founded"

#: Label every point of a series up to this many points; beyond, only the last and the qualified.
MAX_LABELLED_POINTS = 12
#: Room above the plot for the title and the milestone labels, and below it for the legend and source.
MARGIN_TOP = 140
#: Width in pixels the layout of labels and notes plans for (a phone is narrower, a screen wider).
PLOT_WIDTH = 620
DEFAULT_HEIGHT = 600


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


def _scatter(**props) -> dict:
    """A scatter trace as a plain dict (see :func:`_figure`)."""
    return {"type": "scatter", **props}


def _figure(traces: list[dict], layout: dict, as_dict: bool = False) -> go.Figure:
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


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten.

    ``whole`` keeps every tick a whole number (no "0.5 enterprises" on an axis of counts).
    """
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole and step != int(step):
        step = 1.0 if step < 1 else 5.0  # below 1, or 2.5 (the next whole step of the 1-2-5 rhythm is 5)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _axis_number(value: float, unit: Unit, lang: Lang, style: NumberStyle) -> str:
    decimals = 0 if value == int(value) else min(2, max(0, -math.floor(math.log10(abs(value) % 1 or 1))) + 1)
    number = format_number(value, lang, decimals=decimals, style=style)
    return f"{number}%" if unit.kind == "percent" else number


def _source_names(dataset: Dataset, source_ids: set[str], lang: Lang) -> str:
    names = []
    for source_id in sorted(source_ids):
        if source_id not in dataset.sources.index:
            continue
        row = dataset.sources.loc[source_id]
        published = format_date(row["date_published"].date(), lang)
        if lang == "zh":
            names.append(f"{row['publisher_zh']}《{row['title_zh']}》（{published}）")
        else:
            names.append(f"{row['publisher_en']}, “{row['title_en']}” ({published})")
    return ("；" if lang == "zh" else "; ").join(names)


def source_line(dataset: Dataset, rows: pd.DataFrame, lang: Lang) -> str:
    """The "Source: ..." line of a chart, naming every source of the values drawn."""
    ids = {s for value in rows["source_id"].dropna() for s in str(value).split(";") if s}
    return t("source-line", lang, sources=_source_names(dataset, ids, lang)) if ids else ""


def _name(dataset: Dataset, indicator_id: str, lang: Lang) -> str:
    return str(dataset.indicators.loc[indicator_id, f"name_{lang}"])


class _Row(NamedTuple):
    """The fields of an observation a chart reads (``suffix``: a label's addition, index charts only)."""

    indicator_id: str
    period: str
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    value: float
    qualifier: str
    measure: str
    derived: bool
    formula: object
    source_id: object
    quote: object
    suffix: object


def _rows(frame: pd.DataFrame) -> Iterator[_Row]:
    """The rows of an observations frame as :class:`_Row` tuples.

    ``itertuples`` builds a new named-tuple class for the frame's 30-odd columns on every call, which
    cost more than drawing a short series.
    """
    columns = [frame[name].tolist() if name in frame.columns else [None] * len(frame) for name in _Row._fields]
    return map(_Row._make, zip(*columns, strict=True))


def _hover(
    dataset: Dataset, row, unit: Unit, lang: Lang, style: NumberStyle, decimals: int, memo: dict | None = None
) -> str:
    """The hover text of a value; ``memo`` keeps the indicator and source lines shared by a series."""
    memo = {} if memo is None else memo
    period = parse_period(row.period)
    measure = t(f"measure-{row.measure}", lang)
    value = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
    )
    name = memo.get(row.indicator_id)
    if name is None:
        name = memo[row.indicator_id] = f"<b>{plain(_name(dataset, row.indicator_id, lang))}</b>"
    lines = [
        name,
        f"<b>{plain(value)}</b>",
        f"{plain(format_period(period, lang))}（{plain(measure)}）"
        if lang == "zh"
        else f"{plain(format_period(period, lang))} ({plain(measure)})",
        plain(QUALIFIERS[Qualifier(row.qualifier)].label[lang]),
    ]
    if row.derived:
        lines.append(f"{plain(t('computed', lang))}: {wrap(str(row.formula), 70)}")
    key = ("source", str(row.source_id))
    if key not in memo:
        sources = _source_names(dataset, {s for s in str(row.source_id).split(";") if s}, lang)
        memo[key] = wrap(t("source-line", lang, sources=sources), 36 if lang == "zh" else 60) if sources else ""
    if memo[key]:
        lines.append(memo[key])
    if isinstance(row.quote, str) and row.quote:
        lines.append(wrap(f"“{row.quote}”", 24 if lang == "zh" else 48))
    return "<br>".join(lines)


def _label(row, unit: Unit, lang: Lang, style: NumberStyle, decimals: int) -> str:
    suffix = getattr(row, "suffix", None)
    text = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, marks=True, measure=row.measure
    )
    if isinstance(suffix, str):
        text = f"{text}（{suffix}）" if lang == "zh" else f"{text} ({suffix})"
    return plain(text)


def _base_layout(title: str, subtitle: str, lang: Lang, theme: Theme, height: int) -> dict:
    return {
        "title": {
            "text": f"<b>{plain(title)}</b>",
            "subtitle": {"text": plain(subtitle), "font": {"size": 13, "color": theme.muted}},
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 16},
            "font": {"size": 18},
        },
        "font": {"family": FONT_FAMILY, "color": theme.text, "size": 14},
        "paper_bgcolor": theme.paper,
        "plot_bgcolor": theme.plot,
        "separators": ".,",
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}, "align": "left"},
        "hovermode": "closest",
        "margin": {"l": 72, "r": 36, "t": MARGIN_TOP, "b": 60},
        "showlegend": False,
        "height": height,
        "autosize": True,
    }


def _text_width(text: str) -> int:
    """Rough rendered width in pixels at 12-13 px (CJK characters are about twice as wide)."""
    return sum(13 if ord(ch) > 0x2E80 else 7 for ch in text)


def _finish(
    layout: dict, height: int, series: list[str], notes: list[str], theme: Theme, width: int = PLOT_WIDTH
) -> None:
    """Place the series legend and the note lines (key, source) under the plot, sizing the margin to fit."""
    rows, used = (1, 0) if len(series) > 1 else (0, 0)
    for name in series if len(series) > 1 else []:
        item = 50 + _text_width(name)
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    lines = [line for note in notes if note for line in _wrap_lines(note, width)]
    ticks_px, legend_px, notes_px = 46, 26 * rows, 17 * len(lines)
    bottom = ticks_px + legend_px + notes_px + 10
    layout["margin"]["b"] = bottom
    if rows:
        plot_height = max(height - layout["margin"]["t"] - bottom, 50)
        layout["showlegend"] = True
        layout["legend"] = {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -ticks_px / plot_height,
            "yanchor": "top",
            "font": {"size": 12},
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
        }
    if lines:
        layout.setdefault("annotations", []).append(
            {
                "text": "<br>".join(plain(line) for line in lines),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -(ticks_px + legend_px),
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11, "color": theme.muted},
            }
        )


def _wrap_lines(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` pixels: English breaks between words, Chinese between characters."""
    pieces = [f"{word} " for word in text.split(" ")] if " " in text else list(text)
    lines, line = [], ""
    for piece in pieces:
        if _text_width(line + piece.rstrip()) > width and line:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def key_line(qualifiers: set[Qualifier], has_derived: bool, has_spans: bool, has_events: bool, lang: Lang) -> str:
    """One line explaining the marks used in a chart: ● exact, ○ about, △ at least, ▽ at most, ◆ computed."""
    parts = [f"{kind.mark[lang]} {kind.label[lang]}" for q, kind in QUALIFIERS.items() if q in qualifiers]
    if has_derived:
        parts.append(f"◆ {t('computed-long', lang)}")
    if has_spans:
        parts.append(f"┝━┥ {t('legend-span', lang)}")
    if has_events:
        parts.append(t("legend-event", lang))
    return ("　" if lang == "zh" else "   ").join(parts)


def _date_axis(lang: Lang, theme: Theme) -> dict:
    # Tick labels written by d3 format strings, so they are right with or without Plotly's locale.
    stops = (
        [
            {"dtickrange": [None, 86_400_000 * 27], "value": "%-m月%-d日"},
            {"dtickrange": [86_400_000 * 27, 86_400_000 * 360], "value": "%Y年%-m月"},
            {"dtickrange": [86_400_000 * 360, None], "value": "%Y年"},
        ]
        if lang == "zh"
        else [
            {"dtickrange": [None, 86_400_000 * 27], "value": "%-d %b"},
            {"dtickrange": [86_400_000 * 27, 86_400_000 * 360], "value": "%b %Y"},
            {"dtickrange": [86_400_000 * 360, None], "value": "%Y"},
        ]
    )
    return {
        "type": "date",
        "tickformatstops": stops,
        "gridcolor": theme.grid,
        "linecolor": theme.muted,
        "showline": True,
        "zeroline": False,
        "ticks": "outside",
    }


def _value_axis(values: Sequence[float], unit: Unit, lang: Lang, style: NumberStyle, theme: Theme, title: str) -> dict:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    low = min([0.0, *finite]) if finite else 0.0
    high = max([0.0, *finite]) if finite else 1.0
    if high == low:
        high = low + 1
    whole = unit.kind in (UnitKind.COUNT, UnitKind.RANK)
    ticks = nice_ticks(low, high * 1.12 if high > 0 else high, whole=whole)
    return {
        "title": {"text": plain(title)},
        "tickvals": ticks,
        "ticktext": [_axis_number(v, unit, lang, style) for v in ticks],
        "range": [ticks[0], ticks[-1]],
        "gridcolor": theme.grid,
        "zerolinecolor": theme.muted,
        "linecolor": theme.muted,
        "fixedrange": False,
    }


def _events(dataset: Dataset, lang: Lang, theme: Theme, x_low: pd.Timestamp, x_high: pd.Timestamp) -> tuple[list, list]:
    """Milestones inside the x range: dashed lines (days) or bands (months, intervals), labelled above the plot."""
    shapes, annotations = [], []
    events = dataset.events
    visible = events[(events["end"] >= x_low) & (events["start"] <= x_high)]
    span = (x_high - x_low) or pd.Timedelta(days=1)
    row_ends: list[float] = [-1.0, -1.0, -1.0]  # right edge (fraction of the plot) of the last label per row
    for row in visible.itertuples():
        name = getattr(row, f"name_{lang}")
        description = getattr(row, f"description_{lang}")
        if row.start == row.end:
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": row.start,
                    "x1": row.start,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": theme.event, "width": 1.5, "dash": "dash"},
                    "layer": "below",
                }
            )
            x = row.start
        else:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": max(row.start, x_low),
                    "x1": min(row.end + pd.Timedelta(days=1), x_high),
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": theme.event,
                    "opacity": 0.12,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
            x = max(row.start, x_low) + (min(row.end, x_high) - max(row.start, x_low)) / 2
        position = (x - x_low) / span
        anchor = "left" if position < 0.12 else "right" if position > 0.88 else "center"
        # Labels go to the lowest of three rows where they do not overlap the previous label there.
        width = (_text_width(name) + 16) / PLOT_WIDTH
        left = position if anchor == "left" else position - width if anchor == "right" else position - width / 2
        level = next((n for n, end in enumerate(row_ends) if left > end), None)
        label = name
        if level is None:  # every row is taken here: shorten the label (hover still has it all)
            level = min(range(len(row_ends)), key=row_ends.__getitem__)
            label = name[: 6 if lang == "zh" else 12] + "…"
            width = (_text_width(label) + 16) / PLOT_WIDTH
            left = position if anchor == "left" else position - width if anchor == "right" else position - width / 2
        row_ends[level] = left + width
        period = format_period(parse_period(row.period), lang)
        detail = f"{name} · {period}" + (f" — {description}" if isinstance(description, str) else "")
        annotations.append(
            {
                "x": x,
                "xref": "x",
                "yref": "paper",
                "y": 1.0,
                "yshift": 4 + 20 * level,
                "yanchor": "bottom",
                "xanchor": anchor,
                "text": f"┊ {plain(label)}",
                "showarrow": False,
                "font": {"size": 11, "color": theme.muted},
                "hovertext": wrap(detail, 30 if lang == "zh" else 60),
                "captureevents": True,
            }
        )
    return shapes, annotations


def _series_traces(
    dataset: Dataset, rows: pd.DataFrame, indicator_id: str, color: str, unit: Unit, lang: Lang, style: NumberStyle
) -> list[dict]:
    """Markers, span segments and the dotted connector of one indicator."""
    decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
    name = _name(dataset, indicator_id, lang)
    derived = bool(dataset.indicators.loc[indicator_id, "derived"])
    if derived:
        name = f"{name}（{t('computed', lang)}）" if lang == "zh" else f"{name} ({t('computed', lang)})"
    label_all = len(rows) <= MAX_LABELLED_POINTS
    px, py, symbols, sizes, texts, hovers = [], [], [], [], [], []
    sx, sy, stext_x, stext_y, stexts, sdash_x, sdash_y = [], [], [], [], [], [], []
    cx, cy = [], []
    last_index = len(rows) - 1
    memo: dict = {}
    for index, row in enumerate(_rows(rows)):
        qualifier = Qualifier(row.qualifier)
        hover = _hover(dataset, row, unit, lang, style, decimals, memo)
        label = (
            _label(row, unit, lang, style, decimals)
            if label_all or index == last_index or qualifier is not Qualifier.EXACT
            else ""
        )
        symbol = QUALIFIERS[qualifier].derived_marker if row.derived else QUALIFIERS[qualifier].marker
        if row.period_start == row.period_end:
            px.append(row.period_start)
            py.append(row.value)
            symbols.append(symbol)
            sizes.append(12)
            texts.append(label)
            hovers.append(hover)
            cx.append(row.period_start)
            cy.append(row.value)
            continue
        start, end = row.period_start, row.period_end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        middle = start + (end - start) / 2
        target_x, target_y = (sx, sy) if qualifier is Qualifier.EXACT else (sdash_x, sdash_y)
        target_x.extend([start, middle, end, None])
        target_y.extend([row.value, row.value, row.value, None])
        stext_x.append(middle)
        stext_y.append(row.value)
        stexts.append(label)
        cx.extend([start, end])
        cy.extend([row.value, row.value])
        # End ticks make the segment read as a span ┝━┥; hover is on them and on the invisible middle.
        # The middle point is invisible: it only catches the hover, the span has no "point" inside.
        px.extend([start, middle, end])
        py.extend([row.value] * 3)
        symbols.extend(["line-ns-open", "circle", "line-ns-open"])
        sizes.extend([14, 0.1, 14])
        texts.extend(["", "", ""])
        hovers.extend([hover] * 3)
    group = f"ind-{indicator_id}"
    traces = []
    if len(cx) > 1:
        traces.append(
            _scatter(
                x=cx,
                y=cy,
                mode="lines",
                line={"color": color, "width": 1.2, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
                name=name,
            )
        )
    for xs, ys, opacity in ((sx, sy, 1.0), (sdash_x, sdash_y, 0.45)):
        if xs:
            traces.append(
                _scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": color, "width": 5},
                    opacity=opacity,
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=group,
                    name=name,
                    connectgaps=False,
                )
            )
    if stexts and any(stexts):
        traces.append(
            _scatter(
                x=stext_x,
                y=stext_y,
                mode="text",
                text=stexts,
                textposition="top center",
                textfont={"color": color, "size": 13},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
                name=name,
            )
        )
    traces.append(
        _scatter(
            x=px,
            y=py,
            mode="markers+text",
            name=name,
            legendgroup=group,
            marker={"symbol": symbols, "size": sizes, "color": color, "line": {"color": color, "width": 2}},
            showlegend=False,
            text=texts,
            textposition="top center",
            textfont={"color": color, "size": 13},
            hovertext=hovers,
            hoverinfo="text",
            hoverlabel={"bordercolor": color},
            cliponaxis=False,
        )
    )
    # The legend entry: the series' colour and its usual marker, clicking it hides the whole series.
    traces.append(
        _scatter(
            x=[None],
            y=[None],
            mode="lines+markers",
            name=name,
            legendgroup=group,
            line={"color": color, "width": 2},
            marker={"symbol": "diamond" if derived else "circle", "size": 9, "color": color},
            hoverinfo="skip",
        )
    )
    return traces


def level_rows(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> pd.DataFrame:
    """The preferred level values (curated and computed) of some indicators within a span of years."""

    def select() -> pd.DataFrame:
        frame = dataset.rows_of(indicator_ids)
        rows = frame[frame["preferred"] & (frame["measure"] != "ratio_to_base")]
        return _in_years(rows, year_from, year_to)

    return dataset.kept(("level_rows", tuple(dict.fromkeys(indicator_ids)), year_from, year_to), select)


def _in_years(
    rows: pd.DataFrame, year_from: int | None, year_to: int | None, start: str = "period_start", end: str = "period_end"
) -> pd.DataFrame:
    if year_from is not None:
        rows = rows[rows[end] >= pd.Timestamp(year=year_from, month=1, day=1)]
    if year_to is not None:
        rows = rows[rows[start] <= pd.Timestamp(year=year_to, month=12, day=31)]
    return rows


def _x_range(rows: pd.DataFrame, year_from: int | None, year_to: int | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates the data covers (or the chosen years), padded; milestones outside it are not drawn."""
    low = pd.Timestamp(year=year_from, month=1, day=1) if year_from else rows["period_start"].min()
    high = pd.Timestamp(year=year_to, month=12, day=31) if year_to else rows["period_end"].max()
    pad = max((high - low) * 0.05, pd.Timedelta(days=45))
    return (low if year_from else low - pad), (high if year_to else high + pad)


def trend_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
) -> go.Figure:
    """Values of one or more indicators of the same unit over time, with the reform milestones.

    Args:
        dataset: The loaded data.
        indicator_ids: Indicators to draw (they must share a unit; the first decides it).
        lang: ``zh`` or ``en``.
        year_from: Keep values whose period ends in or after this year.
        year_to: Keep values whose period starts in or before this year.
        style: How Chinese numbers are written.
        theme: ``light`` or ``dark``.
        height: Pixel height (the legend and notes are laid out for it; the width follows the page).
        as_dict: Return the figure's plain dict instead of a ``go.Figure`` (see :func:`_figure`).
    """
    colors = THEMES[theme]
    ids = [i for i in indicator_ids if i in dataset.indicators.index]
    if not ids:
        raise KeyError("no known indicator to draw")
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    rows = dataset.kept(
        ("trend_rows", tuple(ids), year_from, year_to),
        lambda: level_rows(dataset, ids, year_from, year_to).sort_values(["period_end", "period_start"], kind="stable"),
    )
    traces: list[dict] = []
    # One pass over the rows, not one boolean filter (a copy of every column) per indicator.
    by_indicator = {
        key: rows.take(positions) for key, positions in rows.groupby("indicator_id", observed=True).indices.items()
    }
    for n, indicator_id in enumerate(ids):
        own = by_indicator.get(indicator_id)
        if own is not None and len(own):
            traces.extend(_series_traces(dataset, own, indicator_id, PALETTE[n % len(PALETTE)], unit, lang, style))
    qualifiers = {Qualifier(q) for q in rows["qualifier"]}
    has_spans = bool((rows["period_start"] != rows["period_end"]).any())
    subtitle = axis_title(unit, rows, lang)
    layout = _base_layout(chart_title(dataset, ids, lang), subtitle, lang, colors, height)
    x_low, x_high = (
        _x_range(rows, year_from, year_to) if len(rows) else (pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31"))
    )
    shapes, annotations = _events(dataset, lang, colors, x_low, x_high)
    layout["xaxis"] = {**_date_axis(lang, colors), "range": [x_low, x_high]}
    layout["yaxis"] = _value_axis(list(rows["value"]), unit, lang, style, colors, subtitle)
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    key = key_line(qualifiers, bool(rows["derived"].any()), has_spans, bool(shapes), lang)
    series = [trace["name"] for trace in traces if trace.get("showlegend") is not False and trace.get("name")]
    _finish(layout, height, series, [key, source_line(dataset, rows, lang)], colors)
    return _figure(traces, layout, as_dict)


def chart_title(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang) -> str:
    """The names of the indicators drawn; from three on, the first two and how many more."""
    names = [_name(dataset, i, lang) for i in indicator_ids]
    if len(names) > 2:
        return (
            f"{names[0]}、{names[1]}等{len(names)}项指标"
            if lang == "zh"
            else f"{names[0]}, {names[1]} and {len(names) - 2} more"
        )
    return ("、" if lang == "zh" else " and ").join(names)


def axis_title(unit: Unit, rows: pd.DataFrame, lang: Lang) -> str:
    """The unit's axis title, per month when every value is a monthly average."""
    title = unit.axis.zh if lang == "zh" else unit.axis.en
    if len(rows) and (rows["measure"] == "mean_per_month").all():
        title = title.replace("）", "/月）") if lang == "zh" else f"{title} per month"
    return title


def index_figure(
    dataset: Dataset,
    indicator_id: str,
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
) -> go.Figure:
    """Relative statements ("翻了一番") as an index with the base period = 100; never invented levels."""
    colors = THEMES[theme]
    frame = dataset.rows_of([indicator_id])
    rows = frame[~frame["derived"] & frame["preferred"] & (frame["measure"] == "ratio_to_base")]
    rows = rows.sort_values(["period_end"])
    unit = Unit(
        id="index",
        name={"zh": "指数", "en": "index"},
        kind="ratio",
        patterns={"zh": "{n}", "en": "{n}"},
        axis={"zh": t("index-axis", "zh"), "en": t("index-axis", "en")},
    )
    # Each statement becomes two points of an index: its base period at 100, its period at ratio x 100.
    points = []
    for row in rows.itertuples():
        base = parse_period(row.base_period)
        common = {"indicator_id": indicator_id, "measure": "ratio_to_base", "derived": False, "formula": None}
        common |= {"source_id": row.source_id, "quote": row.quote}
        common |= {"note_zh": row.note_zh, "note_en": row.note_en}
        base_span = {"period_start": pd.Timestamp(base.start), "period_end": pd.Timestamp(base.end)}
        points.append(
            {**common, **base_span, "period": base.text, "value": 100.0, "qualifier": Qualifier.EXACT.value,
             "suffix": t("base-period", lang)}
        )  # fmt: skip
        points.append(
            {**common, "period": row.period, "period_start": row.period_start, "period_end": row.period_end,
             "value": row.value * 100, "qualifier": row.qualifier, "suffix": None}
        )  # fmt: skip
    index_rows = pd.DataFrame(points)
    traces = _series_traces(dataset, index_rows, indicator_id, PALETTE[0], unit, lang, style) if points else []
    values = [p["value"] for p in points]
    title = t("index-title", lang, name=_name(dataset, indicator_id, lang), base=t("base-period", lang))
    layout = _base_layout(title, t("index-explainer", lang), lang, colors, height)
    if len(rows):
        starts = [pd.Timestamp(parse_period(b).start) for b in rows["base_period"]] + list(rows["period_start"])
        ends = list(rows["period_end"])
        pad = pd.Timedelta(days=120)
        x_low, x_high = min(starts) - pad, max(ends) + pad
    else:
        x_low, x_high = pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31")
    shapes, annotations = _events(dataset, lang, colors, x_low, x_high)
    layout["xaxis"] = {**_date_axis(lang, colors), "range": [x_low, x_high]}
    layout["yaxis"] = _value_axis(values, unit, lang, style, colors, t("index-axis", lang))
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    has_spans = bool((rows["period_start"] != rows["period_end"]).any())
    key = key_line({Qualifier(q) for q in rows["qualifier"]} | {Qualifier.EXACT}, False, has_spans, bool(shapes), lang)
    _finish(layout, height, [], [key, source_line(dataset, rows, lang)], colors)
    return _figure(traces, layout, as_dict)


def founding_date(dataset: Dataset) -> pd.Timestamp | None:
    """The day the city was founded, from the milestones in the data."""
    events = dataset.events
    match = events[events["event_id"] == FOUNDING_EVENT]
    return match["start"].iloc[0] if len(match) else None


def before_after_pairs(dataset: Dataset, indicator_ids: Sequence[str]) -> dict[str, tuple]:
    """For each indicator with a level at or before the founding and one after it: (before, after) rows."""
    founded = founding_date(dataset)
    if founded is None:
        return {}
    rows = level_rows(dataset, indicator_ids).sort_values(["period_end", "period_start"], kind="stable")
    pairs = {}
    for indicator_id in indicator_ids:
        own = rows[rows["indicator_id"] == indicator_id]
        before = own[own["period_start"] <= founded]
        after = own[own["period_start"] > founded]
        if len(before) and len(after):
            pairs[indicator_id] = (before.iloc[-1], after.iloc[-1])
    return pairs


def before_after_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
) -> go.Figure:
    """A slope chart: each indicator's value at (or just before) the founding and its latest value."""
    colors = THEMES[theme]
    pairs = before_after_pairs(dataset, indicator_ids)
    if not pairs:
        raise KeyError("no indicator has values before and after the founding")
    ids = list(pairs)
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    positions = [t("at-founding", lang), t("latest-figure", lang)]
    traces, values, used = [], [], []
    for n, indicator_id in enumerate(ids):
        color = PALETTE[n % len(PALETTE)]
        decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
        before, after = pairs[indicator_id]
        labels, hovers, symbols = [], [], []
        for row in (before, after):
            values.append(row["value"])
            used.append(row)
            period = format_period(parse_period(row["period"]), lang)
            value = format_quantity(
                row["value"], unit, lang, qualifier=row["qualifier"], decimals=decimals, style=style, marks=True
            )
            labels.append(plain(f"{value}（{period}）" if lang == "zh" else f"{value} ({period})"))
            hovers.append(_hover(dataset, row, unit, lang, style, decimals))
            kind = QUALIFIERS[Qualifier(row["qualifier"])]
            symbols.append(kind.derived_marker if row["derived"] else kind.marker)
        traces.append(
            _scatter(
                x=positions,
                y=[before["value"], after["value"]],
                mode="lines+markers+text",
                name=_name(dataset, indicator_id, lang),
                line={"color": color, "width": 3},
                marker={"symbol": symbols, "size": 14, "color": color, "line": {"width": 2, "color": color}},
                text=labels,
                textposition=["middle left", "middle right"],
                textfont={"color": color, "size": 13},
                hovertext=hovers,
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    rows = pd.DataFrame(used)
    subtitle = unit.axis.zh if lang == "zh" else unit.axis.en
    layout = _base_layout(
        t("before-after-title", lang, names=chart_title(dataset, ids, lang)), subtitle, lang, colors, height
    )
    layout["xaxis"] = {
        "type": "category",
        "range": [-0.9, 1.9],
        "showgrid": False,
        "linecolor": colors.muted,
        "tickfont": {"size": 14},
    }
    layout["yaxis"] = _value_axis(values, unit, lang, style, colors, subtitle)
    key = key_line({Qualifier(q) for q in rows["qualifier"]}, bool(rows["derived"].any()), False, False, lang)
    _finish(layout, height, [trace["name"] for trace in traces], [key, source_line(dataset, rows, lang)], colors)
    return _figure(traces, layout, as_dict)


def empty_figure(message: str, theme: str = "light", as_dict: bool = False) -> go.Figure:
    """A blank chart that says why there is nothing to draw."""
    colors = THEMES[theme]
    return _figure(
        [],
        {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "paper_bgcolor": colors.paper,
            "plot_bgcolor": colors.plot,
            "font": {"family": FONT_FAMILY, "color": colors.muted, "size": 16},
            "annotations": [
                {"text": plain(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
            ],
            "margin": {"l": 20, "r": 20, "t": 20, "b": 20},
        },
        as_dict,
    )


def chart_kind(dataset: Dataset, indicator_ids: Sequence[str]) -> str:
    """Which figure suits these indicators: ``trend`` (levels), ``index`` (only ratios) or ``none``."""
    if not indicator_ids:
        return "none"
    frame = dataset.rows_of(indicator_ids)
    rows = frame[frame["preferred"]]
    if (rows["measure"] != "ratio_to_base").any():
        return "trend"
    if len(rows):
        return "index"
    return "none"


class ChartView(NamedTuple):
    """The chart of a view, and what the page should say beside it."""

    #: A ``go.Figure`` (its plain dict when asked ``as_dict``).
    figure: go.Figure
    #: Keys of :mod:`layouts.i18n` texts to show with the chart (``mixed-units``, ``no-before-after``,
    #: ``index-explainer``), in order.
    notes: tuple[str, ...]
    #: The indicators drawn: the chosen ones that share the first one's unit.
    indicators: tuple[str, ...]


def view_figure(
    dataset: Dataset,
    state: ViewState,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
) -> ChartView:
    """The chart a view shows: the one choice the page, images, embeds, the CLI and the deck share.

    Indicators of another unit than the first are left out (one value axis); before/after falls back
    to the trend when no indicator has values on both sides of the founding; indicators known only
    by ratios to a base period are drawn as an index. Unknown ids are ignored. With ``as_dict`` the
    figure is its plain dict (for Dash).
    """
    lang = state.lang
    ids = [i for i in state.indicators if i in dataset.indicators.index]
    if not ids:
        return ChartView(empty_figure(t("choose-indicator", lang), theme, as_dict), (), ())
    notes: list[str] = []
    unit = dataset.indicators.loc[ids[0], "unit"]
    same_unit = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit]
    if len(same_unit) < len(ids):
        notes.append("mixed-units")
    kind = chart_kind(dataset, same_unit)
    trend = {"year_from": state.year_from, "year_to": state.year_to, "style": style, "theme": theme, "height": height}
    trend["as_dict"] = as_dict
    if kind == "trend" and state.view is ViewMode.BEFORE_AFTER:
        if before_after_pairs(dataset, same_unit):
            figure = before_after_figure(
                dataset, same_unit, lang, style=style, theme=theme, height=height, as_dict=as_dict
            )
        else:
            notes.append("no-before-after")
            figure = trend_figure(dataset, same_unit, lang, **trend)
    elif kind == "trend":
        if level_rows(dataset, same_unit, state.year_from, state.year_to).empty:
            figure = empty_figure(t("no-data-in-range", lang), theme, as_dict)
        else:
            figure = trend_figure(dataset, same_unit, lang, **trend)
    elif kind == "index":
        figure = index_figure(dataset, same_unit[0], lang, style=style, theme=theme, height=height, as_dict=as_dict)
        notes.append("index-explainer")
    else:
        figure = empty_figure(t("no-data-in-range", lang), theme, as_dict)
    return ChartView(figure, tuple(notes), tuple(same_unit))


__all__ = [
    "PALETTE",
    "ChartView",
    "before_after_figure",
    "before_after_pairs",
    "chart_kind",
    "empty_figure",
    "index_figure",
    "level_rows",
    "nice_ticks",
    "trend_figure",
    "view_figure",
]

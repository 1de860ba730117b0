"""The frame around every chart: title, margins, the legend and notes under the plot, the milestones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, format_period
from indicators.locales import text_column
from indicators.periods import parse_period
from layouts.charts.style import (
    FONT_FAMILY,
    FULL_FRAMING,
    Framing,
    Theme,
    plain,
    rejoin,
    shorten,
    text_width,
    wrap,
    wrap_lines,
)

#: Left and right margins of a plot with a value axis (the left one grows with its tick labels).
MARGIN_LEFT, MARGIN_RIGHT = 56, 24
#: Font sizes of the title, the subtitle, milestone labels and the notes under the plot.
TITLE_SIZE, SUBTITLE_SIZE, MILESTONE_SIZE, NOTE_SIZE = 18, 13, 12, 12
#: Height of a row of milestone labels above the plot, the most rows (then labels are shortened), and
#: the gap under the lowest row (clear of the value axis' top tick label).
MILESTONE_ROW_PX, MILESTONE_ROWS, MILESTONE_BASE_PX = 20, 3, 10
#: Height of a line of notes under the plot, and of a row of the legend.
NOTE_LINE_PX, LEGEND_ROW_PX = 16, 28


def base_layout(
    title: str, subtitle: str, lang: Lang, theme: Theme, height: int, width: int, framing: Framing = FULL_FRAMING
) -> dict:
    """The layout every chart starts from: title and subtitle wrapped to the width, fonts, colours, hover.

    The top margin holds the title and subtitle; :func:`add_milestones` adds the rows of milestone
    labels, :func:`finish_layout` the legend and notes under the plot. Without the title
    (``framing.title`` false: a slide says it) its room goes to the plot.
    """
    if not framing.title:
        title, subtitle = "", ""
    room = width - 24
    title_lines = wrap_lines(title, room, TITLE_SIZE * 1.1)  # bold
    if len(title_lines) > 2:  # a third line would push the plot down: the legend names them all
        title_lines = [title_lines[0], shorten(rejoin(title_lines[1:]), room, TITLE_SIZE * 1.1)]
    subtitle_lines = wrap_lines(subtitle, room, SUBTITLE_SIZE) if subtitle else []
    # The value axis' top tick label reaches half a line above the plot: room for it under the subtitle.
    top = (16 + 24 * len(title_lines) if title else 0) + (6 + 18 * len(subtitle_lines) if subtitle_lines else 0) + 20
    return {
        "title": {
            "text": "<br>".join(f"<b>{plain(line)}</b>" for line in title_lines),
            "subtitle": {
                "text": "<br>".join(plain(line) for line in subtitle_lines),
                "font": {"size": SUBTITLE_SIZE, "color": theme.muted},
            },
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 16},
            "font": {"size": TITLE_SIZE},
        },
        "font": {"family": FONT_FAMILY, "color": theme.text, "size": 14},
        "paper_bgcolor": theme.paper,
        "plot_bgcolor": theme.plot,
        "separators": ".,",
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}, "align": "left"},
        "hovermode": "closest",
        "margin": {"l": MARGIN_LEFT, "r": MARGIN_RIGHT, "t": top, "b": 60},
        "showlegend": False,
        "height": height,
        "autosize": True,
    }


def fit_left_margin(layout: dict, tick_texts: Sequence[str], size: float = 12) -> None:
    """Size the left margin to the value axis' widest tick label (the unit is in the subtitle)."""
    widest = max((text_width(text, size) for text in tick_texts), default=0)
    layout["margin"]["l"] = max(24, widest + 16)
    # The title starts where the plot does: keep it on the page.
    layout["title"]["x"] = 0
    layout["title"]["xref"] = "container"
    layout["title"]["pad"]["l"] = 12


def finish_layout(
    layout: dict,
    height: int,
    series: list[str],
    notes: list[str],
    theme: Theme,
    width: int,
    *,
    ticks_px: int = 44,
    source: str = "",
    framing: Framing = FULL_FRAMING,
) -> None:
    """Place the series legend and the note lines (key, source, footnote) under the plot, sizing the margin.

    Args:
        layout: The figure's layout (its bottom margin and annotations are set).
        height: The figure's height in pixels.
        series: Names in the legend (none is shown for one series).
        notes: Lines under the legend (the key, the source), wrapped to the width.
        theme: The colours.
        width: The width in pixels the figure is planned for.
        ticks_px: Height of the x axis' tick labels under the plot (0 without an x axis).
        source: The source line, left out or added with the footnote as ``framing`` says.
        framing: Title, source line and footnote around the plot.
    """
    notes = [*notes, source if framing.source else "", framing.footnote]
    room = width - 24
    # The legend lays its entries out across the plot's width (a long name takes two lines).
    legend_room = width - layout["margin"]["l"] - layout["margin"]["r"]
    heights: list[int] = []  # lines of text in each row of the legend
    used = 0.0
    for name in series if len(series) > 1 else []:
        item, tall = 52 + max(text_width(line, 12) for line in name.split("<br>")), name.count("<br>") + 1
        if heights and used + item <= legend_room:
            heights[-1] = max(heights[-1], tall)
        else:
            heights.append(tall)
            used = 0
        used += item
    rows = len(heights)
    lines = [line for note in notes if note for line in wrap_lines(note, room, NOTE_SIZE)]
    legend_px, notes_px = sum(LEGEND_ROW_PX + 16 * (tall - 1) for tall in heights), NOTE_LINE_PX * len(lines)
    bottom = ticks_px + legend_px + notes_px + 12
    layout["margin"]["b"] = bottom
    plot_height = max(height - layout["margin"]["t"] - bottom, 50)
    if rows:
        layout["showlegend"] = True
        layout["legend"] = {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -(ticks_px + 4) / plot_height,
            "yanchor": "top",
            "font": {"size": 12},
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
            "itemwidth": 30,
        }
    if lines:
        layout.setdefault("annotations", []).append(
            {
                "text": "<br>".join(plain(line) for line in lines),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xshift": -layout["margin"]["l"] + 12,
                "yshift": -(ticks_px + legend_px + 4),
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "align": "left",
                "font": {"size": NOTE_SIZE, "color": theme.muted},
            }
        )


def legend_name(name: str, layout: dict, width: int) -> str:
    """A series' name for the legend, made safe and broken into lines that fit across the plot."""
    room = width - layout["margin"]["l"] - layout["margin"]["r"] - 60
    return "<br>".join(plain(line) for line in wrap_lines(name, max(room, 80), 12))


def plot_area(layout: dict, width: int, height: int) -> tuple[float, float]:
    """Width and height in pixels of the plot inside the margins."""
    margin = layout["margin"]
    return max(width - margin["l"] - margin["r"], 40), max(height - margin["t"] - margin["b"], 40)


def chart_events(dataset: Dataset, indicator_ids: Sequence[str]) -> pd.DataFrame:
    """The milestones that concern these indicators: those of the whole reform, their categories' and their own."""
    events = dataset.events
    if events.empty:
        return events
    wanted = set(indicator_ids) | {
        dataset.indicators.loc[i, "category"] for i in indicator_ids if i in dataset.indicators.index
    }
    concerns = events["concerns"].fillna("all").astype(str)
    keep = [text == "all" or bool(wanted & set(text.split(";"))) for text in concerns]
    return events[keep]


def add_milestones(
    layout: dict,
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    theme: Theme,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    plot_width: float,
) -> tuple[bool, bool]:
    """Mark the chart's own milestones inside the x range: dashed lines (days) or bands (months, spans).

    Each label sits in a row above the plot on a stem that rises from its line (or from its band's
    middle), starting at the stem (ending at it near the right edge), so it stays with its milestone
    at every width. A label takes the lowest row where it touches no other label and no stem passes
    through it; where none is free it is shortened (its hover has it all). The top margin grows by
    the rows used; call :func:`finish_stems` once the margins are final.

    Worked out once per dataset, indicators, language, theme, range and width (the same for every
    chart of a view); the layout gets copies of the shapes and labels.

    Returns:
        Whether any line and whether any band was drawn (for the key).
    """
    key = ("milestones", tuple(indicator_ids), lang, theme, *x_range, round(plot_width))
    marks = dataset.kept(key, lambda: _milestone_marks(dataset, indicator_ids, lang, theme, x_range, plot_width))
    layout.setdefault("shapes", []).extend(dict(shape) for shape in marks.shapes)
    layout.setdefault("annotations", []).extend(dict(note) for note in marks.annotations)
    layout["margin"]["t"] += MILESTONE_ROW_PX * marks.rows_used + (MILESTONE_BASE_PX if marks.rows_used else 0)
    return marks.has_line, marks.has_band


class _Marks(NamedTuple):
    """A chart's milestones as drawn: shapes (lines, bands, stems), labels, and what the key and margin need."""

    shapes: tuple[dict, ...]
    annotations: tuple[dict, ...]
    has_line: bool
    has_band: bool
    rows_used: int


def _milestone_marks(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    theme: Theme,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    plot_width: float,
) -> _Marks:
    x_low, x_high = x_range
    events = chart_events(dataset, indicator_ids)
    # From the right: a label runs right from its stem, so an earlier milestone's stem then rises
    # left of the labels already placed, never through one.
    visible = events[(events["end"] >= x_low) & (events["start"] <= x_high)].iloc[::-1]
    span = (x_high - x_low) or pd.Timedelta(days=1)
    shapes: list[dict] = []
    annotations: list[dict] = []
    taken: list[list[tuple[float, float]]] = [[] for _ in range(MILESTONE_ROWS)]
    has_line = has_band = False
    rows_used = 0
    cjk = locales.get(lang).cjk
    for row in visible.itertuples():
        name = str(getattr(row, text_column("name", lang)))
        description = getattr(row, text_column("description", lang))
        if row.start == row.end:
            has_line = True
            x = row.start
            shapes.append(_event_line(x, theme))
        else:
            has_band = True
            low, high = max(row.start, x_low), min(row.end + pd.Timedelta(days=1), x_high)
            x = low + (high - low) / 2
            shapes.append(
                {
                    "type": "rect", "xref": "x", "yref": "paper", "x0": low, "x1": high, "y0": 0, "y1": 1,
                    "fillcolor": theme.event, "opacity": 0.14, "line": {"width": 0}, "layer": "below",
                }
            )  # fmt: skip
        stem = (x - x_low) / span * plot_width
        label, level, to_left = _place_milestone(taken, name, stem, plot_width)
        rows_used = max(rows_used, level + 1)
        period = format_period(parse_period(row.period), lang, inferred=bool(row.period_inferred))
        detail = f"{name} · {period}" + (f" — {description}" if isinstance(description, str) else "")
        annotations.append(
            {
                "x": x,
                "xref": "x",
                "yref": "paper",
                "y": 1.0,
                "yshift": MILESTONE_BASE_PX + MILESTONE_ROW_PX * level,
                "yanchor": "bottom",
                "xanchor": "right" if to_left else "left",
                "xshift": -2 if to_left else 2,
                "text": plain(label),
                "showarrow": False,
                "font": {"size": MILESTONE_SIZE, "color": theme.muted},
                "hovertext": wrap(detail, 30 if cjk else 60),
                "captureevents": True,
            }
        )
        # The stem, from the top of the plot up to the label's row: the label stays with its milestone.
        shapes.append(
            {
                "type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 1, "y1": 1,
                "line": {"color": theme.event, "width": 1}, "layer": "above",
                "_rise": MILESTONE_BASE_PX + MILESTONE_ROW_PX * level + MILESTONE_SIZE + 1,
            }
        )  # fmt: skip
    return _Marks(tuple(shapes), tuple(annotations), has_line, has_band, rows_used)


def _place_milestone(
    taken: list[list[tuple[float, float]]], name: str, stem: float, plot_width: float
) -> tuple[str, int, bool]:
    """The label (shortened when no row is free), its row, and whether it ends at its stem (near the right edge).

    ``taken`` holds per row the pixel intervals used by labels and by the stems that pass through it.
    """

    def interval(text: str, to_left: bool) -> tuple[float, float]:
        width = text_width(text, MILESTONE_SIZE) + 6
        return (stem - width, stem + 2) if to_left else (stem - 2, stem + width)

    def free(level: int, span: tuple[float, float]) -> bool:
        low, high = span
        crossed = any(a - 3 <= stem <= b + 3 for row in taken[:level] for a, b in row)
        return not crossed and all(high + 8 < a or low - 8 > b for a, b in taken[level])

    def take(level: int, span: tuple[float, float]) -> None:
        taken[level].append(span)
        for lower in taken[:level]:
            lower.append((stem - 2, stem + 2))

    # Text to the right of the stem where it fits, else to its left; never past the plot's left edge
    # (the value axis' labels are there) or the figure's right edge.
    right_room, left_room = plot_width + MARGIN_RIGHT - 6 - stem, stem
    need = text_width(name, MILESTONE_SIZE) + 6
    to_left = need > right_room and left_room > right_room
    room = left_room if to_left else right_room
    if need > room:
        name = shorten(name, max(room - 6, MILESTONE_SIZE), MILESTONE_SIZE)
    for level in range(MILESTONE_ROWS):
        if free(level, interval(name, to_left)):
            take(level, interval(name, to_left))
            return name, level, to_left
    # No row is free: shorten it to the room before the next label in the row where it fits longest.
    best = (0.0, 0, name)
    for level in range(MILESTONE_ROWS):
        for cut in range(len(name) - 1, 0, -1):
            label = name[:cut].rstrip() + "…"
            if free(level, interval(label, to_left)):
                best = max(best, (text_width(label, MILESTONE_SIZE), -level, label))
                break
    width, lowest, label = best
    level = -lowest
    if not width:  # not even two characters fit: a mark on its stem, the hover has the name
        label, level = "…", 0
    take(level, interval(label, to_left))
    return label, level, to_left


def finish_stems(layout: dict, height: int) -> None:
    """Turn each milestone stem's rise (pixels) into paper units, once the margins are final."""
    plot_height = max(height - layout["margin"]["t"] - layout["margin"]["b"], 40)
    for shape in layout.get("shapes", []):
        rise = shape.pop("_rise", None)
        if rise is not None:
            shape["y1"] = 1 + rise / plot_height


def _event_line(day: pd.Timestamp, theme: Theme) -> dict:
    return {
        "type": "line", "xref": "x", "yref": "paper", "x0": day, "x1": day, "y0": 0, "y1": 1,
        "line": {"color": theme.event, "width": 1.5, "dash": "dash"}, "layer": "below",
    }  # fmt: skip

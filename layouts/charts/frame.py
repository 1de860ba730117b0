"""The frame around every chart: title, margins, the legend and notes under the plot, the milestones."""

from __future__ import annotations

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, format_period
from indicators.locales import text_column
from indicators.periods import parse_period
from layouts.charts.style import (
    FONT_FAMILY,
    FULL_FRAMING,
    MARGIN_TOP,
    PLOT_WIDTH,
    TITLE_HEIGHT,
    Framing,
    Theme,
    plain,
    text_width,
    wrap,
    wrap_lines,
)

#: Pixels under the plot taken by the x axis's ticks, before the legend and notes.
TICKS_HEIGHT = 46


def base_layout(
    title: str, subtitle: str, lang: Lang, theme: Theme, height: int, framing: Framing = FULL_FRAMING
) -> dict:
    """The layout every chart starts from: title and subtitle, fonts, colours, margins, hover.

    Without the title (``framing.title`` false: a slide says it) its room goes to the plot.
    """
    if not framing.title:
        layout = base_layout("", "", lang, theme, height)
        layout["title"] = {"text": ""}
        layout["margin"]["t"] = MARGIN_TOP - TITLE_HEIGHT
        return layout
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


def finish_layout(
    layout: dict,
    height: int,
    series: list[str],
    notes: list[str],
    theme: Theme,
    width: int = PLOT_WIDTH,
    *,
    source: str = "",
    framing: Framing = FULL_FRAMING,
) -> None:
    """Place the series legend and the note lines (key, source, footnote) under the plot, sizing the margin.

    The source line and the footnote are left out or added as ``framing`` says.
    """
    notes = [*notes, source if framing.source else "", framing.footnote]
    rows, used = (1, 0) if len(series) > 1 else (0, 0)
    for name in series if len(series) > 1 else []:
        item = 50 + text_width(name)
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    lines = [line for note in notes if note for line in wrap_lines(note, width)]
    ticks_px, legend_px, notes_px = TICKS_HEIGHT, 26 * rows, 17 * len(lines)
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


def milestones(
    dataset: Dataset, lang: Lang, theme: Theme, x_low: pd.Timestamp, x_high: pd.Timestamp
) -> tuple[list, list]:
    """Milestones inside the x range: dashed lines (days) or bands (months, intervals), labelled above the plot.

    Made once per dataset, language, theme and range (the same for every chart of a view's years);
    the lists are new, their items shared (read-only).
    """
    shapes, annotations = dataset.kept(
        ("milestones", lang, theme, x_low, x_high), lambda: _milestones(dataset, lang, theme, x_low, x_high)
    )
    return list(shapes), list(annotations)


def _milestones(
    dataset: Dataset, lang: Lang, theme: Theme, x_low: pd.Timestamp, x_high: pd.Timestamp
) -> tuple[list, list]:
    shapes, annotations = [], []
    events = dataset.events
    visible = events[(events["end"] >= x_low) & (events["start"] <= x_high)]
    span = (x_high - x_low) or pd.Timedelta(days=1)
    row_ends: list[float] = [-1.0, -1.0, -1.0]  # right edge (fraction of the plot) of the last label per row
    for row in visible.itertuples():
        name = getattr(row, text_column("name", lang))
        description = getattr(row, text_column("description", lang))
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
        width = (text_width(name) + 16) / PLOT_WIDTH
        left = position if anchor == "left" else position - width if anchor == "right" else position - width / 2
        level = next((n for n, end in enumerate(row_ends) if left > end), None)
        label = name
        if level is None:  # every row is taken here: shorten the label (hover still has it all)
            level = min(range(len(row_ends)), key=row_ends.__getitem__)
            label = name[: 6 if locales.get(lang).cjk else 12] + "…"
            width = (text_width(label) + 16) / PLOT_WIDTH
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
                "hovertext": wrap(detail, 30 if locales.get(lang).cjk else 60),
                "captureevents": True,
            }
        )
    return shapes, annotations

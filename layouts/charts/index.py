"""The index chart: relative statements ("翻了一番") with the base period = 100, never invented levels."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle
from indicators.periods import parse_period
from indicators.qualifiers import Qualifier
from indicators.schema import Unit
from indicators.selections import has_levels, has_ratios
from layouts.charts.axes import date_axis, value_axis
from layouts.charts.frame import base_layout, finish_layout, milestones
from layouts.charts.labels import indicator_name, key_line, source_line
from layouts.charts.series import kept_series_traces
from layouts.charts.style import DEFAULT_HEIGHT, FULL_FRAMING, PALETTE, THEMES, ChartOptions, Framing, make_figure
from layouts.i18n import t


def index_figure(
    dataset: Dataset,
    indicator_id: str,
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
    framing: Framing = FULL_FRAMING,
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
    traces = (
        kept_series_traces(dataset, ("index",), index_rows, indicator_id, PALETTE[0], unit, lang, style)
        if points
        else []
    )
    values = [p["value"] for p in points]
    title = t("index-title", lang, name=indicator_name(dataset, indicator_id, lang), base=t("base-period", lang))
    layout = base_layout(title, t("index-explainer", lang), lang, colors, height, framing)
    if len(rows):
        starts = [pd.Timestamp(parse_period(b).start) for b in rows["base_period"]] + list(rows["period_start"])
        ends = list(rows["period_end"])
        pad = pd.Timedelta(days=120)
        x_low, x_high = min(starts) - pad, max(ends) + pad
    else:
        x_low, x_high = pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31")
    shapes, annotations = milestones(dataset, lang, colors, x_low, x_high)
    layout["xaxis"] = {**date_axis(lang, colors), "range": [x_low, x_high]}
    layout["yaxis"] = value_axis(values, unit, lang, style, colors, t("index-axis", lang))
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    has_spans = bool((rows["period_start"] != rows["period_end"]).any())
    key = key_line({Qualifier(q) for q in rows["qualifier"]} | {Qualifier.EXACT}, False, has_spans, bool(shapes), lang)
    finish_layout(layout, height, [], [key], colors, source=source_line(dataset, rows, lang), framing=framing)
    return make_figure(traces, layout, as_dict)


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The index chart of the first indicator (relative statements are not summed across indicators)."""
    return index_figure(
        dataset, indicator_ids[0], lang, style=options.style, theme=options.theme, height=options.height,
        as_dict=options.as_dict, framing=options.framing,
    )  # fmt: skip


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """The indicators are known only by ratios to a base period."""
    return has_ratios(dataset, indicator_ids) and not has_levels(dataset, indicator_ids)

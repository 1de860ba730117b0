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
from layouts.charts.labels import indicator_name, source_line
from layouts.charts.series import kept_series
from layouts.charts.style import DEFAULT_HEIGHT, FULL_FRAMING, THEMES, ChartOptions, Framing, series_color
from layouts.charts.timeline import time_figure
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
    width: int | None = None,
    framing: Framing = FULL_FRAMING,
) -> go.Figure:
    """Relative statements ("翻了一番") as an index with the base period = 100; never invented levels."""
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
             "suffix": t("base-period", lang), "period_inferred": False}
        )  # fmt: skip
        points.append(
            {**common, "period": row.period, "period_start": row.period_start, "period_end": row.period_end,
             "value": row.value * 100, "qualifier": row.qualifier, "suffix": None,
             "period_inferred": bool(row.period_inferred)}
        )  # fmt: skip
    index_rows = pd.DataFrame(points)
    options = ChartOptions(style=style, theme=theme, height=height, as_dict=as_dict, framing=framing, width=width)
    color = series_color(0, THEMES[theme])
    drawn = [kept_series(dataset, ("index",), index_rows, indicator_id, color, unit, lang, style)] if points else []
    title = t("index-title", lang, name=indicator_name(dataset, indicator_id, lang), base=t("base-period", lang))
    if len(rows):
        starts = [pd.Timestamp(parse_period(b).start) for b in rows["base_period"]] + list(rows["period_start"])
        pad = pd.Timedelta(days=120)
        span = (min(starts) - pad, max(rows["period_end"]) + pad)
    else:
        span = (pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31"))
        index_rows = pd.DataFrame(columns=["value", "qualifier", "period_start", "period_end", "derived"])
    # The explainer is the subtitle, in the figure itself (images and slides have no page around them).
    qualifiers = {Qualifier(q) for q in rows["qualifier"]} | {Qualifier.EXACT}
    return time_figure(
        dataset, [indicator_id], drawn, index_rows, unit, title, t("index-explainer", lang),
        source_line(dataset, rows, lang), lang, options, span, qualifiers=qualifiers, facts_key=("index", indicator_id),
    )  # fmt: skip


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The index chart of the first indicator (relative statements are not summed across indicators)."""
    return index_figure(
        dataset, indicator_ids[0], lang, style=options.style, theme=options.theme, height=options.height,
        as_dict=options.as_dict, width=options.width, framing=options.framing,
    )  # fmt: skip


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """The indicators are known only by ratios to a base period."""
    return has_ratios(dataset, indicator_ids) and not has_levels(dataset, indicator_ids)

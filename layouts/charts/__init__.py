"""The chart kinds: one module per kind, and the registry that every consumer reads.

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

A new kind is a module here with ``draw`` and ``applies``, one entry in :data:`CHART_KINDS`, and its
label in :mod:`layouts.i18n` (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang
from layouts.charts import before_after, index, trend
from layouts.charts.style import ChartOptions


@dataclass(frozen=True)
class ChartKind:
    """A way of drawing indicators, and when it fits them."""

    #: The name in links (``view=``) and in the code.
    name: str
    #: Key of its name in :mod:`layouts.i18n` (the chart type picker).
    label_key: str
    #: Whether it can draw these indicators.
    applies: Callable[[Dataset, Sequence[str]], bool]
    #: Draws it: (dataset, indicator ids, language, options) -> figure.
    draw: Callable[[Dataset, Sequence[str], Lang, ChartOptions], go.Figure]
    #: Offered in the chart type picker and accepted in links; otherwise only chosen from the data.
    selectable: bool = True
    #: Chosen from the data when nothing else is asked for (the first that applies, in registry order).
    automatic: bool = True
    #: Keys of texts shown beside the chart whenever this kind is drawn.
    notes: tuple[str, ...] = ()
    #: Key of the text shown when this kind is asked for but does not fit (it is then greyed out in
    #: the picker); None: the data's own kind is drawn silently.
    unavailable_note: str | None = None


#: Every chart kind, in the order the data's own kind is looked for.
CHART_KINDS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ChartKind("trend", "view-trend", trend.applies, trend.draw),
        ChartKind(
            "before-after",
            "view-before-after",
            before_after.applies,
            before_after.draw,
            automatic=False,
            unavailable_note="no-before-after",
        ),
        ChartKind("index", "view-index", index.applies, index.draw, selectable=False, notes=("index-explainer",)),
    )
}
#: The kind a view asks for when its link names none.
DEFAULT_KIND = "trend"


def selectable_kinds() -> list[ChartKind]:
    """The kinds a user may ask for, in the picker's order."""
    return [kind for kind in CHART_KINDS.values() if kind.selectable]


def data_kind(dataset: Dataset, indicator_ids: Sequence[str]) -> ChartKind | None:
    """The kind the data itself calls for: the first automatic kind that applies (None: nothing to draw)."""
    return next((k for k in CHART_KINDS.values() if k.automatic and k.applies(dataset, indicator_ids)), None)

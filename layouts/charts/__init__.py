"""The chart kinds: one module per kind, and the registry that every consumer reads.

Conventions every chart follows, so a figure can be read without its page:

* a value about a single day is a marker at that day; a value about a span of days (a year, a
  quarter, "since the founding") is a bar-ended segment ┝━┥ over that span, never a point placed at
  an arbitrary date inside it;
* the marker says how exact a value is: filled for exact, open circle for "about", open triangle up
  for "at least", open triangle down for "at most", a diamond for a computed value; labels carry the
  same marks (约/≈, ≥, ≤) and the legend explains them;
* consecutive values of an indicator are joined by a thin dotted connector (nothing is known in
  between); from :data:`layouts.charts.series.LINE_FROM_POINTS` values on, by a line;
* value labels sit beside or above their marks, never on a span or a line, and a label with no free
  place is left out (:mod:`layouts.charts.placement`; the hover has every value); a value whose
  period the curator inferred says so under its number;
* reform milestones are dashed lines (a day) or bands (a month or an interval), only on the charts of
  what they concern, each label on a stem from its line or band;
* every date axis names its year; ranks run downward (第1名 at the top) in whole places;
* titles, ticks, hover texts and the source line are in the chosen language, with numbers written
  by :mod:`indicators.formatting` (万/亿 in Chinese); a figure is planned for the width it is shown
  at (:class:`~layouts.charts.style.ChartOptions` ``width``): which labels fit, how texts wrap.

A new kind is a module here with ``draw`` and ``applies`` (and ``suits``: when the data calls for it),
one entry in :data:`CHART_KINDS`, and its label in :mod:`layouts.i18n` (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang
from layouts.charts import before_after, fact, index, small_multiples, trend
from layouts.charts.style import ChartOptions


@dataclass(frozen=True)
class ChartKind:
    """A way of drawing indicators, and when it fits them."""

    #: The name in links (``view=``) and in the code.
    name: str
    #: Key of its name in :mod:`layouts.i18n` (the chart type picker).
    label_key: str
    #: Whether it can draw these indicators (asked for in a link or the picker).
    applies: Callable[[Dataset, Sequence[str]], bool]
    #: Draws it: (dataset, indicator ids, language, options) -> figure.
    draw: Callable[[Dataset, Sequence[str], Lang, ChartOptions], go.Figure]
    #: Offered in the chart type picker and accepted in links; otherwise only chosen from the data.
    selectable: bool = True
    #: Chosen from the data when nothing else is asked for (the first that suits, in registry order).
    automatic: bool = True
    #: Whether the data's shape (within the view's years) calls for it (None: whenever it applies).
    suits: Callable[[Dataset, Sequence[str], int | None, int | None], bool] | None = None
    #: Keys of texts shown beside the chart whenever this kind is drawn.
    notes: tuple[str, ...] = ()
    #: Key of the text shown when this kind is asked for but does not fit (it is then greyed out in
    #: the picker); None: the data's own kind is drawn silently.
    unavailable_note: str | None = None

    def suits_data(
        self, dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
    ) -> bool:
        """Whether the data (within the years) calls for this kind: it applies, and its shape is this kind's."""
        if not self.applies(dataset, indicator_ids):
            return False
        return self.suits is None or self.suits(dataset, indicator_ids, year_from, year_to)


#: Every chart kind, in the order the data's own kind is looked for: relative statements only → the
#: index; one value per indicator → cards; sizes more than ten times apart → small multiples; a pair
#: straddling the founding → before/after; anything else → the trend (a line when values are many).
#: Ranks need no kind of their own: every value axis of a rank runs downward, 第1名 at the top.
CHART_KINDS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ChartKind("index", "view-index", index.applies, index.draw, selectable=False),
        ChartKind("fact", "view-fact", fact.applies, fact.draw, suits=fact.suits, unavailable_note="no-fact"),
        ChartKind(
            "small-multiples",
            "view-small-multiples",
            small_multiples.applies,
            small_multiples.draw,
            suits=small_multiples.suits,
            unavailable_note="no-small-multiples",
        ),
        ChartKind(
            "before-after",
            "view-before-after",
            before_after.applies,
            before_after.draw,
            suits=before_after.suits,
            unavailable_note="no-before-after",
        ),
        ChartKind("trend", "view-trend", trend.applies, trend.draw),
    )
}
#: The view a link asks for when it names none: the kind the data calls for.
AUTO = "auto"
DEFAULT_KIND = AUTO


def selectable_kinds() -> list[ChartKind]:
    """The kinds a user may ask for, in the picker's order (the registry's, after "chosen from the data")."""
    return [kind for kind in CHART_KINDS.values() if kind.selectable]


def view_names() -> list[str]:
    """Every value ``view=`` may have: :data:`AUTO` and the selectable kinds' names."""
    return [AUTO, *(kind.name for kind in selectable_kinds())]


def data_kind(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> ChartKind | None:
    """The kind the data itself calls for: the first automatic kind that suits it (None: nothing to draw)."""
    return next(
        (k for k in CHART_KINDS.values() if k.automatic and k.suits_data(dataset, indicator_ids, year_from, year_to)),
        None,
    )

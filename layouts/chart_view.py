"""The chart a view shows: the one choice the page, images, embeds, the CLI and the deck share."""

from __future__ import annotations

from typing import NamedTuple

import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import NumberStyle, format_date
from indicators.selections import same_unit
from indicators.version import data_version
from layouts.charts import CHART_KINDS, ChartKind, data_kind
from layouts.charts.empty import empty_figure
from layouts.charts.style import DEFAULT_HEIGHT, FULL_FRAMING, ChartOptions, Framing
from layouts.i18n import t
from layouts.view_state import ViewState


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
    framing: Framing = FULL_FRAMING,
) -> ChartView:
    """The chart of a view: the kind it asks for when that fits, else the kind its data calls for.

    Indicators of another unit than the first are left out (one value axis); a kind that does not fit
    (before/after without values on both sides of the founding) gives way, with a note, to the data's
    own kind; unknown ids are ignored. With ``as_dict`` the figure is its plain dict (for Dash);
    ``framing`` says whether the title and source line are drawn, and adds a footnote.
    """
    lang = state.lang
    options = ChartOptions(state.year_from, state.year_to, style, theme, height, as_dict, framing)
    ids = same_unit(dataset, state.indicators)
    if not ids:
        return ChartView(empty_figure(t("choose-indicator", lang), theme, as_dict), (), ())
    kind, notes = _chosen_kind(dataset, state, ids)
    if kind is None:
        return ChartView(empty_figure(t("no-data-in-range", lang), theme, as_dict), tuple(notes), tuple(ids))
    notes.extend(kind.notes)
    return ChartView(kind.draw(dataset, ids, lang, options), tuple(notes), tuple(ids))


def drawn_kind(dataset: Dataset, state: ViewState) -> str | None:
    """The name of the chart kind :func:`view_figure` draws for a view (None: no chart to draw)."""
    ids = same_unit(dataset, state.indicators)
    kind = _chosen_kind(dataset, state, ids)[0] if ids else None
    return kind.name if kind is not None else None


def _chosen_kind(dataset: Dataset, state: ViewState, ids: list[str]) -> tuple[ChartKind | None, list[str]]:
    notes: list[str] = []
    if len(ids) < len([i for i in state.indicators if i in dataset.indicators.index]):
        notes.append("mixed-units")
    kind = CHART_KINDS.get(state.view)
    if kind is not None and not (kind.selectable and kind.applies(dataset, ids)):
        if kind.unavailable_note and kind.selectable:
            notes.append(kind.unavailable_note)
        kind = None
    return kind or data_kind(dataset, ids), notes


def as_of_line(dataset: Dataset, lang: str) -> str:
    """``数据截至2026年11月28日（版本 3f9a2c1d4e5f）``: when the data was last updated, under images and on slides."""
    version = data_version(dataset)
    return t("data-as-of", lang, date=format_date(version.updated.date(), lang), version=version.digest)

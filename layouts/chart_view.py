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
    #: Keys of :mod:`layouts.i18n` texts to show with the chart (``mixed-units``, ``no-before-after``
    #: and the other kinds' ``unavailable_note``), in order.
    notes: tuple[str, ...]
    #: The indicators drawn: the chosen ones that share the first one's unit.
    indicators: tuple[str, ...]


def chosen_kind(dataset: Dataset, state: ViewState, ids: list[str]) -> tuple[ChartKind | None, tuple[str, ...]]:
    """The kind a view draws its indicators (of one unit) with, and the note when the one asked for does not fit."""
    kind = CHART_KINDS.get(state.view)
    notes: tuple[str, ...] = ()
    if kind is not None and not (kind.selectable and kind.applies(dataset, ids)):
        if kind.unavailable_note and kind.selectable:
            notes = (kind.unavailable_note,)
        kind = None
    return kind or data_kind(dataset, ids, state.year_from, state.year_to), notes


def view_figure(
    dataset: Dataset,
    state: ViewState,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
    framing: Framing = FULL_FRAMING,
    width: int | None = None,
    grow: bool = False,
) -> ChartView:
    """The chart of a view: the kind it asks for when that fits, else the kind its data calls for.

    Indicators of another unit than the first are left out (one value axis); a kind that does not fit
    (before/after without values on both sides of the founding) gives way, with a note, to the data's
    own kind; unknown ids are ignored. With ``as_dict`` the figure is its plain dict (for Dash);
    ``framing`` says whether the title and source line are drawn, and adds a footnote. ``width`` is
    the width in CSS pixels it will be shown at (labels and wrapping are planned for it); with
    ``grow`` the figure may be taller than ``height`` where its parts need it (its layout says).
    """
    lang = state.lang
    options = ChartOptions(
        state.year_from, state.year_to, style, theme, height, as_dict, framing=framing, width=width, grow=grow
    )
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
    """:func:`chosen_kind`, with the note when indicators of another unit were left out first."""
    notes: list[str] = []
    if len(ids) < len([i for i in state.indicators if i in dataset.indicators.index]):
        notes.append("mixed-units")
    kind, why = chosen_kind(dataset, state, ids)
    return kind, [*notes, *why]


def as_of_line(dataset: Dataset, lang: str) -> str:
    """``数据截至2026年11月28日（版本 3f9a2c1d4e5f）``: when the data was last updated, under images and on slides."""
    version = data_version(dataset)
    return t("data-as-of", lang, date=format_date(version.updated.date(), lang), version=version.digest)

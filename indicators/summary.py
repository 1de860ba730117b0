"""What an indicator's latest figures say: the numbers behind a KPI card (no formatting, no Dash)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.dataset import Dataset
from indicators.formulas import FormulaError, Quantity, divide, subtract
from indicators.qualifiers import Qualifier
from indicators.schema import Measure
from indicators.selections import in_years


@dataclass(frozen=True, slots=True)
class Point:
    """One preferred value of an indicator."""

    value: float
    qualifier: Qualifier
    period: str
    start: pd.Timestamp
    end: pd.Timestamp
    measure: Measure
    obs_id: str
    derived: bool
    #: The period was inferred by the curator, not stated in the source (written as such).
    period_inferred: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    """The latest value of an indicator, what it compares with, and the change between them.

    ``change``/``relative`` carry the qualifier that follows from the two values' qualifiers
    (0 compared with "70 or more" is a change of "-70 or less"). ``relative`` is None when the
    comparison value is 0 (a start from zero has no growth rate). ``ratio`` holds the latest
    relative statement ("doubled" = 2) when the indicator has no levels at all.
    """

    indicator_id: str
    latest: Point | None
    previous: Point | None
    change: Quantity | None
    relative: Quantity | None
    ratio: Point | None
    base_period: str | None


def _point(row) -> Point:
    return Point(
        float(row.value),
        Qualifier(row.qualifier),
        row.period,
        row.period_start,
        row.period_end,
        Measure(row.measure),
        row.obs_id,
        bool(row.derived),
        bool(row.period_inferred),
    )


def preferred_levels(dataset: Dataset, indicator_id: str) -> pd.DataFrame:
    """Preferred level values of an indicator (not ratios to a base), in time order."""
    frame = dataset.all_observations
    rows = frame[(frame["indicator_id"] == indicator_id) & frame["preferred"] & (frame["measure"] != "ratio_to_base")]
    return rows.sort_values(["period_end", "period_start"], kind="stable")


def summaries(dataset: Dataset) -> dict[str, Summary]:
    """The KPI figures of every indicator, computed in one pass and kept with the dataset (read-only).

    Kept by the dataset itself, not in a cache of this module: a module-level cache would keep old
    datasets (and their mapped snapshots) alive after the data changed.
    """
    return dataset.kept(("summaries",), lambda: _summaries(dataset))


#: The columns a summary reads (:func:`_point`, the base period of a ratio).
_SUMMARY_COLUMNS = [
    "indicator_id", "value", "qualifier", "period", "period_start", "period_end", "measure", "obs_id", "derived",
    "period_inferred", "base_period",
]  # fmt: skip


def _summaries(dataset: Dataset) -> dict[str, Summary]:
    frame = dataset.all_observations
    # Only the columns read: sorting the whole frame (29 columns, 250,000 rows at the large scale) copied
    # every column and took a serving process 380 MB above its level for a moment.
    preferred = frame.loc[frame["preferred"], _SUMMARY_COLUMNS].sort_values(
        ["indicator_id", "period_end", "period_start"], kind="stable"
    )
    is_ratio = preferred["measure"] == "ratio_to_base"
    last_two = {
        key: list(group.itertuples())
        for key, group in preferred[~is_ratio].groupby("indicator_id").tail(2).groupby("indicator_id")
    }
    last_ratio = {
        key: next(group.itertuples())
        for key, group in preferred[is_ratio].groupby("indicator_id").tail(1).groupby("indicator_id")
    }
    return {
        indicator_id: _summary(indicator_id, last_two.get(indicator_id, []), last_ratio.get(indicator_id))
        for indicator_id in dataset.indicators.index
    }


def summarize(dataset: Dataset, indicator_id: str) -> Summary:
    """The KPI figures of one indicator."""
    return summaries(dataset)[indicator_id]


def _summary(indicator_id: str, levels: list, ratio_row) -> Summary:
    ratio = _point(ratio_row) if ratio_row is not None else None
    base_period = ratio_row.base_period if ratio_row is not None else None
    if not levels:
        return Summary(indicator_id, None, None, None, None, ratio, base_period)
    latest = _point(levels[-1])
    previous = _point(levels[-2]) if len(levels) > 1 else None
    change = relative = None
    if previous is not None:
        a, b = Quantity(latest.value, latest.qualifier), Quantity(previous.value, previous.qualifier)
        change = subtract(a, b)
        if previous.value != 0:
            try:
                ratio_q = divide(a, b)
                relative = Quantity((ratio_q.value - 1) * 100, ratio_q.qualifier)
            except FormulaError:  # pragma: no cover - guarded by the zero check
                relative = None
    return Summary(indicator_id, latest, previous, change, relative, ratio, base_period)


def span_summary(
    dataset: Dataset, indicator_id: str, year_from: int | None = None, year_to: int | None = None
) -> Summary:
    """The first and the latest preferred level within the years and the change between them.

    The data table's row of an indicator (``previous`` holds the first value, not the one before the
    latest); ``ratio`` is the latest relative statement within the years.
    """
    levels = list(in_years(preferred_levels(dataset, indicator_id), year_from, year_to).itertuples())
    frame = dataset.rows_of([indicator_id])
    ratios = in_years(frame[frame["preferred"] & (frame["measure"] == "ratio_to_base")], year_from, year_to)
    ratio = next(ratios.sort_values(["period_end", "period_start"], kind="stable").tail(1).itertuples(), None)
    return _summary(indicator_id, levels[:1] + levels[1:][-1:], ratio)


def year_span(dataset: Dataset) -> tuple[int, int]:
    """First and last calendar year any value or milestone covers (2019-2022 when there is none)."""

    def span() -> tuple[int, int]:
        frame = dataset.all_observations
        if frame.empty:
            return 2019, 2022
        first = frame["period_start"].min()
        if len(dataset.events):
            first = min(first, dataset.events["start"].min())
        return int(first.year), int(frame["period_end"].max().year)

    return dataset.kept(("year_span",), span)  # every page and every change of the controls asks

"""The rows a view needs, selected once per dataset: levels within years, before/after pairs, table rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from indicators.dataset import Dataset

FOUNDING_EVENT = "city-founded"


def level_rows(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> pd.DataFrame:
    """The preferred level values (curated and computed) of some indicators within a span of years."""

    def select() -> pd.DataFrame:
        frame = dataset.rows_of(indicator_ids)
        rows = frame[frame["preferred"] & (frame["measure"] != "ratio_to_base")]
        return in_years(rows, year_from, year_to)

    return dataset.kept(("level_rows", tuple(dict.fromkeys(indicator_ids)), year_from, year_to), select)


def in_years(
    rows: pd.DataFrame, year_from: int | None, year_to: int | None, start: str = "period_start", end: str = "period_end"
) -> pd.DataFrame:
    """The rows whose period overlaps the years ``year_from``–``year_to`` (either end open when None)."""
    if year_from is not None:
        rows = rows[rows[end] >= pd.Timestamp(year=year_from, month=1, day=1)]
    if year_to is not None:
        rows = rows[rows[start] <= pd.Timestamp(year=year_to, month=12, day=31)]
    return rows


def founding_date(dataset: Dataset) -> pd.Timestamp | None:
    """The day the city was founded, from the milestones in the data."""
    events = dataset.events
    match = events[events["event_id"] == FOUNDING_EVENT]
    return match["start"].iloc[0] if len(match) else None


def before_after_pairs(dataset: Dataset, indicator_ids: Sequence[str]) -> dict[str, tuple]:
    """For each indicator with a level at or before the founding and one after it: (before, after) rows."""
    ids = tuple(dict.fromkeys(indicator_ids))

    def select() -> dict[str, tuple]:
        founded = founding_date(dataset)
        if founded is None:
            return {}
        rows = level_rows(dataset, ids).sort_values(["period_end", "period_start"], kind="stable")
        pairs = {}
        for indicator_id in ids:
            own = rows[rows["indicator_id"] == indicator_id]
            before = own[own["period_start"] <= founded]
            after = own[own["period_start"] > founded]
            if len(before) and len(after):
                pairs[indicator_id] = (before.iloc[-1], after.iloc[-1])
        return pairs

    # Asked on every view of a chart (may the picker offer before/after?), not only to draw it.
    return dataset.kept(("before_after_pairs", ids), select)


def has_levels(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a preferred level value (curated or computed), in any year."""
    frame = dataset.rows_of(indicator_ids)
    return bool((frame["preferred"] & (frame["measure"] != "ratio_to_base")).any())


def has_ratios(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a preferred ratio to a base period ("翻了一番")."""
    frame = dataset.rows_of(indicator_ids)
    return bool((frame["preferred"] & (frame["measure"] == "ratio_to_base")).any())


def same_unit(dataset: Dataset, indicator_ids: Sequence[str]) -> list[str]:
    """The known indicators among these that share the first known one's unit (one value axis)."""
    ids = [i for i in indicator_ids if i in dataset.indicators.index]
    if not ids:
        return []
    unit = dataset.indicators.loc[ids[0], "unit"]
    return [i for i in ids if dataset.indicators.loc[i, "unit"] == unit]


def curated_order(dataset: Dataset) -> dict[str, int]:
    """Each indicator's place in the one order every list shows them (overview, picker, tables, deck, exports).

    By category (its ``order`` in the catalog), then as the curators listed them in the YAML (file,
    then line): the order they chose to tell the story in, not the alphabet of ids.
    """

    def select() -> dict[str, int]:
        ordered = dataset.indicators.sort_values(
            ["category_order", "file", "line", "indicator_id"], kind="stable", na_position="last"
        ).index
        return {indicator_id: n for n, indicator_id in enumerate(ordered)}

    return dataset.kept(("curated_order",), select)


def in_curated_order(dataset: Dataset, indicator_ids: Iterable[str] | None = None) -> list[str]:
    """The known indicators among ``indicator_ids`` (every indicator when None) in the curated order."""
    order = curated_order(dataset)
    ids = order if indicator_ids is None else dict.fromkeys(i for i in indicator_ids if i in order)
    return sorted(ids, key=order.__getitem__)


def table_rows(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> pd.DataFrame:
    """The observations behind a view: chosen indicators (all when none) within the years, in curated order."""
    frame = dataset.rows_of(indicator_ids) if indicator_ids else dataset.all_observations
    frame = in_years(frame, year_from, year_to)
    return frame.assign(_order=frame["indicator_id"].map(curated_order(dataset))).sort_values(
        ["_order", "period_end", "preferred"], ascending=[True, True, False], kind="stable"
    )


def latest_rows(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None, year_to: int | None, per_indicator: int
) -> tuple[pd.DataFrame, int]:
    """The latest ``per_indicator`` preferred values of each indicator (levels and ratios).

    Returns:
        The rows, and how many earlier values there are besides.
    """
    ids = tuple(dict.fromkeys(indicator_ids))

    def select() -> tuple[pd.DataFrame, int]:
        rows = level_rows(dataset, ids, year_from, year_to)
        frame = dataset.rows_of(ids)
        ratios = frame[(frame["measure"] == "ratio_to_base") & frame["preferred"]]
        combined = pd.concat([rows, ratios]).sort_values(["indicator_id", "period_end"], kind="stable")
        shown = combined.groupby("indicator_id", sort=False).tail(per_indicator)
        return shown, len(combined) - len(shown)

    return dataset.kept(("latest_rows", ids, year_from, year_to, per_indicator), select)

"""Tables for people and programs outside the app: the tidy table of every value, and CSV writing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from indicators.dataset import Dataset

#: Columns of the tidy table, in order; their meanings are documented in docs/data-format.md.
TIDY_COLUMNS = (
    "indicator_id", "indicator_name_zh", "indicator_name_en", "category", "period", "period_start",
    "period_end", "measure", "value", "unit", "qualifier", "value_stated", "base_period",
    "source_id", "source_title", "source_url", "quote", "note", "preferred", "conflict", "derived",
    "formula", "inputs", "obs_id",
)  # fmt: skip


def tidy_frame(
    dataset: Dataset, indicator_ids: Iterable[str] | None = None, *, include_derived: bool = True
) -> pd.DataFrame:
    """One row per value (curated, and computed unless excluded), ready to write out.

    Args:
        dataset: The loaded data.
        indicator_ids: Keep only these indicators (in this order); all when None.
        include_derived: Also list the values computed from formulas.

    Raises:
        KeyError: If an id is not a known indicator.
    """
    frame = dataset.all_observations if include_derived else dataset.observations
    indicators = dataset.indicators
    if indicator_ids is not None:
        wanted = list(dict.fromkeys(indicator_ids))
        unknown = [i for i in wanted if i not in indicators.index]
        if unknown:
            raise KeyError(", ".join(unknown))
        frame = frame[frame["indicator_id"].isin(wanted)]
        order = {indicator_id: n for n, indicator_id in enumerate(wanted)}
    else:
        order = {
            indicator_id: n
            for n, indicator_id in enumerate(indicators.sort_values(["category_order", "indicator_id"]).index)
        }
    sources = dataset.sources
    first_source = frame["source_id"].str.split(";").str[0]
    tidy = pd.DataFrame(
        {
            "indicator_id": frame["indicator_id"],
            "indicator_name_zh": frame["indicator_id"].map(indicators["name_zh"]),
            "indicator_name_en": frame["indicator_id"].map(indicators["name_en"]),
            "category": frame["indicator_id"].map(indicators["category"]),
            "period": frame["period"],
            "period_start": frame["period_start"].dt.strftime("%Y-%m-%d"),
            "period_end": frame["period_end"].dt.strftime("%Y-%m-%d"),
            "measure": frame["measure"].astype("str"),
            "value": frame["value"],
            "unit": frame["unit"].where(frame["measure"] != "ratio_to_base", "times"),
            "qualifier": frame["qualifier"].astype("str"),
            "value_stated": frame["value_stated"],
            "base_period": frame["base_period"],
            "source_id": frame["source_id"],
            "source_title": first_source.map(sources["title_zh"]),
            "source_url": first_source.map(sources["url"]),
            "quote": frame["quote"],
            "note": frame["note"],
            "preferred": frame["preferred"],
            "conflict": frame["conflict"],
            "derived": frame["derived"],
            "formula": frame["formula"],
            "inputs": frame["inputs"],
            "obs_id": frame["obs_id"],
        },
        columns=list(TIDY_COLUMNS),
    )
    tidy["_order"] = tidy["indicator_id"].map(order)
    tidy = tidy.sort_values(
        ["_order", "derived", "period_end", "period_start", "preferred"],
        ascending=[True, True, True, True, False],
        kind="stable",
    )
    return tidy.drop(columns="_order").reset_index(drop=True)


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a frame: no index, numbers in full precision without a trailing '.0'."""
    return frame.to_csv(index=False, float_format="%.15g", lineterminator="\n")

"""The tables an export holds, built from the dataset: tidy, wide, indicators, sources, qualifiers.

* :func:`tidy_frame`: one row per value (curated and derived), the stable columns of ``TIDY_COLUMNS``;
* :func:`export_table`: the same for a selection (indicators, time range), with readable columns in a
  language, or the wide layout for spreadsheets (one row per period, one column per indicator);
* :func:`export_filename` names the files that :mod:`outputs.writers` writes from these tables.

Everything here is pure (data in, frames out); the file formats live in :mod:`outputs`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.export_notes import MEASURE_LABELS, WIDE_HEADERS, hedge_words
from indicators.formatting import TIMES_UNIT, Lang, format_period, format_quantity
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Measure, Unit, note_text
from indicators.selections import curated_order, in_curated_order

#: Columns of the tidy table, in order; their meanings are documented in docs/data-format.md.
TIDY_COLUMNS = (
    "indicator_id", "indicator_name_zh", "indicator_name_en", "category", "period", "period_start",
    "period_end", "period_qualifier", "measure", "value", "unit", "qualifier", "value_stated", "base_period",
    "source_id", "source_title", "source_url", "quote", "note_zh", "note_en", "preferred", "preferred_by",
    "conflict", "derived", "formula", "inputs", "obs_id", "period_inferred",
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
        order = curated_order(dataset)
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
            "period_qualifier": frame["period_qualifier"].astype("str"),
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
            "note_zh": frame["note_zh"],
            "note_en": frame["note_en"],
            "preferred": frame["preferred"],
            "preferred_by": frame["preferred_by"],
            "conflict": frame["conflict"],
            "derived": frame["derived"],
            "formula": frame["formula"],
            "inputs": frame["inputs"],
            "obs_id": frame["obs_id"],
            "period_inferred": frame["period_inferred"],
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


Layout = Literal["tidy", "wide"]
LAYOUTS: tuple[Layout, ...] = ("tidy", "wide")
#: Readable columns added after ``TIDY_COLUMNS`` (whose names and positions never change) for a language.
LABEL_COLUMNS = ("indicator_name", "unit_label", "value_display", "period_label", "qualifier_label")
#: First columns of the wide layout (``period_label`` only when it has a language).
WIDE_PERIOD_COLUMNS = ("period", "period_start", "period_end", "period_label")
#: Start of every export's file name.
FILE_PREFIX = "longgang-indicators"
#: Name of the whole data set in data URLs (``/data/observations.csv``), which data packages point to.
ALL_DATA = "observations"


def export_table(
    dataset: Dataset,
    indicator_ids: Iterable[str] | None = None,
    *,
    layout: Layout = "tidy",
    lang: Lang | None = "zh",
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """The table an export holds: tidy (one row per value) or wide (one row per period).

    Tidy has the columns of ``TIDY_COLUMNS`` then, for a language, ``LABEL_COLUMNS``: the indicator's
    name, the unit, the value as the dashboard writes it (``至少1000起``), the period and the qualifier
    in words. Wide has ``period, period_start, period_end, period_label``, then per indicator a
    numeric column headed by its name and unit, followed by a qualifier column when any of its values
    is not exact; a measure other than the indicator's own (a ratio to a base period) gets a column
    of its own, so a ratio never sits among levels. Wide holds only the preferred values.

    Args:
        dataset: The loaded data.
        indicator_ids: Only these indicators, in this order; every indicator when None.
        layout: ``tidy`` or ``wide``.
        lang: ``zh`` or ``en`` for the readable columns and the wide headers; None for the stable
            columns only (tidy) or headers made of indicator ids (wide), for scripts.
        start: Keep the values whose period ends on or after this day (None: no lower bound).
        end: Keep the values whose period starts on or before this day (None: no upper bound);
            together, the values whose period overlaps [start, end].

    Raises:
        KeyError: If an id is not a known indicator.
        ValueError: For an unknown layout or language, or a start after the end.
    """
    return prepare_export(dataset, indicator_ids, layout, lang, start, end)[0]


def export_filename(indicator_ids: Iterable[str] | None, extension: str, *, today: date | None = None) -> str:
    """A safe file name that says what an export holds and when it was made.

    ``longgang-indicators_enforcement_items_2026-11-28.csv``; ``..._all_...`` for every indicator;
    several ids are joined with ``-`` (ids never contain one), and past three the rest are counted
    (``..._a-b-c-and-4-more_...``). Anything but ``a-z``, ``0-9`` and ``_`` in an id becomes ``-``.

    Args:
        indicator_ids: The selection; None for every indicator.
        extension: ``csv``, ``xlsx``, ``zip`` (a leading dot is ignored).
        today: The date to put in the name (default: today).
    """
    day = (today or date.today()).isoformat()
    suffix = re.sub(r"[^a-z0-9]", "", extension.lower()) or "dat"
    ids = selection_ids(indicator_ids)
    if ids is None:
        part = "all"
    else:
        safe = [s for s in (_safe_id(i) for i in ids) if s]
        part = "-".join(safe[:3]) + (f"-and-{len(safe) - 3}-more" if len(safe) > 3 else "") if safe else "none"
    return f"{FILE_PREFIX}_{part}_{day}.{suffix}"


def indicators_table(dataset: Dataset, indicator_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Definitions of indicators for an export: names, descriptions, category, unit, measure, formula.

    Raises:
        KeyError: If an id is not a known indicator.
    """
    frame = dataset.indicators
    ids = selection_ids(indicator_ids)
    if ids is None:
        ids = in_curated_order(dataset)
    unknown = [i for i in ids if i not in frame.index]
    if unknown:
        raise KeyError(", ".join(unknown))
    rows = []
    for indicator_id in ids:
        model = dataset.indicator_models[indicator_id]
        unit, category = dataset.units[model.unit], dataset.categories[model.category]
        rows.append(
            {
                "indicator_id": indicator_id,
                "name_zh": model.name.zh,
                "name_en": model.name.en,
                "description_zh": model.description.zh,
                "description_en": model.description.en,
                "category": model.category,
                "category_name_zh": category.name.zh,
                "category_name_en": category.name.en,
                "unit": model.unit,
                "unit_name_zh": unit.name.zh,
                "unit_name_en": unit.name.en,
                "unit_kind": unit.kind.value,
                "measure": model.measure.value,
                "decimals": model.decimals,
                "higher_is_better": model.higher_is_better,
                "derived": model.formula is not None,
                "formula": model.formula,
                "formula_qualifier": model.qualifier.value if model.qualifier else None,
                "processing_zh": model.processing.zh if model.processing else None,
                "processing_en": model.processing.en if model.processing else None,
                "note_zh": note_text(model.note, "zh"),
                "note_en": note_text(model.note, "en"),
            }
        )
    table = pd.DataFrame(rows, columns=_INDICATOR_TABLE_COLUMNS)
    table["higher_is_better"] = table["higher_is_better"].astype("boolean")
    table["decimals"] = table["decimals"].astype("int64")
    table["derived"] = table["derived"].astype("bool")
    return table


_INDICATOR_TABLE_COLUMNS = [
    "indicator_id", "name_zh", "name_en", "description_zh", "description_en", "category", "category_name_zh",
    "category_name_en", "unit", "unit_name_zh", "unit_name_en", "unit_kind", "measure", "decimals",
    "higher_is_better", "derived", "formula", "formula_qualifier", "processing_zh", "processing_en", "note_zh",
    "note_en",
]  # fmt: skip


def sources_table(dataset: Dataset, source_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The sources of an export (every source when None): titles, publisher, kind, URL, dates."""
    frame = dataset.sources
    ids = list(frame.index) if source_ids is None else [i for i in dict.fromkeys(source_ids) if i in frame.index]
    table = frame.loc[ids, _SOURCE_TABLE_COLUMNS].reset_index(drop=True)
    # date_published is kept as written (a day, a month or a year); date_accessed is always a day.
    table["date_accessed"] = table["date_accessed"].dt.strftime("%Y-%m-%d")
    return table


_SOURCE_TABLE_COLUMNS = [
    "source_id", "title_zh", "title_en", "publisher_zh", "publisher_en", "kind", "url",
    "date_published", "date_accessed", "note_zh", "note_en",
]  # fmt: skip


def qualifiers_table() -> pd.DataFrame:
    """The qualifier legend: each qualifier in both languages, its Chinese hedge words and meaning."""
    return pd.DataFrame(
        [
            {
                "qualifier": qualifier.value,
                "label_zh": kind.label["zh"],
                "label_en": kind.label["en"],
                "hedge_words_zh": hedge_words(qualifier),
                "meaning_zh": kind.meaning["zh"],
                "meaning_en": kind.meaning["en"],
            }
            for qualifier, kind in QUALIFIERS.items()
        ]
    )


# --- building the tables ---------------------------------------------------------------------------


def prepare_export(
    dataset: Dataset,
    indicator_ids: Iterable[str] | None,
    layout: str,
    lang: str | None,
    start: date | None,
    end: date | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the exported table, the tidy rows it was made from); arguments and errors of :func:`export_table`."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    if lang is not None and lang not in locales.codes():
        raise ValueError(f"lang must be one of {', '.join(locales.codes())} or None, not {lang!r}")
    first, last = as_date(start), as_date(end)
    if first is not None and last is not None and first > last:
        raise ValueError(f"the start ({first}) is after the end ({last})")
    tidy = tidy_frame(dataset, selection_ids(indicator_ids))
    # Periods are inclusive on both ends; ISO dates compare as text.
    keep = pd.Series(True, index=tidy.index)
    if first is not None:
        keep &= tidy["period_end"] >= first.isoformat()
    if last is not None:
        keep &= tidy["period_start"] <= last.isoformat()
    tidy = tidy[keep].reset_index(drop=True)
    if layout == "wide":
        return _wide(dataset, tidy, lang), tidy
    return (tidy if lang is None else _with_labels(dataset, tidy, lang)), tidy


def _with_labels(dataset: Dataset, tidy: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    units = [_unit(dataset, unit_id) for unit_id in tidy["unit"]]
    decimals = tidy["indicator_id"].map(dataset.indicators["decimals"])
    labelled = tidy.copy()
    labelled["indicator_name"] = tidy["indicator_id"].map(dataset.indicators[text_column("name", lang)])
    labelled["unit_label"] = [locales.text_in(unit.name, lang) for unit in units]
    labelled["value_display"] = [
        format_quantity(
            value, unit, lang, qualifier=qualifier, decimals=_decimals(value, places, measure), measure=measure
        )
        for value, unit, qualifier, places, measure in zip(
            tidy["value"], units, tidy["qualifier"], decimals, tidy["measure"], strict=True
        )
    ]
    labelled["period_label"] = [
        format_period(parse_period(text), lang, qualifier=hedge, inferred=bool(inferred))
        for text, hedge, inferred in zip(tidy["period"], tidy["period_qualifier"], tidy["period_inferred"], strict=True)
    ]
    labelled["qualifier_label"] = [QUALIFIERS[Qualifier(q)].text("label", lang) for q in tidy["qualifier"]]
    return labelled


def _wide(dataset: Dataset, tidy: pd.DataFrame, lang: Lang | None) -> pd.DataFrame:
    """One row per period (periods written differently but covering the same days are one row)."""
    order = {indicator_id: n for n, indicator_id in enumerate(dict.fromkeys(tidy["indicator_id"]))}
    own_measure = dataset.indicators["measure"]
    cells: dict[tuple[str, str], dict[tuple[str, str, str], tuple[float, str]]] = {}
    texts: dict[tuple[str, str], str] = {}
    shown = tidy[tidy["preferred"]]
    for row in shown[["indicator_id", "measure", "base_period", "period", "period_start", "period_end", "value",
                      "qualifier"]].itertuples(index=False):  # fmt: skip
        key = (row.period_start, row.period_end)
        column = (row.indicator_id, row.measure, row.base_period if isinstance(row.base_period, str) else "")
        row_cells = cells.setdefault(key, {})
        assert column not in row_cells, f"two preferred values of {column} for the period {key}"
        row_cells[column] = (row.value, row.qualifier)
        # The simplest way of writing the period names the row: 2022-Q1 rather than 2022-01/2022-03.
        texts[key] = min(texts.get(key, row.period), row.period, key=lambda t: (len(t), t))
    columns = sorted(
        {column for row_cells in cells.values() for column in row_cells},
        key=lambda c: (order[c[0]], c[1] != own_measure[c[0]], c[1], c[2]),
    )
    keys = sorted(cells, key=lambda k: (k[1], k[0]))
    data: dict[str, object] = {
        "period": [texts[k] for k in keys],
        "period_start": [k[0] for k in keys],
        "period_end": [k[1] for k in keys],
    }
    if lang is not None:
        data["period_label"] = [format_period(parse_period(texts[k]), lang) for k in keys]
    described: dict[str, dict[str, str]] = {}
    for column in columns:
        header = _wide_header(dataset, column, lang)
        if header in data:  # two indicators with the same name: the id tells them apart
            header = f"{header} [{column[0]}]"
        values = [cells[k].get(column, (math.nan, None)) for k in keys]
        data[header] = pd.Series([v for v, _ in values], dtype="float64")
        what = {"indicator_id": column[0], "measure": column[1], "base_period": column[2]}
        described[header] = {**what, "role": "value"}
        if any(q is not None and q != Qualifier.EXACT for _, q in values):
            qualifier_header = _qualifier_header(header, lang)
            data[qualifier_header] = [
                None if q is None else (q if lang is None else QUALIFIERS[Qualifier(q)].text("label", lang))
                for _, q in values
            ]
            described[qualifier_header] = {**what, "role": "qualifier"}
    table = pd.DataFrame(data)
    # What each value column holds, for the data package's schema (indicators.datapackage).
    table.attrs["wide_columns"] = described
    return table


def _wide_header(dataset: Dataset, column: tuple[str, str, str], lang: Lang | None) -> str:
    indicator_id, measure, base = column
    own = measure == dataset.indicator_models[indicator_id].measure
    if lang is None:
        if measure == Measure.RATIO_TO_BASE:
            return f"{indicator_id}.ratio_to_base.{base}"
        return indicator_id if own else f"{indicator_id}.{measure}"
    locale = locales.get(lang)
    name = dataset.indicators.loc[indicator_id, text_column("name", lang)]
    if measure == Measure.RATIO_TO_BASE:
        when = format_period(parse_period(base), lang)
        return locales.text_in(WIDE_HEADERS["ratio"], lang).format(name=name, when=when)
    unit = dataset.unit_of(indicator_id)
    unit_name = "%" if unit.kind == "percent" else locales.text_in(unit.name, lang) or ""
    if measure == Measure.MEAN_PER_MONTH:
        unit_name = locale.per_month.format(q=unit_name)
    elif not own:
        label = locales.text_in(MEASURE_LABELS, lang)[Measure(measure)]
        unit_name = f"{label}{locale.comma}{unit_name}"
    return locale.parenthesized(name, unit_name)


def _qualifier_header(header: str, lang: Lang | None) -> str:
    if lang is None:
        return f"{header}.qualifier"
    return locales.text_in(WIDE_HEADERS["qualifier"], lang).format(header=header)


def wide_has_ratio(tidy: pd.DataFrame, layout: str) -> bool:
    """Whether a wide table has ratio-to-base columns (the README then explains them)."""
    return layout == "wide" and bool((tidy["preferred"] & (tidy["measure"] == Measure.RATIO_TO_BASE)).any())


def _decimals(value: float, decimals: int, measure: str) -> int:
    """Decimals to write: the indicator's, except ratios to a base, which show what they need (up to 2)."""
    if measure != Measure.RATIO_TO_BASE:
        return int(decimals)
    return next((places for places in (0, 1) if round(value, places) == round(value, 2)), 2)


def _unit(dataset: Dataset, unit_id: str) -> Unit:
    if unit_id in dataset.units:
        return dataset.units[unit_id]
    if unit_id == "times":
        return TIMES_UNIT
    raise KeyError(f"unknown unit {unit_id!r}")


def selection_ids(indicator_ids: Iterable[str] | None) -> list[str] | None:
    """The selection as a list without repeats; one id given as a string is a selection of one."""
    if indicator_ids is None:
        return None
    if isinstance(indicator_ids, str):
        return [indicator_ids]
    return list(dict.fromkeys(indicator_ids))


def cited_source_ids(tidy: pd.DataFrame) -> list[str]:
    """Sources cited by the rows, in order of first use (derived values list several, with ';')."""
    return list(dict.fromkeys(s for ids in tidy["source_id"].dropna() for s in str(ids).split(";") if s))


def as_date(value: date | datetime | str | None) -> date | None:
    """Dates from the routes may come as date, datetime, pandas Timestamp or ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@lru_cache(maxsize=4096)  # every download link of every answer names the same ids
def _safe_id(indicator_id: str) -> str:
    text = unicodedata.normalize("NFKC", str(indicator_id)).lower()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9_]", "-", text)).strip("-_")[:40].strip("-_")

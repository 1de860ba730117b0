"""Building the pandas frames of a dataset, with real dtypes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from indicators import locales
from indicators.checked import CheckedData, CheckedObservation
from indicators.derive import DerivedValue
from indicators.qualifiers import Qualifier
from indicators.schema import Measure, Note, note_text

QUALIFIER_DTYPE = pd.CategoricalDtype([q.value for q in Qualifier])
MEASURE_DTYPE = pd.CategoricalDtype([m.value for m in Measure])

#: Columns of the observations frame, in order. The derived frame has the same columns.
OBSERVATION_COLUMNS = (
    "obs_id", "indicator_id", "period", "period_start", "period_end", "precision", "period_qualifier",
    "measure", "value", "value_stated", "qualifier", "unit", "source_id", "quote", "note_zh", "note_en",
    "base_period", "base_start", "base_end", "preferred", "preferred_by", "conflict", "alternatives",
    "derived", "formula", "inputs", "file", "line", "period_inferred",
)  # fmt: skip


def _add_languages(frame: pd.DataFrame, texts: dict[str, list]) -> pd.DataFrame:
    """Columns ``<prefix>_<language>`` for the registered languages beyond Chinese and English.

    Each holds the text along that language's fallback chain, so that every view reads
    ``name_<language>`` alike.
    """
    for code in locales.codes():
        suffix = locales.get(code).suffix
        for prefix, values in texts.items():
            if f"{prefix}_{suffix}" not in frame.columns:
                frame[f"{prefix}_{suffix}"] = pd.Series([locales.text_in(v, code) for v in values], index=frame.index)
    return frame


def _dates(values: list) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


_EPOCH = date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min  # the integer behind NaT


def _date_column(values: list[date | None]) -> np.ndarray:
    """Dates as ``datetime64[s]`` with NaT for None: what :func:`_dates` gives, without pandas' inference.

    ``pd.to_datetime`` on a column of ``date`` objects inspects every one of them; the days since 1970
    are simply the ordinal minus a constant.
    """
    days = np.fromiter(
        (_NAT if value is None else value.toordinal() - _EPOCH for value in values), dtype=np.int64, count=len(values)
    )
    return days.view("datetime64[D]").astype("datetime64[s]")


def _text_column(values: list[str | None]) -> pd.Series:
    # Same as astype("str") on an object column: the string dtype, None as missing.
    return pd.Series(values, dtype="str")


def _codes(values: list, categories: pd.CategoricalDtype) -> pd.Categorical:
    code = {value: number for number, value in enumerate(categories.categories)}
    return pd.Categorical.from_codes([code[value] for value in values], dtype=categories)


#: How each column of the observations frame is stored (text columns: pandas' string dtype).
_CONVERT: dict[str, Callable[[list], object]] = {
    "period_start": _date_column,
    "period_end": _date_column,
    "base_start": _date_column,
    "base_end": _date_column,
    "value": lambda values: np.array(values, dtype="float64"),
    "qualifier": lambda values: _codes(values, QUALIFIER_DTYPE),
    "period_qualifier": lambda values: _codes(values, QUALIFIER_DTYPE),
    "measure": lambda values: _codes(values, MEASURE_DTYPE),
    "preferred": lambda values: np.array(values, dtype="bool"),
    "conflict": lambda values: np.array(values, dtype="bool"),
    "derived": lambda values: np.array(values, dtype="bool"),
    "period_inferred": lambda values: np.array(values, dtype="bool"),
    "alternatives": lambda values: np.array(values, dtype="int64"),
    "line": lambda values: pd.array(values, dtype="Int64"),
}


def _finish(columns: dict[str, Callable[[], list]]) -> pd.DataFrame:
    """The frame from one builder per column, each column built, stored and its list dropped in turn.

    Building every list first held all 25 of them at once (8 bytes an observation each, 50 MB at
    250,000 observations) on top of the converted copies.
    """
    stored = {name: _CONVERT.get(name, _text_column)(columns[name]()) for name in OBSERVATION_COLUMNS}
    return pd.DataFrame(stored, columns=list(OBSERVATION_COLUMNS), copy=False)


def observations_frame(items: list[CheckedObservation], units: dict[str, str]) -> pd.DataFrame:
    """One row per curated observation (every source's, preferred or not)."""
    models = [item.model for item in items]
    periods = [item.period for item in items]
    bases = [item.base for item in items]
    none = [None] * len(items)
    return _finish(
        {
            "obs_id": lambda: [item.obs_id for item in items],
            "indicator_id": lambda: [model.indicator for model in models],
            "period": lambda: [period.text for period in periods],
            "period_start": lambda: [period.start for period in periods],
            "period_end": lambda: [period.end for period in periods],
            "precision": lambda: [period.precision.value for period in periods],
            "period_qualifier": lambda: [model.period_qualifier.value for model in models],
            "measure": lambda: [item.measure.value for item in items],
            "value": lambda: [item.value for item in items],
            "value_stated": lambda: [str(model.value) for model in models],
            "qualifier": lambda: [model.qualifier.value for model in models],
            "unit": lambda: [units[model.indicator] for model in models],
            "source_id": lambda: [item.source_id for item in items],
            "quote": lambda: [model.quote for model in models],
            "note_zh": lambda: [note_text(model.note, "zh") for model in models],
            "note_en": lambda: [note_text(model.note, "en") for model in models],
            "base_period": lambda: [base.text if base else None for base in bases],
            "base_start": lambda: [base.start if base else None for base in bases],
            "base_end": lambda: [base.end if base else None for base in bases],
            "preferred": lambda: [item.preferred for item in items],
            "preferred_by": lambda: [item.preferred_by or None for item in items],
            "conflict": lambda: [item.conflict for item in items],
            "alternatives": lambda: [item.alternatives for item in items],
            "derived": lambda: [False] * len(items),
            "formula": lambda: none,
            "inputs": lambda: none,
            "file": lambda: [item.file for item in items],
            "line": lambda: [item.line for item in items],
            "period_inferred": lambda: [model.period_inferred for model in models],
        }
    )


def derived_frame(values: list[DerivedValue], units: dict[str, str], notes: dict[str, Note | None]) -> pd.DataFrame:
    """One row per computed value of a derived indicator."""
    none = [None] * len(values)
    return _finish(
        {
            "obs_id": lambda: [item.obs_id for item in values],
            "indicator_id": lambda: [item.indicator for item in values],
            "period": lambda: [item.period.text for item in values],
            "period_start": lambda: [item.period.start for item in values],
            "period_end": lambda: [item.period.end for item in values],
            "precision": lambda: [item.period.precision.value for item in values],
            "period_qualifier": lambda: [Qualifier.EXACT.value] * len(values),
            "measure": lambda: [item.measure.value for item in values],
            "value": lambda: [item.value for item in values],
            "value_stated": lambda: none,
            "qualifier": lambda: [item.qualifier.value for item in values],
            "unit": lambda: [units[item.indicator] for item in values],
            "source_id": lambda: [";".join(item.source_ids) for item in values],
            "quote": lambda: none,
            "note_zh": lambda: [note_text(notes.get(item.indicator), "zh") for item in values],
            "note_en": lambda: [note_text(notes.get(item.indicator), "en") for item in values],
            "base_period": lambda: none,
            "base_start": lambda: none,
            "base_end": lambda: none,
            "preferred": lambda: [True] * len(values),
            "preferred_by": lambda: none,
            "conflict": lambda: [False] * len(values),
            "alternatives": lambda: [0] * len(values),
            "derived": lambda: [True] * len(values),
            "formula": lambda: [item.formula for item in values],
            "inputs": lambda: [";".join(i.obs_id for i in item.inputs) for item in values],
            "file": lambda: none,
            "line": lambda: none,
            "period_inferred": lambda: [item.period_inferred for item in values],
        }
    )


def indicators_frame(checked: CheckedData) -> pd.DataFrame:
    """One row per indicator, indexed by id."""
    rows = []
    for indicator_id, located in checked.indicators.items():
        m = located.record
        category = checked.categories[m.category].record
        rows.append(
            {
                "indicator_id": indicator_id,
                "name_zh": m.name.zh,
                "name_en": m.name.en,
                "description_zh": m.description.zh,
                "description_en": m.description.en,
                "category": m.category,
                "category_order": category.order,
                "unit": m.unit,
                "measure": m.measure.value,
                "decimals": m.decimals,
                "higher_is_better": m.higher_is_better,
                "headline": m.headline,
                "derived": m.formula is not None,
                "formula": m.formula,
                "processing_zh": m.processing.zh if m.processing else None,
                "processing_en": m.processing.en if m.processing else None,
                "file": located.file,
                "line": located.line,
            }
        )
    frame = pd.DataFrame(rows, columns=_INDICATOR_COLUMNS)
    frame["higher_is_better"] = frame["higher_is_better"].astype("boolean")
    frame["decimals"] = frame["decimals"].astype("int64")
    frame["headline"] = frame["headline"].astype("bool")
    frame["derived"] = frame["derived"].astype("bool")
    models = [located.record for located in checked.indicators.values()]
    _add_languages(
        frame,
        {
            "name": [m.name for m in models],
            "description": [m.description for m in models],
            "processing": [m.processing for m in models],
        },
    )
    return frame.set_index("indicator_id", drop=False).rename_axis(None)


_INDICATOR_COLUMNS = [
    "indicator_id", "name_zh", "name_en", "description_zh", "description_en", "category", "category_order",
    "unit", "measure", "decimals", "higher_is_better", "headline", "derived", "formula",
    "processing_zh", "processing_en", "file", "line",
]  # fmt: skip


def sources_frame(checked: CheckedData) -> pd.DataFrame:
    """One row per source, indexed by id."""
    rows = [
        {
            "source_id": source_id,
            "title_zh": s.record.title.zh,
            "title_en": s.record.title.en,
            "publisher_zh": s.record.publisher.zh,
            "publisher_en": s.record.publisher.en,
            "kind": s.record.kind.value,
            "url": str(s.record.url) if s.record.url else None,
            # As written: a page known only to the month or year keeps that precision (2022-08, 2022).
            "date_published": s.record.date_published.text,
            "date_accessed": s.record.date_accessed,
            "note_zh": note_text(s.record.note, "zh"),
            "note_en": note_text(s.record.note, "en"),
            "file": s.file,
            "line": s.line,
        }
        for source_id, s in checked.sources.items()
    ]
    frame = pd.DataFrame(rows, columns=_SOURCE_COLUMNS)
    frame["date_published"] = frame["date_published"].astype("str")
    frame["date_accessed"] = _dates(list(frame["date_accessed"]))
    frame["line"] = frame["line"].astype("Int64")
    models = [s.record for s in checked.sources.values()]
    _add_languages(
        frame,
        {
            "title": [m.title for m in models],
            "publisher": [m.publisher for m in models],
            "note": [m.note for m in models],
        },
    )
    return frame.set_index("source_id", drop=False).rename_axis(None)


_SOURCE_COLUMNS = [
    "source_id", "title_zh", "title_en", "publisher_zh", "publisher_en", "kind", "url",
    "date_published", "date_accessed", "note_zh", "note_en", "file", "line",
]  # fmt: skip


def events_frame(checked: CheckedData) -> pd.DataFrame:
    """One row per reform milestone, in date order."""
    rows = [
        {
            "event_id": e.model.id,
            "name_zh": e.model.name.zh,
            "name_en": e.model.name.en,
            "description_zh": e.model.description.zh if e.model.description else None,
            "description_en": e.model.description.en if e.model.description else None,
            "kind": e.model.kind,
            "period": e.period.text,
            "start": e.period.start,
            "end": e.period.end,
            "precision": e.period.precision.value,
            "period_inferred": e.model.period_inferred,
            "concerns": "all" if e.model.concerns == "all" else ";".join(e.model.concerns),
            "source_id": e.model.source,
            "quote": e.model.quote,
            "note_zh": note_text(e.model.note, "zh"),
            "note_en": note_text(e.model.note, "en"),
            "file": e.file,
            "line": e.line,
        }
        for e in checked.events
    ]
    frame = pd.DataFrame(rows, columns=_EVENT_COLUMNS)
    frame["start"] = _dates(list(frame["start"]))
    frame["end"] = _dates(list(frame["end"]))
    frame["line"] = frame["line"].astype("Int64")
    models = [e.model for e in checked.events]
    _add_languages(
        frame,
        {
            "name": [m.name for m in models],
            "description": [m.description for m in models],
            "note": [m.note for m in models],
        },
    )
    return frame.sort_values(["start", "event_id"], ignore_index=True)


_EVENT_COLUMNS = [
    "event_id", "name_zh", "name_en", "description_zh", "description_en", "kind", "period", "start", "end",
    "precision", "period_inferred", "concerns", "source_id", "quote", "note_zh", "note_en", "file", "line",
]  # fmt: skip

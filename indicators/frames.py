"""Building the pandas frames of a dataset, with real dtypes."""

from __future__ import annotations

import pandas as pd

from indicators.derive import DerivedValue
from indicators.qualifiers import Qualifier
from indicators.schema import Measure
from indicators.validation import CheckedData, CheckedObservation

QUALIFIER_DTYPE = pd.CategoricalDtype([q.value for q in Qualifier])
MEASURE_DTYPE = pd.CategoricalDtype([m.value for m in Measure])

#: Columns of the observations frame, in order. The derived frame has the same columns.
OBSERVATION_COLUMNS = (
    "obs_id", "indicator_id", "period", "period_start", "period_end", "precision", "measure",
    "value", "value_stated", "qualifier", "unit", "source_id", "quote", "note",
    "base_period", "base_start", "base_end", "preferred", "conflict", "alternatives",
    "derived", "formula", "inputs", "file", "line",
)  # fmt: skip


def _dates(values: list) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"))


def _finish(columns: dict[str, list]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            **columns,
            "period_start": _dates(columns["period_start"]),
            "period_end": _dates(columns["period_end"]),
            "base_start": _dates(columns["base_start"]),
            "base_end": _dates(columns["base_end"]),
            "value": pd.Series(columns["value"], dtype="float64"),
            "qualifier": pd.Categorical(columns["qualifier"], dtype=QUALIFIER_DTYPE),
            "measure": pd.Categorical(columns["measure"], dtype=MEASURE_DTYPE),
            "preferred": pd.Series(columns["preferred"], dtype="bool"),
            "conflict": pd.Series(columns["conflict"], dtype="bool"),
            "derived": pd.Series(columns["derived"], dtype="bool"),
            "alternatives": pd.Series(columns["alternatives"], dtype="int64"),
            "line": pd.Series(columns["line"], dtype="Int64"),
        },
        columns=list(OBSERVATION_COLUMNS),
    )
    for name in _TEXT_COLUMNS:
        frame[name] = frame[name].astype("str")
    return frame


_TEXT_COLUMNS = (
    "obs_id", "indicator_id", "period", "precision", "value_stated", "unit", "source_id", "quote", "note",
    "base_period", "formula", "inputs", "file",
)  # fmt: skip


def observations_frame(items: list[CheckedObservation], units: dict[str, str]) -> pd.DataFrame:
    """One row per curated observation (every source's, preferred or not)."""
    columns: dict[str, list] = {name: [] for name in OBSERVATION_COLUMNS}
    for item in items:
        model = item.model
        columns["obs_id"].append(item.obs_id)
        columns["indicator_id"].append(model.indicator)
        columns["period"].append(item.period.text)
        columns["period_start"].append(item.period.start)
        columns["period_end"].append(item.period.end)
        columns["precision"].append(item.period.precision.value)
        columns["measure"].append(item.measure.value)
        columns["value"].append(item.value)
        columns["value_stated"].append(str(model.value))
        columns["qualifier"].append(model.qualifier.value)
        columns["unit"].append(units[model.indicator])
        columns["source_id"].append(item.source_id)
        columns["quote"].append(model.quote)
        columns["note"].append(model.note)
        columns["base_period"].append(item.base.text if item.base else None)
        columns["base_start"].append(item.base.start if item.base else None)
        columns["base_end"].append(item.base.end if item.base else None)
        columns["preferred"].append(item.preferred)
        columns["conflict"].append(item.conflict)
        columns["alternatives"].append(item.alternatives)
        columns["derived"].append(False)
        columns["formula"].append(None)
        columns["inputs"].append(None)
        columns["file"].append(item.file)
        columns["line"].append(item.line)
    return _finish(columns)


def derived_frame(values: list[DerivedValue], units: dict[str, str], notes: dict[str, str | None]) -> pd.DataFrame:
    """One row per computed value of a derived indicator."""
    columns: dict[str, list] = {name: [] for name in OBSERVATION_COLUMNS}
    for item in values:
        columns["obs_id"].append(item.obs_id)
        columns["indicator_id"].append(item.indicator)
        columns["period"].append(item.period.text)
        columns["period_start"].append(item.period.start)
        columns["period_end"].append(item.period.end)
        columns["precision"].append(item.period.precision.value)
        columns["measure"].append(item.measure.value)
        columns["value"].append(item.value)
        columns["value_stated"].append(None)
        columns["qualifier"].append(item.qualifier.value)
        columns["unit"].append(units[item.indicator])
        columns["source_id"].append(";".join(item.source_ids))
        columns["quote"].append(None)
        columns["note"].append(notes.get(item.indicator))
        columns["base_period"].append(None)
        columns["base_start"].append(None)
        columns["base_end"].append(None)
        columns["preferred"].append(True)
        columns["conflict"].append(False)
        columns["alternatives"].append(0)
        columns["derived"].append(True)
        columns["formula"].append(item.formula)
        columns["inputs"].append(";".join(i.obs_id for i in item.inputs))
        columns["file"].append(None)
        columns["line"].append(None)
    return _finish(columns)


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
            "date_published": s.record.date_published,
            "date_accessed": s.record.date_accessed,
            "note": s.record.note,
            "file": s.file,
        }
        for source_id, s in checked.sources.items()
    ]
    frame = pd.DataFrame(rows, columns=_SOURCE_COLUMNS)
    frame["date_published"] = _dates(list(frame["date_published"]))
    frame["date_accessed"] = _dates(list(frame["date_accessed"]))
    return frame.set_index("source_id", drop=False).rename_axis(None)


_SOURCE_COLUMNS = [
    "source_id", "title_zh", "title_en", "publisher_zh", "publisher_en", "kind", "url",
    "date_published", "date_accessed", "note", "file",
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
            "source_id": e.model.source,
            "quote": e.model.quote,
            "note": e.model.note,
        }
        for e in checked.events
    ]
    frame = pd.DataFrame(rows, columns=_EVENT_COLUMNS)
    frame["start"] = _dates(list(frame["start"]))
    frame["end"] = _dates(list(frame["end"]))
    return frame.sort_values(["start", "event_id"], ignore_index=True)


_EVENT_COLUMNS = [
    "event_id", "name_zh", "name_en", "description_zh", "description_en", "kind", "period", "start", "end",
    "precision", "source_id", "quote", "note",
]  # fmt: skip

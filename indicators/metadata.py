"""What an indicator is, as JSON for scripts: ``/data/<id>.json`` and ``python -m indicators export --format json``.

Names and descriptions in every registered language, the unit and category, how it is computed,
its notes, and its sources with the quotes its values come from, with the data version, so that a
script can say where each figure comes from without reading the CSV.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.locales import text_column
from indicators.schema import note_text
from indicators.selections import curated_order
from indicators.tables import selection_ids
from indicators.version import data_version


def _texts(row: pd.Series, prefix: str) -> dict[str, str] | None:
    """A text of a frame row in every registered language (None when it has none)."""
    texts = {}
    for code in locales.codes():
        value = row.get(text_column(prefix, code))
        if isinstance(value, str) and value:
            texts[code] = value
    return texts or None


def _note(note: object) -> dict[str, str] | None:
    texts = {code: text for code in locales.codes() if (text := note_text(note, code))}
    return texts or None


def _day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def indicator_metadata(dataset: Dataset, indicator_id: str) -> dict[str, Any]:
    """One indicator's metadata: names, unit, category, formula, notes, sources with quotes, version.

    Raises:
        KeyError: For an unknown indicator id.
    """
    if indicator_id not in dataset.indicators.index:
        raise KeyError(indicator_id)
    row = dataset.indicators.loc[indicator_id]
    model = dataset.indicator_models[indicator_id]
    unit = dataset.units[model.unit]
    category = dataset.categories[model.category]
    values = dataset.rows_of([indicator_id]).sort_values(["period_end", "period_start"], kind="stable")
    sources: dict[str, dict[str, Any]] = {}
    for value in values.itertuples():
        for source_id in [s for s in str(value.source_id or "").split(";") if s]:
            if source_id not in sources:
                sources[source_id] = _source(dataset, source_id)
            if isinstance(value.quote, str) and value.quote:
                sources[source_id]["quotes"].append(
                    {
                        "obs_id": value.obs_id,
                        "period": value.period,
                        "value": float(value.value),
                        "qualifier": str(value.qualifier),
                        "measure": str(value.measure),
                        "quote": value.quote,
                    }
                )
    return {
        "id": indicator_id,
        "name": _texts(row, "name"),
        "description": _texts(row, "description"),
        "category": {"id": model.category, "name": _texts_of(category.name)},
        "unit": {
            "id": model.unit,
            "name": _texts_of(unit.name),
            "kind": unit.kind.value,
            "axis": _texts_of(unit.axis),
        },
        "measure": model.measure.value,
        "decimals": model.decimals,
        "higher_is_better": model.higher_is_better,
        "headline": model.headline,
        "derived": model.formula is not None,
        "formula": model.formula,
        "formula_qualifier": model.qualifier.value if model.qualifier else None,
        "processing": _texts(row, "processing"),
        "notes": _note(model.note),
        "values": len(values),
        "sources": list(sources.values()),
        "data_version": data_version(dataset).to_dict(),
    }


def metadata_document(dataset: Dataset, indicator_ids: Iterable[str] | None) -> dict[str, Any]:
    """The metadata of a selection: one indicator's document, or ``{"data_version", "indicators": [...]}``.

    A selection of exactly one indicator (``/data/<id>.json``) gives that indicator's document;
    anything else (``/data/observations.json``, every indicator in the curated order) a list of them.

    Raises:
        KeyError: For an unknown indicator id.
    """
    ids = selection_ids(indicator_ids)
    if ids is not None and len(ids) == 1:
        return indicator_metadata(dataset, ids[0])
    if ids is None:
        order = curated_order(dataset)
        ids = sorted(order, key=order.__getitem__)
    documents = [indicator_metadata(dataset, indicator_id) for indicator_id in ids]
    for document in documents:
        del document["data_version"]  # said once, at the top
    return {"data_version": data_version(dataset).to_dict(), "indicators": documents}


def _texts_of(text: object) -> dict[str, str] | None:
    """A curated ``Text`` (or mapping) in every registered language along its fallback chain."""
    texts = {code: value for code in locales.codes() if (value := locales.text_in(text, code))}
    return texts or None


def _source(dataset: Dataset, source_id: str) -> dict[str, Any]:
    if source_id not in dataset.sources.index:
        return {"id": source_id, "quotes": []}
    row = dataset.sources.loc[source_id]
    return {
        "id": source_id,
        "title": _texts(row, "title"),
        "publisher": _texts(row, "publisher"),
        "kind": row["kind"],
        "url": row["url"] if isinstance(row["url"], str) else None,
        "date_published": _day(row["date_published"]),
        "date_accessed": _day(row["date_accessed"]),
        "quotes": [],
    }

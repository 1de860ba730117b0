"""Properties of the loader and the exports, on random small but valid data directories.

Each example writes its files to a fresh temporary folder (hypothesis runs many examples per test, so
pytest's function-scoped ``tmp_path`` would be shared between them) and clears the loader's cache.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators import Dataset, clear_cache, load_dataset
from indicators.periods import PeriodError, parse_period
from indicators.tables import tidy_frame
from outputs.writers import to_csv_text
from tests.strategies import LOADER_EXAMPLES, GeneratedData, datasets

loader_settings = settings(max_examples=LOADER_EXAMPLES)


def load(data: GeneratedData) -> Dataset:
    with tempfile.TemporaryDirectory() as tmp:
        data.write(Path(tmp))
        clear_cache()
        return load_dataset(tmp)


# --- 5. loader round trip --------------------------------------------------------------------------


@loader_settings
@given(datasets())
def test_every_observation_loads_once_exactly_as_written(data):
    ds = load(data)
    assert ds.errors == []
    # Levels from different sources over overlapping spans of different precision are kept and warned
    # about as possible conflicts (indicators/preference.py); nothing else is worth a word.
    assert all(p.message.startswith("possible conflict: ") for p in ds.warnings), ds.warnings
    levels = {
        o.label
        for o in data.observations
        if (o.record.get("measure") or data.indicator_measures[o.record["indicator"]]) == "stock"
    }
    assert {p.record for p in ds.warnings} <= levels, "only levels are grouped across precisions"
    rows = ds.observations
    assert sorted(rows["obs_id"]) == sorted(o.obs_id for o in data.observations)  # each once, none lost
    by_id = rows.set_index("obs_id")
    for obs in data.observations:
        row = by_id.loc[obs.obs_id]
        assert row["value"] == float(obs.value), obs.record["value"]  # base units: 1.3亿 -> 130000000.0
        assert row["qualifier"] == obs.record["qualifier"]
        assert row["period"] == obs.period
        assert (row["period_start"].date(), row["period_end"].date()) == (obs.start, obs.end)
        assert row["quote"] == obs.quote  # word for word, only surrounding whitespace stripped
        assert (row["source_id"], row["file"], row["line"]) == (obs.source, obs.file, data.line_of(obs))


CORRUPTIONS = {
    "unknown indicator": lambda record, draw, data, obs: record.update(indicator=_unknown_indicator(data)),
    "bad period": lambda record, draw, data, obs: record.update(period=draw(bad_periods)),
    "bad qualifier": lambda record, draw, data, obs: record.update(qualifier=draw(bad_qualifiers)),
    "not a number": lambda record, draw, data, obs: record.update(value=draw(not_numbers)),
    "missing quote": lambda record, draw, data, obs: record.pop("quote"),
    "empty quote": lambda record, draw, data, obs: record.update(quote=draw(st.sampled_from(["", " ", "\u3000\n"]))),
    "after publication": lambda record, draw, data, obs: record.update(
        period=(data.published[obs.source] + timedelta(days=draw(st.integers(1, 400)))).isoformat()
    ),
}
bad_periods = st.one_of(
    st.sampled_from(["2022-13", "2022-02-30", "2022-Q5", "22-08-23", "2023/2022", "P0M/2022-01-01", "1899", "x"]),
    # These two crashed the whole load (ValueError / OverflowError) instead of rejecting the record.
    st.sampled_from(["2022-01-01/P100000Y", "P99999999999999D/2022-01-01"]),
    st.text(min_size=1, max_size=12).filter(lambda t: t == t.strip() and not _parses(t)),
)
bad_qualifiers = st.one_of(
    st.sampled_from(["约", "多", "不到", "approx", "Exact", "at least", "", 1, None, True]),
    st.text(max_size=10).filter(lambda t: t.strip() not in ("exact", "approximately", "at_least", "at_most")),
)
not_numbers = st.sampled_from(
    ["abc", "一百", "1e5", "", "10 万 元", "1.3 亿元", "约200", True, None, [1], {"n": 1}, float("nan"), float("inf")]
) | st.just(10**400)  # a YAML integer too large for a float: crashed the whole load (OverflowError)


def _parses(text: str) -> bool:
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True


def _unknown_indicator(data: GeneratedData) -> str:
    name = "unknown_indicator"
    while name in data.indicator_units:
        name += "_x"
    return name


@loader_settings
@given(datasets(), st.data())
def test_one_corrupt_record_is_rejected_alone_with_its_file_and_line(data, draw):
    assume(data.observations)
    victim = draw.draw(st.sampled_from(data.observations), label="victim")
    kinds = [k for k in CORRUPTIONS if not (k == "after publication" and victim.record.get("measure") == "plan")]
    kind = draw.draw(st.sampled_from(kinds), label="corruption")
    CORRUPTIONS[kind](victim.record, draw.draw, data, victim)

    ds = load(data)

    assert len(ds.errors) == 1, [str(p) for p in ds.errors]
    error = ds.errors[0]
    label = victim.record.get("id") or f"{victim.record['indicator']}@{victim.record['period']}"
    assert (error.file, error.line, error.record) == (victim.file, data.line_of(victim), label), str(error)
    survivors = {o.obs_id for o in data.observations if o is not victim}
    assert set(ds.observations["obs_id"]) == survivors  # nothing else lost
    assert len(ds.observations) == len(survivors)


# --- 6. qualifiers (and values and periods) survive every export ------------------------------------


def csv_rows(ds: Dataset) -> pd.DataFrame:
    """``python -m indicators export --format csv``, read back as text."""
    return pd.read_csv(io.StringIO(to_csv_text(tidy_frame(ds))), dtype=str, keep_default_na=False)


#: Every export format, each as a function from a dataset to the tidy rows read back from its output
#: (all cells as text, empty cells as ""). Add the xlsx export here (pd.read_excel(..., dtype=str,
#: keep_default_na=False)) and the zip export (its CSV member(s) read back as above) as they land.
EXPORTS: list[Callable[[Dataset], pd.DataFrame]] = [csv_rows]


@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
@loader_settings
@given(data=datasets(with_derived=True, quote_exclude="\r"))
def test_every_export_keeps_each_rows_qualifier_value_and_period(export, data):
    ds = load(data)
    assert ds.errors == []
    expected = tidy_frame(ds)
    rows = export(ds)
    assert list(rows.columns) == list(expected.columns)
    assert len(rows) == len(expected)
    assert sorted(rows["obs_id"]) == sorted(expected["obs_id"])
    written = {o.obs_id: o for o in data.observations}
    by_id = expected.set_index("obs_id")
    for _, row in rows.iterrows():
        want = by_id.loc[row["obs_id"]]
        assert row["qualifier"] == want["qualifier"]
        # Every value, curated or computed, comes back as the very same float.
        assert float(row["value"]) == want["value"], (row["obs_id"], row["value"])
        assert (row["period"], row["period_start"], row["period_end"]) == (
            want["period"],
            want["period_start"],
            want["period_end"],
        )
        if (obs := written.get(row["obs_id"])) is not None:  # curated rows: as the curator wrote them
            assert (row["qualifier"], float(row["value"]), row["period"]) == (
                obs.record["qualifier"],
                float(obs.value),
                obs.period,
            )
            assert row["quote"] == obs.quote
    assert set(rows.loc[rows["derived"] == "False", "obs_id"]) == set(written)


def test_a_quote_with_a_carriage_return_survives_the_csv_export(make_data_dir):
    data_dir = make_data_dir(
        {
            "more.yaml": r"""
            observations:
              - indicator: high_tech
                source: base-source
                period: "2020"
                value: 50
                qualifier: at_least
                quote: "五十多家\r（含分支机构）"
            """
        }
    )
    ds = load_dataset(data_dir)
    assert ds.errors == [] and "五十多家\r（含分支机构）" in set(ds.observations["quote"])
    rows = csv_rows(ds)
    assert len(rows) == 3
    assert rows.loc[rows["quote"].str.startswith("五十多家"), "qualifier"].tolist() == ["at_least"]


def test_a_computed_value_survives_the_csv_export_in_full_precision(make_data_dir):
    data_dir = make_data_dir(
        {
            "derived.yaml": """
            indicators:
              - id: high_tech_third
                name: {zh: 三分之一, en: A third}
                description: {zh: 三分之一, en: A third}
                category: enterprises
                unit: enterprise
                formula: high_tech / 3
            """
        }
    )
    ds = load_dataset(data_dir)
    assert ds.errors == []
    expected = tidy_frame(ds).set_index("obs_id")["value"]
    rows = csv_rows(ds).set_index("obs_id")["value"].astype(float)
    assert rows.to_dict() == expected.to_dict()

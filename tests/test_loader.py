"""The YAML format, feature by feature, on small data directories."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from indicators import DataError, Qualifier, load_dataset

SECOND_SOURCE = """
source:
  id: second-source
  title: {zh: 第二来源, en: Second source}
  publisher: {zh: 统计局, en: Statistics bureau}
  kind: %s
  url: https://example.org/bulletin
  date_published: %s
  date_accessed: 2026-11-28
observations:
%s
"""


def source_file(observations: str, *, kind: str = "statistical_bulletin", published: str = "2022-12-31") -> str:
    body = "\n".join("  " + line for line in observations.strip("\n").splitlines())
    return SECOND_SOURCE % (kind, published, body)


def test_base_loads_with_real_dtypes(make_data_dir):
    ds = load_dataset(make_data_dir())
    obs = ds.observations
    assert ds.problems == []
    assert obs["period_start"].dtype.kind == "M" and obs["period_end"].dtype.kind == "M"
    assert obs["value"].dtype == "float64"
    assert isinstance(obs["qualifier"].dtype, pd.CategoricalDtype)
    assert list(obs["qualifier"].cat.categories) == ["exact", "approximately", "at_least", "at_most"]
    assert obs["preferred"].dtype == bool and obs["line"].dtype == "Int64"
    assert obs[["obs_id", "period", "value", "source_id"]].values.tolist() == [
        ["base-source:ht-2019", "2019", 47.0, "base-source"],
        ["base-source:ht-now", "2022-08-23", 105.0, "base-source"],
    ]
    assert ds.indicators.loc["high_tech", "unit"] == "enterprise"
    # As written: a publication may be known only to the month or year (2022-08, 2022).
    assert ds.sources.loc["base-source", "date_published"] == "2022-08-23"


def test_magnitude_words_land_in_base_units(make_data_dir):
    data_dir = make_data_dir(
        {
            "money.yaml": """
            units:
              - id: yuan
                name: {zh: 元, en: yuan}
                kind: currency
                patterns: {zh: "{n}元", en: "{n} yuan"}
                axis: {zh: 元, en: yuan}
            indicators:
              - id: budget
                name: {zh: 预算, en: Budget}
                description: {zh: 预算, en: Budget}
                category: enterprises
                unit: yuan
                measure: plan
              - id: spent
                name: {zh: 支出, en: Spent}
                description: {zh: 支出, en: Spent}
                category: enterprises
                unit: yuan
                measure: flow
            observations:
              - {indicator: budget, source: base-source, period: "2022", value: 1.3亿, qualifier: exact, quote: 今年预算金额1.3亿元}
              - {indicator: spent, source: base-source, period: "2022-01-01/2022-08-23", value: 4113万, qualifier: exact, quote: 涉及资金4113万元}
            """
        }
    )
    ds = load_dataset(data_dir)
    assert ds.problems == []
    values = ds.observations.set_index("indicator_id")
    assert values.loc["budget", "value"] == 130_000_000.0
    assert values.loc["spent", "value"] == 41_130_000.0
    assert values.loc["budget", "value_stated"] == "1.3亿"
    assert values.loc["budget", "value"] + values.loc["spent", "value"] == 171_130_000.0


def test_plan_may_extend_past_publication_but_a_flow_may_not(make_data_dir):
    data_dir = make_data_dir(
        {
            "plans.yaml": """
            observations:
              - {id: plan, indicator: high_tech, measure: plan, source: base-source, period: "2022", value: 120, qualifier: exact, quote: 今年计划}
              - {id: flow, indicator: high_tech, measure: flow, source: base-source, period: "2022", value: 10, qualifier: exact, quote: 今年新增}
            """
        }
    )
    ds = load_dataset(data_dir)
    assert [(p.record, p.message) for p in ds.problems] == [
        ("flow", "period 2022 ends on 2022-12-31, after source base-source was published on 2022-08-23")
    ]


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("exact", Qualifier.EXACT),
        ("approximately", Qualifier.APPROXIMATELY),
        ("at_least", Qualifier.AT_LEAST),
        ("at_most", Qualifier.AT_MOST),
    ],
)
def test_qualifiers_keep_the_value_a_number(make_data_dir, qualifier, expected):
    data_dir = make_data_dir(
        {
            "q.yaml": f'observations:\n  - {{indicator: high_tech, source: base-source, period: "2021", value: 70, qualifier: {qualifier}, quote: 70多家}}\n'
        }
    )
    row = load_dataset(data_dir).observations.query("period == '2021'").iloc[0]
    assert row["value"] == 70.0 and row["qualifier"] == expected


def test_relative_statements_are_ratios_never_levels(make_data_dir):
    data_dir = make_data_dir(
        {
            "ratio.yaml": """
            observations:
              - id: doubled
                indicator: high_tech
                source: base-source
                measure: ratio_to_base
                period: "2022-08-23"
                base_period: "2019-09-25"
                value: 2
                qualifier: approximately
                quote: 数量翻了一番
            """
        }
    )
    ds = load_dataset(data_dir)
    row = ds.observations.set_index("obs_id").loc["base-source:doubled"]
    assert (row["measure"], row["value"], row["base_period"]) == ("ratio_to_base", 2.0, "2019-09-25")
    assert row["base_start"] == pd.Timestamp("2019-09-25")


def test_measures_and_periods_as_written(make_data_dir):
    data_dir = make_data_dir(
        {
            "complaints.yaml": """
            observations:
              - {id: q1, indicator: high_tech, source: base-source, measure: mean_per_month, period: "2022-01/2022-03", value: 70, qualifier: at_least, quote: 平均每个月70多件}
              - {id: recent, indicator: high_tech, source: base-source, measure: mean_per_month, period: "P2M/2022-08-23", value: 0, qualifier: exact, quote: 近两个月没有}
            """
        }
    )
    obs = load_dataset(data_dir).observations.set_index("obs_id")
    assert obs.loc["base-source:q1", ["period_start", "period_end", "precision"]].tolist() == [
        pd.Timestamp("2022-01-01"),
        pd.Timestamp("2022-03-31"),
        "quarter",
    ]
    assert obs.loc["base-source:recent", ["period_start", "period_end"]].tolist() == [
        pd.Timestamp("2022-06-24"),
        pd.Timestamp("2022-08-23"),
    ]


def test_unquoted_dates_and_years_are_periods(make_data_dir):
    data_dir = make_data_dir(
        {
            "bare.yaml": "observations:\n  - {indicator: high_tech, source: base-source, period: 2021, value: 60, qualifier: exact, quote: x}\n  - {indicator: high_tech, source: base-source, period: 2020-06-30, value: 50, qualifier: exact, quote: y}\n"
        }
    )
    ds = load_dataset(data_dir)
    assert ds.problems == []
    assert {"2021", "2020-06-30"} <= set(ds.observations["period"])


def test_a_second_source_adds_indicators_and_keeps_both_conflicting_values(make_data_dir):
    """A new source is one new file: new indicators and a conflicting figure load with no code change."""
    data_dir = make_data_dir(
        {
            "sources/bulletin.yaml": source_file(
                """
                - {id: ht-now, indicator: high_tech, period: "2022-08-23", value: 108, qualifier: exact, quote: 国家高新技术企业108家}
                - {id: rev, indicator: revenue, period: "2022", value: 52.3亿, qualifier: exact, quote: 营业收入52.3亿元}
                """
            )
            + """
units:
  - id: yuan
    name: {zh: 元, en: yuan}
    kind: currency
    patterns: {zh: "{n}元", en: "{n} yuan"}
    axis: {zh: 元, en: yuan}
indicators:
  - id: revenue
    name: {zh: 营业收入, en: Revenue}
    description: {zh: 规上企业营业收入, en: Revenue of enterprises above designated size}
    category: enterprises
    unit: yuan
    measure: flow
"""
        }
    )
    ds = load_dataset(data_dir)
    assert ds.problems == []
    assert "revenue" in ds.indicators.index
    assert ds.observations.set_index("obs_id").loc["second-source:rev", "value"] == 5_230_000_000.0
    both = ds.observations.query("indicator_id == 'high_tech' and period == '2022-08-23'").set_index("source_id")
    assert both["value"].to_dict() == {"base-source": 105.0, "second-source": 108.0}
    # The rule: a statistical bulletin beats government media; the other value stays, marked.
    assert both["preferred"].to_dict() == {"base-source": False, "second-source": True}
    assert both["conflict"].all() and (both["alternatives"] == 1).all()


@pytest.mark.parametrize(
    ("kind", "published", "preferred_flag", "winner"),
    [
        ("government_media", "2022-12-31", "", "second-source"),  # same kind: the later publication
        ("press", "2022-12-31", "", "base-source"),  # government media outranks the press
        ("press", "2022-12-31", ", preferred: true", "second-source"),  # the curator's override wins
    ],
)
def test_preference_rule(make_data_dir, kind, published, preferred_flag, winner):
    obs = f'- {{id: ht-now, indicator: high_tech, period: "2022-08-23", value: 108, qualifier: exact, quote: 108家{preferred_flag}}}'
    data_dir = make_data_dir({"sources/second.yaml": source_file(obs, kind=kind, published=published)})
    rows = load_dataset(data_dir).observations.query("period == '2022-08-23'")
    assert rows.loc[rows["preferred"], "source_id"].tolist() == [winner]


def test_events_load_in_date_order(make_data_dir):
    data_dir = make_data_dir(
        {
            "events.yaml": """
            events:
              - {id: founded, period: "2019-09-25", name: {zh: 设市, en: Founded}, source: base-source}
              - {id: approved, period: "2019-08", name: {zh: 获批, en: Approved}}
            """
        }
    )
    events = load_dataset(data_dir).events
    assert events[["event_id", "start", "end"]].values.tolist() == [
        ["approved", pd.Timestamp("2019-08-01"), pd.Timestamp("2019-08-31")],
        ["founded", pd.Timestamp("2019-09-25"), pd.Timestamp("2019-09-25")],
    ]


DERIVED = """
indicators:
  - id: high_tech_change
    name: {zh: 增加数, en: Increase}
    description: {zh: 增加数, en: Increase}
    category: enterprises
    unit: enterprise
    measure: change
    formula: high_tech[latest] - high_tech[first]
  - id: implied_total
    name: {zh: 推算总数, en: Implied total}
    description: {zh: 推算总数, en: Implied total}
    category: enterprises
    unit: enterprise
    formula: high_tech / coverage * 100
    qualifier: approximately
observations:
  - {id: cov, indicator: coverage, source: base-source, period: "2022-08-23", value: 45, qualifier: exact, quote: 覆盖率达到45%}
"""


def test_derived_values_are_computed_with_formula_and_inputs(make_data_dir):
    ds = load_dataset(make_data_dir({"derived.yaml": DERIVED}))
    assert ds.problems == []
    derived = ds.derived.set_index("indicator_id")
    change = derived.loc["high_tech_change"]
    assert (change["value"], change["qualifier"], change["period"]) == (58.0, "exact", "2019-01-01/2022-08-23")
    assert change["inputs"] == "base-source:ht-now;base-source:ht-2019"
    assert change["formula"] == "high_tech[latest] - high_tech[first]"
    total = derived.loc["implied_total"]
    assert total["value"] == pytest.approx(105 / 45 * 100)
    # The coverage rate is rounded, so the formula declares its result approximate at best.
    assert total["qualifier"] == "approximately" and total["period"] == "2022-08-23"
    assert ds.derived["derived"].all() and not ds.observations["derived"].any()
    assert len(ds.all_observations) == len(ds.observations) + len(ds.derived)


def test_derived_values_carry_the_weakest_input_qualifier(make_data_dir):
    data_dir = make_data_dir(
        {
            "derived.yaml": DERIVED.replace("value: 45, qualifier: exact", "value: 45, qualifier: exact").replace(
                "high_tech / coverage * 100\n    qualifier: approximately", "high_tech / coverage * 100"
            ),
            "more.yaml": 'observations:\n  - {indicator: high_tech, source: base-source, period: "2022-08-24", value: 0, qualifier: exact, quote: x}\n',
        }
    )
    ds = load_dataset(data_dir)
    assert [p.message for p in ds.errors] == [
        "period 2022-08-24 ends on 2022-08-24, after source base-source was published on 2022-08-23"
    ]
    data_dir = make_data_dir(
        {
            "derived.yaml": DERIVED.replace("value: 45, qualifier: exact", "value: 45, qualifier: at_least").replace(
                "    qualifier: approximately\n", ""
            )
        }
    )
    total = load_dataset(data_dir).derived.set_index("indicator_id").loc["implied_total"]
    # Dividing by "45% or more" gives "this or less".
    assert total["qualifier"] == "at_most"


def test_formula_naming_a_period_without_a_value_is_reported(make_data_dir):
    data_dir = make_data_dir(
        {"d.yaml": DERIVED.replace("high_tech[latest] - high_tech[first]", 'high_tech["2018"] - high_tech[first]')}
    )
    ds = load_dataset(data_dir)
    assert [(p.record, p.message) for p in ds.errors] == [
        (
            "high_tech_change",
            "formula 'high_tech[\"2018\"] - high_tech[first]' cannot be evaluated: high_tech has no value for '2018' (it has: 2019, 2022-08-23)",
        )
    ]


def test_strict_loading_raises_with_every_error(make_data_dir):
    data_dir = make_data_dir(
        {
            "bad.yaml": "observations:\n  - {indicator: nope, source: base-source, period: '2022', value: x, qualifier: exact, quote: q}\n"
        }
    )
    with pytest.raises(DataError) as info:
        load_dataset(data_dir, strict=True)
    assert [p.message for p in info.value.problems] == [
        "unknown indicator 'nope' in 'indicator'",
        "value 'x' is not a number",
    ]


def test_missing_directory_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_cache_returns_the_same_dataset_until_a_file_changes(make_data_dir):
    data_dir = make_data_dir()
    first = load_dataset(data_dir)
    assert load_dataset(data_dir) is first
    source = data_dir / "sources" / "base.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("value: 105", "value: 106"), encoding="utf-8")
    os.utime(source, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    second = load_dataset(data_dir)
    assert second is not first
    assert 106.0 in second.observations["value"].tolist()


def test_a_file_that_stops_parsing_keeps_its_last_good_version(make_data_dir):
    data_dir = make_data_dir()
    assert len(load_dataset(data_dir).observations) == 2
    source = data_dir / "sources" / "base.yaml"
    source.write_text(source.read_text(encoding="utf-8")[:300], encoding="utf-8")  # cut mid-write
    ds = load_dataset(data_dir)
    assert len(ds.observations) == 2
    assert [(p.file, str(p.severity)) for p in ds.problems] == [("sources/base.yaml", "warning")]
    assert "still serving the last version that could be read" in ds.problems[0].message


def test_settle_time_defers_a_file_changed_a_moment_ago(make_data_dir):
    data_dir = make_data_dir()
    first = load_dataset(data_dir, settle_seconds=30)
    source = data_dir / "sources" / "base.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("value: 105", "value: 107"), encoding="utf-8")
    assert load_dataset(data_dir, settle_seconds=30) is first
    assert 107.0 in load_dataset(data_dir).observations["value"].tolist()


def test_hidden_and_underscore_files_are_not_data(make_data_dir):
    data_dir = make_data_dir(
        {".~tmp~/half.yaml": "observations: [", "_notes.yaml": "anything: [", "sub/.hidden.yaml": "x: ["}
    )
    assert load_dataset(data_dir).problems == []


def test_status_summarises_for_health_checks(make_data_dir):
    status = load_dataset(
        make_data_dir(
            {
                "bad.yaml": "observations:\n  - {indicator: nope, source: base-source, period: '2022', value: 1, qualifier: exact, quote: q}\n"
            }
        )
    ).status()
    assert {k: status[k] for k in ("status", "sources", "observations", "rejected_records")} == {
        "status": "degraded",
        "sources": 1,
        "observations": 2,
        "rejected_records": 1,
    }
    assert status["problems"][0]["file"] == "bad.yaml" and status["problems"][0]["line"] == 2


def test_the_worked_example_in_the_docs_loads_beside_the_curated_data(tmp_path):
    import re
    import shutil

    from tests.conftest import DATA_DIR, ROOT

    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A worked example.*?```yaml\n(.*?)```", doc, re.S).group(1)
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    (data_dir / "sources" / "wenzhou-daily-2023-02-01.yaml").write_text(example, encoding="utf-8")
    ds = load_dataset(data_dir)
    assert ds.problems == []
    rows = ds.observations.set_index("obs_id")
    assert rows.loc["wenzhou-daily-2023-02-01:revenue-2022", "value"] == 5_230_000_000.0
    assert rows.loc["wenzhou-daily-2023-02-01:high-tech-2022-end", "qualifier"] == "at_least"
    # The new latest value flows into the derived change, whose qualifier follows it.
    change = ds.derived.set_index("indicator_id").loc["national_high_tech_enterprises_change"]
    assert (change["value"], change["qualifier"]) == (73.0, "at_least")

"""Inferred periods and the milestones' concerns: in the YAML, validated, carried into frames and exports."""

from __future__ import annotations

from indicators import load_dataset
from indicators.formatting import format_period
from indicators.periods import parse_period
from indicators.problems import Severity
from indicators.tables import TIDY_COLUMNS, export_table, tidy_frame
from tests.conftest import DATA_DIR

INFERRED_SOURCE = """
source:
  id: base-source
  title: {zh: 基础来源, en: Base source}
  publisher: {zh: 发布者, en: Publisher}
  kind: government_media
  url: https://example.org/article
  date_published: 2022-08-23
  date_accessed: 2026-11-28
observations:
  - id: ht-start
    indicator: high_tech
    period: "2019-09-25"
    period_inferred: true
    value: 47
    qualifier: exact
    quote: 从47家
    note: the article gives no date for the start; dated at the founding
  - id: ht-now
    indicator: high_tech
    period: "2022-08-23"
    value: 105
    qualifier: exact
    quote: 增至105家
"""

CHANGE = """
indicators:
  - id: high_tech_change
    name: {zh: 增加数, en: Increase}
    description: {zh: 增加数, en: Increase}
    category: enterprises
    unit: enterprise
    measure: change
    formula: high_tech[latest] - high_tech[first]
  - id: high_tech_latest_share
    name: {zh: 覆盖率推算, en: Share}
    description: {zh: 推算, en: Share}
    category: enterprises
    unit: enterprise
    formula: high_tech[latest] * 1
"""


def test_an_inferred_period_is_written_as_inferred_in_each_language():
    day = parse_period("2019-09-25")
    assert format_period(day, "zh", inferred=True) == "约2019年9月（推定）"
    assert format_period(day, "en", inferred=True) == "c. Sep 2019 (inferred)"
    assert format_period(day, "zh") == "2019年9月25日", "a stated day stays a day"
    span = parse_period("2022-04-01/2022-06-23")
    assert format_period(span, "zh", inferred=True) == "约2022年4月1日—2022年6月23日（推定）"


def test_the_curated_start_figures_without_a_date_are_marked_inferred():
    dataset = load_dataset(DATA_DIR)
    obs = dataset.observations.set_index("obs_id")
    source = "longgang-fabu-2022-08-23"
    assert obs.loc[f"{source}:domains-start", "period_inferred"]
    assert obs.loc[f"{source}:items-start", "period_inferred"]
    assert not obs.loc[f"{source}:domains-now", "period_inferred"]
    assert dataset.observations["period_inferred"].dtype == bool
    derived = dataset.derived.set_index("indicator_id")
    assert derived.loc["enforcement_domains_change", "period_inferred"], "computed from an inferred input"
    assert not derived.loc["national_high_tech_enterprises_change", "period_inferred"]


def test_inferred_flag_travels_to_derived_values_and_exports(make_data_dir):
    data_dir = make_data_dir({"sources/base.yaml": INFERRED_SOURCE, "derived.yaml": CHANGE})
    dataset = load_dataset(data_dir)
    assert dataset.problems == []
    derived = dataset.derived.set_index("indicator_id")
    assert derived.loc["high_tech_change", "period_inferred"], "latest − first uses the inferred start"
    assert not derived.loc["high_tech_latest_share", "period_inferred"], "uses the stated latest value only"
    tidy = tidy_frame(dataset)
    assert TIDY_COLUMNS[-1] == "period_inferred" and list(tidy.columns) == list(TIDY_COLUMNS)
    assert tidy.set_index("obs_id").loc["base-source:ht-start", "period_inferred"]
    labelled = export_table(dataset, ["high_tech"], lang="en")
    labels = dict(zip(labelled["obs_id"], labelled["period_label"], strict=True))
    assert labels["base-source:ht-start"] == "c. Sep 2019 (inferred)"
    assert labels["base-source:ht-now"] == "23 Aug 2022"


def test_an_inferred_period_without_a_note_is_a_warning(make_data_dir):
    data_dir = make_data_dir({"sources/base.yaml": INFERRED_SOURCE.replace("    note: the article", "    # ")})
    dataset = load_dataset(data_dir)
    warnings = [p for p in dataset.problems if p.severity is Severity.WARNING]
    assert any("inferred" in p.message and p.record == "ht-start" for p in warnings)
    assert "base-source:ht-start" in set(dataset.observations["obs_id"]), "a warning keeps the record"


def test_milestones_say_what_they_concern_and_unknown_ids_are_named(make_data_dir):
    data_dir = make_data_dir(
        {
            "events.yaml": """
            events:
              - {id: founded, period: "2019-09-25", name: {zh: 设市, en: Founded}}
              - {id: listed, period: "2020", name: {zh: 上市, en: Listed}, concerns: [enterprises]}
              - {id: counted, period: "2021", name: {zh: 统计, en: Counted}, concerns: [high_tech, coverage]}
              - {id: typo, period: "2021", name: {zh: 错, en: Typo}, concerns: [high_teck]}
              - {id: empty, period: "2021", name: {zh: 空, en: Empty}, concerns: []}
            """
        }
    )
    dataset = load_dataset(data_dir)
    events = dataset.events.set_index("event_id")
    assert events.loc["founded", "concerns"] == "all", "a milestone concerns everything unless it says otherwise"
    assert events.loc["listed", "concerns"] == "enterprises"
    assert events.loc["counted", "concerns"] == "high_tech;coverage"
    assert "typo" not in events.index and "empty" not in events.index
    typo = next(p for p in dataset.problems if p.record == "typo")
    assert typo.severity is Severity.ERROR and "high_teck" in typo.message and "high_tech" in typo.hint
    assert any(p.record == "empty" for p in dataset.problems)


def test_the_curated_milestones_concern_their_own_categories():
    events = load_dataset(DATA_DIR).events.set_index("event_id")
    assert events.loc["city-founded", "concerns"] == "all"
    assert events.loc["state-council-approval", "concerns"] == "all"
    assert events.loc["cadre-evaluation-rollout", "concerns"] == "cadre_evaluation"
    assert events.loc["square-dance-noise-process", "concerns"] == "public_complaints"
    assert events.loc["square-dance-noise-process", "period_inferred"]

"""A second set of sources, as a new curator adds them: conflicts, the rule that decides, and the warnings."""

from __future__ import annotations

import textwrap

import pytest

from indicators import load_dataset
from indicators.preference import PreferenceRule, rule_label
from indicators.problems import Severity
from indicators.tables import export_table

CATALOG = """
units:
  - id: person
    name: {zh: 人, en: people}
    kind: count
    patterns: {zh: "{n}人", en: "{n} people"}
    axis: {zh: 人口（人）, en: People}
    min: 0
  - id: square_km
    name: {zh: 平方公里, en: km²}
    kind: area
    patterns: {zh: "{n}平方公里", en: "{n} km²"}
    axis: {zh: 面积（平方公里）, en: Area (km²)}
    min: 0
  - id: yuan
    name: {zh: 元, en: yuan}
    kind: currency
    patterns: {zh: "{n}元", en: "{n} yuan"}
    axis: {zh: 金额（元）, en: Yuan}
indicators:
  - id: population
    name: {zh: 常住人口, en: Resident population}
    description: {zh: 常住人口, en: Resident population}
    category: enterprises
    unit: person
  - id: land_area
    name: {zh: 陆域面积, en: Land area}
    description: {zh: 陆域面积, en: Land area}
    category: enterprises
    unit: square_km
  - id: gdp
    name: {zh: 地区生产总值, en: GDP}
    description: {zh: 地区生产总值, en: Gross domestic product}
    category: enterprises
    unit: yuan
    measure: flow
"""


def source(source_id: str, kind: str, published: str, observations: str) -> str:
    """A source file with its observations (one flow-style mapping a line)."""
    body = textwrap.indent(textwrap.dedent(observations).strip("\n"), "  ")
    return (
        f"source:\n  id: {source_id}\n  title: {{zh: 标题, en: Title}}\n  publisher: {{zh: 发布者, en: Publisher}}\n"
        f"  kind: {kind}\n  url: null\n  date_published: {published}\n  date_accessed: 2026-11-28\n"
        f"observations:\n{body}\n"
    )


@pytest.fixture
def second_set(make_data_dir):
    """Four pages of other publishers, with deliberate conflicts, loaded with no code change."""
    return make_data_dir(
        {
            "catalog2.yaml": CATALOG,
            "sources/census.yaml": source(
                "census-bulletin",
                "statistical_bulletin",
                "2021-05",
                """
                - {id: pop, indicator: population, period: "2020-11-01", value: 46.5萬, qualifier: exact, quote: 常住人口為465000人}
                """,
            ),
            "sources/encyclopedia.yaml": source(
                "encyclopedia",
                "encyclopedia",
                "2022",
                """
                - {id: pop, indicator: population, period: "2020", value: 47万, qualifier: approximately, quote: 人口约47万}
                - {id: area, indicator: land_area, period: "2022", value: 183.99, qualifier: exact, quote: 陆域面积183.99平方公里}
                """,
            ),
            "sources/book.yaml": source(
                "gazetteer",
                "book",
                "2022",
                """
                - {id: area, indicator: land_area, period: "2022-01-01", value: 184, qualifier: approximately, quote: 面积约184平方公里}
                """,
            ),
            "sources/notice.yaml": source(
                "notice",
                "government_notice",
                "2022-03",
                """
                - {id: gdp, indicator: gdp, period: "2021", value: 3.35億, qualifier: exact, quote: 地區生產總值3.35億元}
                """,
            ),
        }
    )


def test_a_conflict_across_period_precisions_is_warned_about_and_decided(second_set):
    ds = load_dataset(second_set)
    assert ds.errors == []
    population = ds.observations.query("indicator_id == 'population'").set_index("source_id")
    # Both values are kept ...
    assert population["value"].to_dict() == {"census-bulletin": 465_000.0, "encyclopedia": 470_000.0}
    assert population["period"].to_dict() == {"census-bulletin": "2020-11-01", "encyclopedia": "2020"}
    # ... one is shown, and each says which rule decided its place.
    assert population["preferred"].to_dict() == {"census-bulletin": True, "encyclopedia": False}
    assert population["conflict"].all() and (population["alternatives"] == 1).all()
    assert set(population["preferred_by"]) == {PreferenceRule.SOURCE_KIND}
    # ... and the curator is told.
    (warning,) = [p for p in ds.warnings if p.record == "pop"]
    assert warning.file == "sources/encyclopedia.yaml"
    assert "possible conflict: population is 470000 for 2020 in encyclopedia" in warning.message
    assert "465000 for 2020-11-01 in census-bulletin" in warning.message
    assert "rule source_kind" in warning.message


def test_the_rule_is_in_the_export(second_set):
    tidy = export_table(load_dataset(second_set), ["population"], lang="en").set_index("source_id")
    assert tidy["preferred_by"].to_dict() == {"census-bulletin": "source_kind", "encyclopedia": "source_kind"}
    assert rule_label("source_kind", "zh") == "来源类型更权威"


def test_levels_only_are_grouped_across_precisions(make_data_dir):
    """A year's total and a month's total are different quantities: never grouped, never warned about."""
    data_dir = make_data_dir(
        {
            "catalog2.yaml": CATALOG,
            "sources/a.yaml": source(
                "a-source",
                "press",
                "2022-02",
                '- {id: g, indicator: gdp, period: "2021", value: 3亿, qualifier: exact, quote: x}',
            ),
            "sources/b.yaml": source(
                "b-source",
                "press",
                "2022-02",
                '- {id: g, indicator: gdp, period: "2021-12", value: 3000万, qualifier: exact, quote: y}',
            ),
        }
    )
    ds = load_dataset(data_dir)
    assert ds.problems == []
    assert ds.observations.query("indicator_id == 'gdp'")["preferred"].all()
    assert ds.observations["preferred_by"].isna().all()


def test_area_is_a_physical_measure_with_its_decimals(second_set):
    ds = load_dataset(second_set)
    area = export_table(ds, ["land_area"], lang="zh").set_index("source_id")
    # 183.99 km² keeps its decimals though the indicator leaves `decimals` at 0.
    assert area.loc["encyclopedia", "value_display"] == "183.99平方公里"
    assert area.loc["gazetteer", "value_display"] == "约184平方公里"
    # An encyclopedia and a book: the kind decides, the book ranks above.
    assert area.loc["gazetteer", "preferred"] and area.loc["gazetteer", "preferred_by"] == "source_kind"


def test_traditional_magnitude_words_and_new_source_kinds_load(second_set):
    ds = load_dataset(second_set)
    values = ds.observations.set_index("obs_id")["value"]
    assert values["census-bulletin:pop"] == 465_000.0
    assert values["notice:gdp"] == 335_000_000.0
    assert set(ds.sources["kind"]) >= {"encyclopedia", "book", "government_notice", "statistical_bulletin"}


@pytest.mark.parametrize(
    ("first", "second", "rule", "winner"),
    [
        # Known to the day, the later publication wins.
        ("2022-08-01", "2022-08-15", PreferenceRule.DATE_PUBLISHED, "b-source"),
        # A month against a day within it: the order is unknown, the date does not decide.
        ("2022-08", "2022-08-15", PreferenceRule.QUALIFIER, "a-source"),
        # A year against a day of the next year: the day is later for certain.
        ("2021", "2022-01-05", PreferenceRule.DATE_PUBLISHED, "b-source"),
        # A month against an earlier month.
        ("2022-09", "2022-08-31", PreferenceRule.DATE_PUBLISHED, "a-source"),
    ],
)
def test_dates_known_to_the_month_or_year_never_decide_by_an_invented_day(make_data_dir, first, second, rule, winner):
    data_dir = make_data_dir(
        {
            "sources/a.yaml": source(
                "a-source",
                "press",
                first,
                '- {id: h, indicator: coverage, period: "2019", value: 50, qualifier: exact, quote: x}',
            ),
            "sources/b.yaml": source(
                "b-source",
                "press",
                second,
                '- {id: h, indicator: coverage, period: "2019", value: 48, qualifier: approximately, quote: y}',
            ),
        }
    )
    ds = load_dataset(data_dir)
    assert ds.errors == []
    rows = ds.observations.query("indicator_id == 'coverage'")
    assert rows.loc[rows["preferred"], "source_id"].tolist() == [winner]
    assert set(rows["preferred_by"]) == {rule}


def test_a_period_may_end_within_a_publication_month(make_data_dir):
    """Published "2022-08": a figure for 2022-08-20 may be in it; one for September may not."""
    data_dir = make_data_dir(
        {
            "sources/a.yaml": source(
                "a-source",
                "press",
                "2022-08",
                """
                - {id: ok, indicator: high_tech, period: "2022-08-20", value: 50, qualifier: exact, quote: x}
                - {id: late, indicator: high_tech, period: "2022-09", value: 51, qualifier: exact, quote: y}
                """,
            )
        }
    )
    ds = load_dataset(data_dir)
    assert [(p.record, p.severity) for p in ds.problems] == [("late", Severity.ERROR)]
    assert "after source a-source was published on 2022-08" in ds.problems[0].message


def test_a_comma_in_a_flow_style_text_gets_a_hint_that_says_so(make_data_dir):
    data_dir = make_data_dir(
        {
            "sources/a.yaml": source("a-source", "press", "2022", "[]").replace(
                "{zh: 标题, en: Title}", "{zh: 浙江龙港, 领改革之先, en: T}"
            )
        }
    )
    (error, *_) = load_dataset(data_dir).errors
    assert error.message == "title has stray key '领改革之先'"
    assert error.hint.startswith("a comma inside {zh: ..., en: ...} ends the text there")


def test_numbers_typed_into_a_processing_text_are_warned_about(make_data_dir):
    derived = """
indicators:
  - id: high_tech_share
    name: {zh: 占比, en: Share}
    description: {zh: 占比, en: Share}
    category: enterprises
    unit: percent
    formula: high_tech[latest] / high_tech[first] * 100
    processing:
      zh: 最新一期 ÷ 最早一期 × 100%，即105 ÷ 47 ≈ 223%。
      en: Latest / earliest x 100%.
"""
    (warning,) = load_dataset(make_data_dir({"derived.yaml": derived})).warnings
    assert warning.record == "high_tech_share"
    assert "processing holds number(s) typed by hand (105, 47, 223)" in warning.message


def test_the_table_and_the_hover_say_which_rule_chose(second_set):
    """Tests outside the data core import layouts, like the app; the rule reads the same in both."""
    import json

    from indicators.formatting import NumberStyle
    from layouts.chart_view import view_figure
    from layouts.components.table import build_table
    from layouts.view_state import Tab, ViewState

    ds = load_dataset(second_set)
    state = ViewState(lang="en", tab=Tab.TABLE, indicators=("population",))
    table = json.dumps(build_table(ds, state, NumberStyle.MYRIAD), default=lambda c: c.to_plotly_json())
    assert "(shown; decided by: more authoritative kind of source)" in table
    assert "(not shown; decided by: more authoritative kind of source)" in table
    figure = view_figure(ds, state.with_(tab=Tab.CHART), as_dict=True).figure
    # One value is drawn as a figure card (its hover on the card's texts), a series as points.
    hovers = [h for trace in figure["data"] for h in (trace.get("hovertext") or [])]
    hovers += [note["hovertext"] for note in figure["layout"].get("annotations", []) if note.get("hovertext")]
    assert any("1 other source; shown by: more authoritative kind of source" in h for h in hovers)

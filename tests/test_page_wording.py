"""One vocabulary and one order: the words and the order every part of the page uses (issue 11, page half)."""

from __future__ import annotations

import pytest

from indicators import load_dataset
from indicators.formatting import PERCENT_CHANGE_UNIT, format_change, format_quantity, worded_qualifier
from indicators.formula_words import formula_in_words
from indicators.formulas import FormulaError
from indicators.locales import text_column
from indicators.qualifiers import Qualifier
from indicators.selections import curated_order, in_curated_order
from indicators.tables import export_table, indicators_table
from layouts.chart_sizes import WALL_TEXT_SCALE, ChartSize, chart_size, scaled_text
from layouts.components import indicator_options, page_meta
from layouts.i18n import dropdown_labels, tn
from layouts.kpi import kpi_lines
from layouts.view_state import Tab, ViewState
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def test_the_curated_order_is_by_category_then_as_listed_in_the_yaml(dataset):
    frame = dataset.indicators
    ordered = in_curated_order(dataset)
    assert ordered[0] == "above_scale_enterprises"  # category 1 (enterprises), first listed
    keys = [(frame.loc[i, "category_order"], frame.loc[i, "file"], frame.loc[i, "line"]) for i in ordered]
    assert keys == sorted(keys)
    assert curated_order(dataset) == {i: n for n, i in enumerate(ordered)}
    assert in_curated_order(dataset, ["square_dance_noise_complaints", "unknown", "enforcement_items"]) == [
        "enforcement_items",
        "square_dance_noise_complaints",
    ]


def test_every_list_shows_the_curated_order(dataset):
    ordered = in_curated_order(dataset)
    assert [o["value"] for o in indicator_options(dataset, "zh")] == ordered
    assert list(indicators_table(dataset)["indicator_id"]) == ordered
    tidy = export_table(dataset, lang=None)
    assert list(dict.fromkeys(tidy["indicator_id"])) == [i for i in ordered if i in set(tidy["indicator_id"])]


def test_the_picker_says_a_unit_once(dataset):
    labels = {o["value"]: o["label"] for o in indicator_options(dataset, "zh")}
    assert labels["national_high_tech_enterprises_growth"] == "企业梯队 · 国家高新技术企业增长率"
    assert labels["national_high_tech_enterprises"] == "企业梯队 · 国家高新技术企业（家）"
    english = {o["value"]: o["label"] for o in indicator_options(dataset, "en")}
    assert "(items)" not in english["tax_positive_list_items"]


@pytest.mark.parametrize(
    ("value", "qualifier", "per_month", "zh", "en"),
    [
        (58, "exact", False, "增加58件", "up 58 complaints"),
        (-70, "at_most", False, "减少70件以上", "down at least 70 complaints"),
        (-70, "at_least", True, "每月减少不到70件", "down at most 70 complaints a month"),
        (12, "approximately", False, "增加约12件", "up about 12 complaints"),
        (0, "exact", False, "持平", "no change"),
    ],
)
def test_a_change_is_said_in_words(dataset, value, qualifier, per_month, zh, en):
    unit = dataset.units["complaint"]
    assert format_change(value, unit, "zh", qualifier=qualifier, per_month=per_month) == zh
    assert format_change(value, unit, "en", qualifier=qualifier, per_month=per_month) == en


def test_a_computed_change_reads_as_a_change_and_its_label_follows_the_words(dataset):
    unit = dataset.units["complaint"]
    assert format_quantity(-70, unit, "zh", qualifier="at_most", measure="change") == "减少70件以上"
    assert format_quantity(-70, unit, "zh", qualifier="at_most", measure="change", marks=True) == "≤−70件"
    assert worded_qualifier(-70, "at_most", "change", unit) is Qualifier.AT_LEAST
    assert worded_qualifier(-70, "at_most", "stock", unit) is Qualifier.AT_MOST
    assert format_change(123.4, PERCENT_CHANGE_UNIT, "zh", decimals=1) == "增长123.4%"


def test_kpi_lines_say_changes_in_words_and_keep_per_month(dataset):
    lines = kpi_lines(dataset, "square_dance_noise_complaints", "zh")
    assert lines.change == "变化：▼ 每月减少70件以上（下降100.0%）"
    assert lines.compare == "对比：至少70件/月（2022年第1季度）"
    assert lines.direction == "good"  # fewer complaints: higher_is_better is false
    english = kpi_lines(dataset, "national_high_tech_enterprises", "en")
    assert english.compare == "Compared with: 47 enterprises (2019)"
    assert english.change == "Change: ▲ up 58 enterprises (up 123.4%)"


def test_formulas_are_written_in_words_from_the_parsed_tree(dataset):
    def name(lang):
        return lambda i: dataset.indicators.loc[i, text_column("name", lang)]

    growth = dataset.indicators.loc["national_high_tech_enterprises_growth", "formula"]
    assert formula_in_words(growth, name("zh"), "zh") == "= (最新值 ÷ 首个值 − 1) × 100（国家高新技术企业）"
    assert formula_in_words("a - (b - c)", str.upper, "en") == "= A − (B − C)"
    assert formula_in_words("a - b - c", str.upper, "en") == "= A − B − C"
    assert formula_in_words('a["2022"] / b', str.upper, "zh") == "= A（2022年） ÷ B"
    with pytest.raises(FormulaError):
        formula_in_words("__import__('os')", str.upper, "zh")


def test_english_plurals_and_the_dropdowns_own_words():
    assert tn("conflict-note", "en", 1).startswith("1 other source gives")
    assert tn("conflict-note", "en", 2).startswith("2 other sources give")
    assert tn("conflict-note", "zh", 1).startswith("另有1个来源")
    labels = dropdown_labels("zh")
    assert labels["selected_count"] == "已选{num_selected}项"
    assert set(labels) == {
        "select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection", "no_options_found"
    }  # fmt: skip


def test_the_title_and_description_follow_the_view(dataset):
    meta = page_meta(dataset, ViewState(tab=Tab.CHART, indicators=("national_high_tech_enterprises",)))
    assert meta.title == "国家高新技术企业 · 指标图表 · 龙港改革成效指标"
    assert meta.description == "国家高新技术企业：105家（最新：2022年8月23日）"
    assert meta.tag == "zh-CN"
    many = page_meta(
        dataset,
        ViewState(tab=Tab.TABLE, lang="en", indicators=("enforcement_items", "enforcement_domains", "health_cases")),
    )
    assert many.title.startswith("Items of comprehensive administrative enforcement, ")
    assert " and 1 more · Data table · Longgang reform indicators" in many.title
    assert page_meta(dataset, ViewState()).title == "概览 · 龙港改革成效指标"


def test_a_meeting_room_gets_a_taller_chart_with_larger_text():
    assert chart_size(None) == ChartSize() == chart_size({"width": 390, "height": 844})
    assert chart_size({"width": "1920", "height": 1080}) == ChartSize()  # what the browser sends is not trusted
    wall = chart_size({"width": 1920, "height": 1080})
    assert wall.text_scale == WALL_TEXT_SCALE and wall.height > ChartSize().height
    figure = {
        "data": [{"type": "scatter", "textfont": {"size": 12}}],
        "layout": {
            "title": {"text": "x", "font": {"size": 18}},
            "margin": {"t": 100, "l": 60},
            "annotations": [{"text": "y", "font": {"size": 11}, "yshift": 10}],
            "height": 600,
        },
    }
    big = scaled_text(figure, 1.5)
    assert big["layout"]["title"]["font"]["size"] == 27
    assert big["layout"]["annotations"][0] == {"text": "y", "font": {"size": 16.5}, "yshift": 15}
    assert big["layout"]["margin"] == {"t": 150, "l": 90} and big["layout"]["height"] == 900  # zoomed whole
    assert big["layout"]["font"]["size"] == 18  # plotly's default 12 px, scaled
    assert big["data"][0]["textfont"]["size"] == 18
    assert figure["layout"]["title"]["font"]["size"] == 18  # the figure given is left as it was
    assert scaled_text(figure, 1) is figure

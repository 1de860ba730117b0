from datetime import date

import pytest

from indicators import locales
from indicators.formatting import (
    PERCENT_CHANGE_UNIT,
    TIMES_UNIT,
    NumberStyle,
    format_change,
    format_date,
    format_number,
    format_period,
    format_published,
    format_quantity,
    format_value_only,
    physical_decimals,
    ratio_decimals,
    unit_kind_is_count,
    unit_pattern,
    worded_qualifier,
)
from indicators.periods import Precision, parse_period
from indicators.qualifiers import Qualifier
from indicators.schema import Unit


def unit(kind="count", zh="{n}起", en="{n} cases", en_one=None) -> Unit:
    return Unit(
        id="u",
        name={"zh": "x", "en": "x"},
        kind=kind,
        patterns={"zh": zh, "en": en, "en_one": en_one},
        axis={"zh": "x", "en": "x"},
    )


YUAN = unit("currency", "{n}元", "{n} yuan")
CASE = unit(en_one="{n} case")
PERCENT = unit("percent", "{n}%", "{n}%")


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (130_000_000, "1.3亿", "130 million"),
        (41_130_000, "4113万", "41.13 million"),
        (100_000, "10万", "100,000"),
        (480_000, "48万", "480,000"),
        (7500, "7500", "7,500"),
        (0, "0", "0"),
        (-70, "−70", "−70"),
        (1.2e12, "1.2万亿", "1.2 trillion"),
    ],
)
def test_numbers_in_each_language(value, zh, en):
    assert format_number(value, "zh") == zh
    assert format_number(value, "en") == en


def test_western_style_in_chinese():
    assert format_number(41_130_000, "zh", style=NumberStyle.WESTERN) == "41,130,000"


def test_decimals():
    assert format_number(31.638, "zh", decimals=1) == "31.6"
    assert format_number(483_882.35, "zh") == "48.3882万"  # every digit the full number shows


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((130_000_000, YUAN, "zh"), "1.3亿元"),
        ((41_130_000, YUAN, "en"), "41.13 million yuan"),
        ((100_000, CASE, "zh", "at_least"), "至少10万起"),
        ((1000, CASE, "en", "at_least"), "at least 1,000 cases"),
        ((200, CASE, "zh", "approximately"), "约200起"),
        ((200, CASE, "en", "approximately"), "about 200 cases"),
        ((5, CASE, "en", "at_most"), "at most 5 cases"),
        ((1, CASE, "en"), "1 case"),
        ((78, PERCENT, "zh"), "78%"),
    ],
)
def test_quantities_with_words(args, expected):
    value, u, lang, *qualifier = args
    assert format_quantity(value, u, lang, qualifier=qualifier[0] if qualifier else "exact") == expected


def test_quantities_with_marks_and_measures():
    assert format_quantity(1000, CASE, "zh", qualifier="at_least", marks=True) == "≥1000起"
    assert format_quantity(200, CASE, "zh", qualifier="approximately", marks=True) == "约200起"
    assert format_quantity(200, CASE, "en", qualifier="approximately", marks=True) == "≈200 cases"
    assert format_quantity(70, CASE, "zh", qualifier="at_least", measure="mean_per_month") == "至少70起/月"
    assert format_quantity(70, CASE, "en", measure="mean_per_month") == "70 cases a month"
    assert format_quantity(58, CASE, "zh", signed=True) == "+58起"
    assert format_quantity(0, CASE, "zh", signed=True) == "0起"


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [
        ("2022-08-23", "2022年8月23日", "23 Aug 2022"),
        ("2019-08", "2019年8月", "Aug 2019"),
        ("2022-Q1", "2022年第1季度", "Q1 2022"),
        ("2019", "2019年", "2019"),
        ("2022-01/2022-06", "2022年1月—6月", "Jan–Jun 2022"),
        ("2021-11/2022-02", "2021年11月—2022年2月", "Nov 2021 – Feb 2022"),
        ("2019-09-25/2022-08-23", "2019年9月25日—2022年8月23日", "25 Sep 2019 – 23 Aug 2022"),
    ],
)
def test_periods(period, zh, en):
    assert format_period(parse_period(period), "zh") == zh
    assert format_period(parse_period(period), "en") == en


def test_dates_at_precisions():
    assert format_date(date(2022, 5, 1), "en", Precision.QUARTER) == "Q2 2022"


# --- edges: thresholds, signs, month names, quarters, intervals --------------------------------------


@pytest.mark.parametrize(
    ("value", "kwargs", "zh", "en"),
    [
        (9999, {}, "9999", "9,999"),
        (9999.6, {}, "1万", "10,000"),  # the word follows the number as shown
        (10_000, {}, "1万", "10,000"),
        (12_345, {}, "1.2345万", "12,345"),
        (999_999, {}, "99.9999万", "999,999"),
        (1_000_000, {}, "100万", "1 million"),  # the English threshold is exactly a million
        (999_999.6, {"decimals": 1}, "99.99996万", "999,999.6"),
        (250_000_000, {}, "2.5亿", "250 million"),
        (1_000_000_000, {}, "10亿", "1 billion"),
        (123_456_789_012, {}, "1234.56789012亿", "123.456789012 billion"),
        (10**12, {}, "1万亿", "1 trillion"),
        (1_234_500_000_000_000, {}, "1234.5万亿", "1,234.5 trillion"),  # only English groups the short form
        (9999, {"decimals": 1}, "9999.0", "9,999.0"),
        (-0.4, {}, "0", "0"),  # rounds to nothing: no minus sign
        (-0.04, {"decimals": 1}, "0.0", "0.0"),
        (-0.06, {"decimals": 1}, "−0.1", "−0.1"),
        (-41_130_000, {}, "−4113万", "−41.13 million"),
    ],
)
def test_number_thresholds_and_signs(value, kwargs, zh, en):
    assert format_number(value, "zh", **kwargs) == zh
    assert format_number(value, "en", **kwargs) == en


def test_western_style_in_chinese_below_ten_thousand_and_with_decimals():
    assert format_number(9999, "zh", style=NumberStyle.WESTERN) == "9,999"
    assert format_number(12_345.67, "zh", decimals=1, style=NumberStyle.WESTERN) == "12,345.7"
    assert format_number(12_345.67, "zh", decimals=1) == "1.23457万"


def test_number_styles_are_the_words_of_the_settings():
    assert NumberStyle("myriad") is NumberStyle.MYRIAD
    assert NumberStyle("western") is NumberStyle.WESTERN


#: English short names of the months, in order.
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTHS_EN, start=1)))
def test_every_month_name(month, name):
    day = date(2022, month, 9)
    assert format_date(day, "en") == f"9 {name} 2022"
    assert format_date(day, "en", Precision.MONTH) == f"{name} 2022"
    assert format_date(day, "zh") == f"2022年{month}月9日"
    assert format_date(day, "zh", Precision.MONTH) == f"2022年{month}月"


@pytest.mark.parametrize(
    ("month", "quarter"), [(1, 1), (2, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)]
)
def test_quarter_of_a_date(month, quarter):
    day = date(2022, month, 15)
    assert format_date(day, "en", Precision.QUARTER) == f"Q{quarter} 2022"
    assert format_date(day, "zh", Precision.QUARTER) == f"2022年第{quarter}季度"


def test_year_precision():
    assert format_date(date(2022, 8, 23), "zh", Precision.YEAR) == "2022年"
    assert format_date(date(2022, 8, 23), "en", Precision.YEAR) == "2022"


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [
        ("2022-01/2022-12", "2022年", "2022"),
        ("2022-08-23/2022-08-23", "2022年8月23日", "23 Aug 2022"),
        ("2022-04/2022-06", "2022年第2季度", "Q2 2022"),
        ("2022-03-15/2022-03-31", "2022年3月15日—2022年3月31日", "15 Mar 2022 – 31 Mar 2022"),
        ("2022-03-01/2022-03-30", "2022年3月1日—2022年3月30日", "1 Mar 2022 – 30 Mar 2022"),
        ("2022-02/2022-05", "2022年2月—5月", "Feb–May 2022"),
        ("2024-01-01/2024-02-29", "2024年1月—2月", "Jan–Feb 2024"),  # 29 February ends a leap month
        ("2022-01-01/2022-02-28", "2022年1月—2月", "Jan–Feb 2022"),
        ("2024-01-01/2024-02-28", "2024年1月1日—2024年2月28日", "1 Jan 2024 – 28 Feb 2024"),
        ("2021-12-01/2023-01-31", "2021年12月—2023年1月", "Dec 2021 – Jan 2023"),
    ],
)
def test_interval_edges(period, zh, en):
    assert format_period(parse_period(period), "zh") == zh
    assert format_period(parse_period(period), "en") == en


@pytest.mark.parametrize(
    ("kwargs", "zh", "en"),
    [
        ({"value": 1, "signed": True}, "+1起", "+1 case"),
        ({"value": -1}, "−1起", "−1 case"),
        ({"value": -5, "signed": True}, "−5起", "−5 cases"),
        ({"value": 0.4, "signed": True}, "0起", "0 cases"),  # shown as 0: no plus
        ({"value": 0.4, "signed": True, "decimals": 1}, "+0.4起", "+0.4 cases"),
        ({"value": 2}, "2起", "2 cases"),
        ({"value": 1, "qualifier": "at_most", "marks": True}, "≤1起", "≤1 case"),
        ({"value": 1, "qualifier": "exact", "marks": True}, "1起", "1 case"),
        ({"value": 70, "measure": "stock"}, "70起", "70 cases"),
        (
            {"value": 70, "measure": "mean_per_month", "qualifier": "approximately"},
            "约70起/月",
            "about 70 cases a month",
        ),
        ({"value": 12_345, "style": NumberStyle.WESTERN}, "12,345起", "12,345 cases"),
    ],
)
def test_quantity_edges(kwargs, zh, en):
    assert format_quantity(unit=CASE, lang="zh", **kwargs) == zh
    assert format_quantity(unit=CASE, lang="en", **kwargs) == en


def test_value_only_keeps_decimals_and_style_and_drops_the_qualifier():
    assert format_value_only(41_130_000, YUAN, "zh", style=NumberStyle.WESTERN) == "41,130,000元"
    assert format_value_only(31.638, PERCENT, "en", decimals=1) == "31.6%"
    assert format_value_only(41_130_000, YUAN, "zh") == "4113万元"


def test_display_units_of_multiples_and_changes():
    assert format_quantity(2, TIMES_UNIT, "zh") == "2倍"
    assert format_quantity(2.5, TIMES_UNIT, "en", decimals=1) == "2.5×"
    assert format_quantity(12.34, PERCENT_CHANGE_UNIT, "zh", decimals=1, signed=True) == "+12.3%"
    assert format_quantity(-12.34, PERCENT_CHANGE_UNIT, "en", decimals=1, signed=True) == "−12.3%"
    assert (TIMES_UNIT.id, TIMES_UNIT.kind, PERCENT_CHANGE_UNIT.id, PERCENT_CHANGE_UNIT.kind) == (
        "times",
        "ratio",
        "percent_change",
        "percent",
    )
    assert (TIMES_UNIT.name.zh, TIMES_UNIT.name.en, TIMES_UNIT.axis.zh, TIMES_UNIT.axis.en) == (
        "倍",
        "times",
        "倍数",
        "Multiple",
    )
    assert (PERCENT_CHANGE_UNIT.name.zh, PERCENT_CHANGE_UNIT.name.en) == ("%", "%")
    assert (PERCENT_CHANGE_UNIT.axis.zh, PERCENT_CHANGE_UNIT.axis.en) == ("%", "%")


@pytest.mark.parametrize(("value", "decimals"), [(2.0, 0), (3, 0), (3.4, 1), (0.5, 1)])
def test_ratio_decimals(value, decimals):
    assert ratio_decimals(value) == decimals


@pytest.mark.parametrize(
    ("kind", "whole"), [("count", True), ("rank", True), ("currency", False), ("percent", False), ("ratio", False)]
)
def test_only_counts_and_ranks_get_whole_number_axes(kind, whole):
    assert unit_kind_is_count(unit(kind)) is whole


def test_unit_pattern_is_the_plural_unless_asked_for_one():
    assert unit_pattern(CASE, "en") == "{n} cases"
    assert unit_pattern(CASE, "en", one=True) == "{n} case"
    assert unit_pattern(CASE, "zh", one=True) == "{n}起"


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [(183.99, 0, 2), (41.5, 0, 1), (12.0, 1, 1), (7.0, 0, 0), (1.23456, 0, 3), (0.0004, 0, 3)],
)
def test_physical_measures_show_the_decimals_they_hold_up_to_three(value, decimals, shown):
    assert physical_decimals(value, decimals) == shown


def test_a_physical_quantity_is_never_rounder_than_published():
    area = unit("area", "{n}平方公里", "{n} km²")
    assert format_quantity(183.99, area, "zh") == "183.99平方公里"
    assert format_quantity(183.99, CASE, "zh") == "184起"  # a count keeps its indicator's decimals


def test_publication_dates_at_their_precision():
    assert format_published("2022-08", "zh") == "2022年8月"
    assert format_published("2022", "en") == "2022"
    assert format_published(parse_period("2022-08-23"), "en") == "23 Aug 2022"


@pytest.mark.parametrize(
    ("qualifier", "zh", "en"),
    [
        ("exact", "2022年6月24日—2022年8月23日", "24 Jun 2022 – 23 Aug 2022"),
        ("approximately", "约2022年6月24日—2022年8月23日", "about 24 Jun 2022 – 23 Aug 2022"),
        ("at_least", "至少2022年6月24日—2022年8月23日", "at least 24 Jun 2022 – 23 Aug 2022"),
    ],
)
def test_a_hedged_period_gets_its_words(qualifier, zh, en):
    period = parse_period("P2M/2022-08-23")
    assert format_period(period, "zh", qualifier=qualifier) == zh
    assert format_period(period, "en", qualifier=qualifier) == en


# --- changes said in words, and inferred periods (tables pinned entry by entry) ----------------------

RATIO = unit("ratio", "{n}倍", "{n} times")

#: Every entry of the table of change words, as a reader sees it: a changed word fails by name.
CHANGE_WORDS = {
    "zh": {
        "up": "增加{q}", "down": "减少{q}", "up-percent": "增长{q}", "down-percent": "下降{q}", "none": "持平",
        Qualifier.AT_LEAST: "{q}以上", Qualifier.AT_MOST: "不到{q}", Qualifier.APPROXIMATELY: "约{q}",
        "per-month": "每月{q}",
    },
    "en": {
        "up": "up {q}", "down": "down {q}", "up-percent": "up {q}", "down-percent": "down {q}", "none": "no change",
        Qualifier.AT_LEAST: "at least {q}", Qualifier.AT_MOST: "at most {q}", Qualifier.APPROXIMATELY: "about {q}",
        "per-month": "{q} a month",
    },
}  # fmt: skip
INFERRED = {"zh": "约{period}（推定）", "en": "c. {period} (inferred)"}


def test_the_change_words_and_the_inferred_mark_are_these_and_translatable_by_name():
    tables = {name: (table, by) for name, table, by in locales.translatable_tables()}
    change, by = tables["change words"]
    assert by == "language"
    for lang, expected in CHANGE_WORDS.items():
        assert {key: change[lang][key] for key in expected} == expected, lang
        assert set(change[lang]) == set(expected), lang
    inferred, by = tables["inferred period"]
    assert by == "language" and {lang: inferred[lang] for lang in INFERRED} == INFERRED


@pytest.mark.parametrize(
    ("value", "kwargs", "zh", "en"),
    [
        (0, {}, "持平", "no change"),
        (58, {}, "增加58起", "up 58 cases"),
        (-58, {}, "减少58起", "down 58 cases"),
        # A bound on the signed number: as a fall its side flips ("−70 or less" is a fall of 70 or more).
        (-70, {"qualifier": "at_most"}, "减少70起以上", "down at least 70 cases"),
        (-70, {"qualifier": "at_least"}, "减少不到70起", "down at most 70 cases"),
        (1, {"qualifier": "at_least"}, "增加1起以上", "up at least 1 case"),
        (3, {"qualifier": "at_most"}, "增加不到3起", "up at most 3 cases"),
        (-3, {"qualifier": "approximately"}, "减少约3起", "down about 3 cases"),
        # Zero is "no change" only when it is exact; a bounded zero still says its bound.
        (0, {"qualifier": "at_least"}, "增加0起以上", "up at least 0 cases"),
        (-70, {"qualifier": "at_most", "per_month": True}, "每月减少70起以上", "down at least 70 cases a month"),
        (5, {"per_month": False}, "增加5起", "up 5 cases"),
    ],
)
def test_a_change_is_said_as_a_rise_or_a_fall_with_its_bound(value, kwargs, zh, en):
    assert format_change(value, CASE, "zh", **kwargs) == zh
    assert format_change(value, CASE, "en", **kwargs) == en


def test_a_change_of_a_percentage_rises_or_falls():
    assert format_change(12.5, PERCENT, "zh", decimals=1) == "增长12.5%"
    assert format_change(-12.5, PERCENT, "zh", decimals=1) == "下降12.5%"
    assert format_change(-12.5, PERCENT, "en", decimals=1, qualifier="at_most") == "down at least 12.5%"


def test_a_quantity_measured_as_a_change_is_worded_unless_marks_or_a_ratio_are_asked_for():
    assert format_quantity(-70, CASE, "zh", qualifier="at_most", measure="change") == "减少70起以上"
    assert format_quantity(-70, CASE, "zh", qualifier="at_most", measure="change", marks=True) == "≤−70起"
    assert format_quantity(-2, RATIO, "zh", qualifier="at_most", measure="change") == "至多−2倍"
    assert format_quantity(-70, CASE, "zh", qualifier="at_most", measure="stock") == "至多−70起"


@pytest.mark.parametrize(
    ("value", "qualifier", "measure", "kind", "expected"),
    [
        (-70, "at_most", "change", "count", Qualifier.AT_LEAST),  # "down 70 or more"
        (-70, "at_least", "change", "count", Qualifier.AT_MOST),
        (-3, "approximately", "change", "count", Qualifier.APPROXIMATELY),
        (70, "at_most", "change", "count", Qualifier.AT_MOST),  # a rise keeps its side
        (0, "at_most", "change", "count", Qualifier.AT_MOST),
        (-70, "at_most", "stock", "count", Qualifier.AT_MOST),  # not a change: its own
        (-70, "at_most", None, "count", Qualifier.AT_MOST),
        (-2, "at_most", "change", "ratio", Qualifier.AT_MOST),  # a ratio is not worded as a change
    ],
)
def test_the_label_of_a_value_follows_its_words(value, qualifier, measure, kind, expected):
    assert worded_qualifier(value, qualifier, measure, unit(kind)) is expected


def test_an_inferred_period_is_marked_and_an_inferred_day_shown_as_its_month():
    day, months = parse_period("2019-09-25"), parse_period("2019-09/2019-12")
    assert format_period(day, "zh", inferred=True) == "约2019年9月（推定）"
    assert format_period(day, "en", inferred=True) == "c. Sep 2019 (inferred)"
    assert format_period(months, "zh", inferred=True) == "约2019年9月—12月（推定）"
    assert format_period(months, "en", inferred=True) == "c. Sep–Dec 2019 (inferred)"
    # Its own "c." says how sure it is: no second hedge word; a firm period has neither.
    assert format_period(months, "en", qualifier="approximately", inferred=True) == "c. Sep–Dec 2019 (inferred)"
    assert format_period(day, "en") == "25 Sep 2019"

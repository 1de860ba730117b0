from datetime import date

import pytest

from indicators.formatting import NumberStyle, format_date, format_number, format_period, format_quantity
from indicators.periods import Precision, parse_period
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

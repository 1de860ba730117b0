"""Properties of values: 万/亿 in and out, and numbers, quantities and periods written in zh and en."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from indicators.formatting import NumberStyle, format_number, format_period, format_quantity
from indicators.locales import BUILT_IN
from indicators.magnitudes import ValueFormatError, parse_value
from indicators.periods import parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Unit
from tests.strategies import MULTIPLIERS, calendar_periods, month_durations, qualifiers, written_values

finite = st.floats(allow_nan=False, allow_infinity=False)
#: Values as they occur in the data: counts, yuan up to 万亿, percentages, with a few decimals.
realistic = st.one_of(
    st.integers(-(10**15), 10**15).map(float),
    st.decimals(-(10**15), 10**15, places=4, allow_nan=False, allow_infinity=False).map(float),
    finite.filter(lambda v: abs(v) < 1e16),
)
decimals = st.integers(0, 6)
styles = st.sampled_from(list(NumberStyle))
UNIT = Unit(
    id="case",
    name={"zh": "起", "en": "cases"},
    kind="count",
    patterns={"zh": "{n}起", "en": "{n} cases", "en_one": "{n} case"},
    axis={"zh": "起", "en": "cases"},
)

# --- reading the strings back ---------------------------------------------------------------------

_EN_WORDS = {"": 1, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ZH = re.compile(r"−?(\d+)(?:\.(\d+))?(万亿|亿|万)?")
_ZH_WESTERN = re.compile(r"−?(\d{1,3}(?:,\d{3})*)(?:\.(\d+))?")
_EN = re.compile(r"−?(\d{1,3}(?:,\d{3})*)(?:\.(\d+))?(?: (million|billion|trillion))?")

BUILT_IN_LANGUAGES = [locale.code for locale in BUILT_IN]


def read_back(text: str, lang: str, style: NumberStyle = NumberStyle.MYRIAD) -> tuple[Decimal, int]:
    """The exact number a formatted string states, and its last digit's place (10**place)."""
    pattern = _EN if lang == "en" else _ZH if style is NumberStyle.MYRIAD else _ZH_WESTERN
    m = pattern.fullmatch(text)
    assert m, f"{text!r} is not a {lang} number"
    whole, frac, word = m.group(1), m.group(2) or "", (m.group(3) if m.lastindex == 3 else None) or ""
    scale = (_EN_WORDS if lang == "en" else MULTIPLIERS)[word]
    number = Decimal(whole.replace(",", "") + (f".{frac}" if frac else "")) * scale
    place = round(math.log10(scale)) - len(frac)
    return (-number if text.startswith("−") else number), place


def within_rounding(stated: Decimal, value: float, place: int) -> bool:
    """Half a unit of the last digit shown, plus the float error of scaling by 万/亿 (huge values)."""
    return abs(stated - Decimal(value)) <= Decimal(10) ** place / 2 + abs(Decimal(value)) * Decimal(2) ** -50


# --- 1. magnitudes ---------------------------------------------------------------------------------


@given(written_values(negative=True, max_places=8))
def test_values_written_as_curators_write_them_parse_to_the_exact_number(value):
    assert parse_value(value.raw) == value.base


@given(st.decimals(0, 10**11, places=2, allow_nan=False), st.sampled_from(["万", "亿"]), st.integers(0, 4))
def test_a_quoted_wan_or_yi_figure_is_shown_as_quoted(number, word, extra_places):
    """A figure printed as 12345.67万 or 1.0368亿 is displayed, in both languages, with every digit it had.

    Sources print 万 figures with up to 2 decimals (to 100 yuan), also above 1亿; format_number keeps
    short forms exact to 100, so a meeting quotes the figure as printed.
    """
    places = 2 if word == "万" else 2 + extra_places
    number /= 1 if word == "万" else 10**4  # up to 10^15 yuan, where floats still hold every digit
    quoted = f"{number.quantize(Decimal(1).scaleb(-places)).normalize():f}{word}"
    value = parse_value(quoted)
    shown = format_number(value, "zh")
    assert parse_value(shown) == value, (quoted, shown)
    stated, _ = read_back(format_number(value, "en"), "en")
    assert float(stated) == value, (quoted, format_number(value, "en"))


@given(finite.filter(lambda v: 10**4 <= abs(v) < 1e300), decimals)
def test_format_number_zh_parses_back_within_its_declared_rounding(value, places):
    shown = format_number(value, "zh", decimals=places)
    back = parse_value(shown.replace("−", "-"))
    stated, place = read_back(shown, "zh")
    # What the string states is the value rounded at its last digit: never more than half a unit off.
    assert within_rounding(stated, value, place)
    assert math.isclose(back, float(stated), rel_tol=1e-15)


@given(
    st.one_of(
        st.text(),
        st.from_regex(r"[+-]?[\d,]{0,12}(\.\d{0,6})?\s*(万亿|亿|万|千|百)?", fullmatch=True),
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
        st.decimals(),
        st.binary(max_size=4),
    )
)
@example(10**400)  # a YAML integer too large for a float
@example("9" * 400 + "万亿")
def test_parse_value_returns_a_finite_float_or_raises_value_format_error(raw):
    try:
        value = parse_value(raw)
    except ValueFormatError:
        return
    assert isinstance(value, float) and math.isfinite(value)


# --- 3. formatting in both languages -------------------------------------------------------------------


@given(finite, st.sampled_from(BUILT_IN_LANGUAGES), decimals, styles)
def test_format_number_writes_every_finite_value_in_the_language_conventions(value, lang, places, style):
    shown = format_number(value, lang, decimals=places, style=style)
    stated, place = read_back(shown, lang, style)  # asserts the shape: separators, words, minus sign
    assert "-" not in shown  # the minus sign is U+2212, never a hyphen
    assert within_rounding(stated, value, place)
    # The sign is shown exactly when the number shown is negative (−0.4 rounds to 0, without a sign).
    assert shown.startswith("−") == (stated < 0)
    if lang == "zh" and style is NumberStyle.MYRIAD:
        assert "," not in shown
        # 万/亿 from 10^4 up: no plain number of five or more digits is shown, and no 万 below 10^4.
        assert shown.endswith(("万", "亿")) == (abs(stated) >= 10**4), shown
    if lang == "en" or style is NumberStyle.WESTERN:
        assert not re.search(r"\d{4}", shown.partition(".")[0]), f"{shown!r}: thousands are not grouped"


@given(realistic, realistic, st.sampled_from(BUILT_IN_LANGUAGES), decimals, styles)
def test_larger_values_never_read_smaller(a, b, lang, places, style):
    low, high = sorted((a, b))
    shown_low = format_number(low, lang, decimals=places, style=style)
    shown_high = format_number(high, lang, decimals=places, style=style)
    assert read_back(shown_low, lang, style)[0] <= read_back(shown_high, lang, style)[0], (shown_low, shown_high)


@given(
    st.one_of(realistic, finite),
    st.sampled_from(BUILT_IN_LANGUAGES),
    qualifiers,
    st.booleans(),
    st.booleans(),
    decimals,
    st.sampled_from([None, "stock", "mean_per_month"]),
)
def test_qualifier_word_or_mark_appears_exactly_when_not_exact(value, lang, qualifier, marks, signed, places, measure):
    text = format_quantity(
        value, UNIT, lang, qualifier=qualifier, marks=marks, signed=signed, decimals=places, measure=measure
    )
    number = format_number(value, lang, decimals=places)
    assert number in text
    words = {
        "zh": {Qualifier.APPROXIMATELY: "约", Qualifier.AT_LEAST: "至少", Qualifier.AT_MOST: "至多"},
        "en": {Qualifier.APPROXIMATELY: "about ", Qualifier.AT_LEAST: "at least ", Qualifier.AT_MOST: "at most "},
    }[lang]
    symbols = {q: kind.symbol[lang] for q, kind in QUALIFIERS.items()}
    hedges = set(symbols.values()) - {""} if marks else set(words.values())
    prefix = symbols[qualifier] if marks else words.get(qualifier, "")
    assert text.startswith(prefix)
    rest = text.removeprefix(prefix)
    assert not any(rest.startswith(h) for h in hedges), text  # one hedge, never two
    if qualifier is Qualifier.EXACT:
        assert not any(h in text for h in hedges), text


@given(st.one_of(calendar_periods(), month_durations()), st.sampled_from(BUILT_IN_LANGUAGES))
def test_format_period_writes_every_valid_period(written, lang):
    period = parse_period(written.text)
    text = format_period(period, lang)
    assert text and str(period.end.year) in text
    assert str(period.start.year) in text


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (103_680_000, "1.0368亿", "103.68 million"),  # 1.0368亿 as printed, not 1.04亿
        (5_234_560_000, "52.3456亿", "5.23456 billion"),
        (41_134_600, "4113.46万", "41.1346 million"),
        (123_456_700, "1.234567亿", "123.4567 million"),  # 12345.67万
        (483_882.35, "48.3882万", "483,882"),  # the same digits as the full number, never rounder
        (9_999.6, "1万", "10,000"),
        (1e18, "1000000万亿", "1,000,000 trillion"),
    ],
)
def test_examples_found_by_the_properties(value, zh, en):
    assert (format_number(value, "zh"), format_number(value, "en")) == (zh, en)

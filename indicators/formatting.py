"""The one place that writes numbers, units, qualifiers and periods for people, in zh or en.

Chinese uses 万 and 亿 for large numbers (``4113万元``, ``1.3亿元``) when the number style is
``myriad``; English uses thousands separators and million/billion (``41.13 million yuan``).
Qualifiers are written as words (``约200个``, ``at least 1,000 cases``) or as compact marks for
charts (``≥1000起``, ``≈200 projects``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from indicators.magnitudes import split_magnitude
from indicators.periods import Period, Precision
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Measure, Unit, UnitKind

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")


#: Display units for figures that have no unit of their own in the catalog: a multiple of a base
#: period ("翻了一番" = 2倍) and a per cent change (+123.4%).
TIMES_UNIT = Unit(
    id="times",
    name={"zh": "倍", "en": "times"},
    kind="ratio",
    patterns={"zh": "{n}倍", "en": "{n}×"},
    axis={"zh": "倍数", "en": "Multiple"},
)
PERCENT_CHANGE_UNIT = Unit(
    id="percent_change",
    name={"zh": "%", "en": "%"},
    kind="percent",
    patterns={"zh": "{n}%", "en": "{n}%"},
    axis={"zh": "%", "en": "%"},
)


def ratio_decimals(value: float) -> int:
    """Ratios are shown to one decimal, whole ones without: 2倍, 3.4倍."""
    return 0 if float(value).is_integer() else 1


class NumberStyle(StrEnum):
    """How large numbers are written in Chinese."""

    MYRIAD = "myriad"  # 万/亿: 4113万, 1.3亿
    WESTERN = "western"  # digits with separators: 41,130,000


_PER_MONTH = {"zh": "{q}/月", "en": "{q} a month"}
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
#: Powers of ten of the short forms. A short form shows every digit the full number would show (at
#: the same ``decimals``), trailing zeros dropped: 41130000 is 4113万, 12345 is 1.2345万, 483882 is
#: 48.3882万, 123456700 is 123.4567 million; never a rounder figure than the data holds.
_SHORT_EXPONENT = {"万": 4, "亿": 8, "万亿": 12, "million": 6, "billion": 9, "trillion": 12}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _shifted(magnitude: float, decimals: int, exponent: int, *, group: bool = False) -> str:
    """``magnitude`` rounded to ``decimals``, divided by 10**exponent in decimal (no float noise)."""
    number = Decimal(repr(round(magnitude, decimals))).scaleb(-exponent)
    text = f"{number:,f}" if group else f"{number:f}"
    return _trim(text)


def _trim(text: str) -> str:
    """Drop trailing zeros after a decimal point: 1.30 -> 1.3, 4113.00 -> 4113."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, lang: Lang, *, decimals: int = 0, style: NumberStyle = NumberStyle.MYRIAD) -> str:
    """Write a plain number in a language's conventions.

    Args:
        value: The number in base units.
        lang: ``zh`` or ``en``.
        decimals: Decimal places for numbers written out in full.
        style: In Chinese, whether to use 万/亿 from 10,000 up.

    Numbers are rounded to ``decimals`` places (in base units); short forms (万/亿, million/billion)
    then show exactly that number, so no figure reads rounder than it is.

    >>> format_number(41130000, "zh"), format_number(41130000, "en")
    ('4113万', '41.13 million')
    >>> format_number(2681, "zh"), format_number(2681, "en")
    ('2681', '2,681')
    """
    sign = "−" if value < 0 and round(abs(value), decimals) != 0 else ""
    magnitude = abs(value)
    if lang == "zh":
        if style is NumberStyle.MYRIAD and round(magnitude, decimals) >= 10**4:
            # The word follows the number as shown: 9999.6 is 1万, not 10000.
            word = split_magnitude(max(magnitude, 10**4))[1]
            return f"{sign}{_shifted(magnitude, decimals, _SHORT_EXPONENT[word])}{word}"
        if style is NumberStyle.WESTERN:
            return f"{sign}{magnitude:,.{decimals}f}"
        return f"{sign}{magnitude:.{decimals}f}"
    for threshold, word in _EN_SCALES:
        if magnitude >= threshold:
            return f"{sign}{_shifted(magnitude, decimals, _SHORT_EXPONENT[word], group=True)} {word}"
    return f"{sign}{magnitude:,.{decimals}f}"


def format_quantity(
    value: float,
    unit: Unit,
    lang: Lang,
    *,
    qualifier: Qualifier | str = Qualifier.EXACT,
    decimals: int = 0,
    style: NumberStyle = NumberStyle.MYRIAD,
    measure: Measure | str | None = None,
    marks: bool = False,
    signed: bool = False,
) -> str:
    """Write a value with its unit and qualifier.

    Args:
        value: The number in base units.
        unit: Its unit (gives the pattern, e.g. ``{n}家`` / ``{n} enterprises``).
        lang: ``zh`` or ``en``.
        qualifier: How exact the value is.
        decimals: Decimal places.
        style: Chinese number style.
        measure: ``mean_per_month`` adds "/月" / "a month".
        marks: Compact marks (约, ≈, ≥, ≤) instead of words (约, about, at least, at most).
        signed: Write a plus sign on positive numbers (for changes).

    >>> from indicators.schema import Unit
    >>> case = Unit(id="case", name={"zh": "起", "en": "cases"}, kind="count",
    ...             patterns={"zh": "{n}起", "en": "{n} cases"}, axis={"zh": "起", "en": "cases"})
    >>> format_quantity(100000, case, "zh", qualifier="at_least")
    '至少10万起'
    >>> format_quantity(1000, case, "en", qualifier="at_least", marks=True)
    '≥1,000 cases'
    """
    qualifier = Qualifier(qualifier)
    number = format_number(value, lang, decimals=decimals, style=style)
    if signed and value > 0 and number != format_number(0, lang, decimals=decimals):
        number = f"+{number}"
    pattern = unit.patterns.zh if lang == "zh" else unit.patterns.en
    if lang == "en" and unit.patterns.en_one and number.lstrip("+−") == "1":
        pattern = unit.patterns.en_one
    text = pattern.replace("{n}", number)
    if measure is not None and Measure(measure) is Measure.MEAN_PER_MONTH:
        text = _PER_MONTH[lang].format(q=text)
    kind = QUALIFIERS[qualifier]
    return f"{kind.symbol[lang]}{text}" if marks else kind.words[lang].format(q=text)


def format_value_only(
    value: float, unit: Unit, lang: Lang, *, decimals: int = 0, style: NumberStyle = NumberStyle.MYRIAD
) -> str:
    """A number with just its unit, for axis ticks and table cells (no qualifier)."""
    return format_quantity(value, unit, lang, decimals=decimals, style=style)


def format_date(day: date, lang: Lang, precision: Precision = Precision.DAY) -> str:
    """Write a date at a precision (day, month, quarter or year).

    >>> format_date(date(2022, 8, 23), "zh"), format_date(date(2022, 8, 23), "en")
    ('2022年8月23日', '23 Aug 2022')
    """
    if precision is Precision.YEAR:
        return f"{day.year}年" if lang == "zh" else f"{day.year}"
    if precision is Precision.QUARTER:
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year}年第{quarter}季度" if lang == "zh" else f"Q{quarter} {day.year}"
    if precision is Precision.MONTH:
        return f"{day.year}年{day.month}月" if lang == "zh" else f"{_MONTHS_EN[day.month - 1]} {day.year}"
    return (
        f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    )


def format_period(period: Period, lang: Lang) -> str:
    """Write a period the way people say it.

    >>> from indicators.periods import parse_period
    >>> format_period(parse_period("2022-01/2022-03"), "zh"), format_period(parse_period("2022-01/2022-03"), "en")
    ('2022年第1季度', 'Q1 2022')
    >>> format_period(parse_period("2019-09-25/2022-08-23"), "en")
    '25 Sep 2019 – 23 Aug 2022'
    """
    if period.precision is not Precision.INTERVAL:
        return format_date(period.start, lang, period.precision)
    start, end = period.start, period.end
    if start.day == 1 and _is_month_end(end):
        if start.year == end.year:
            return (
                f"{start.year}年{start.month}月—{end.month}月"
                if lang == "zh"
                else f"{_MONTHS_EN[start.month - 1]}–{_MONTHS_EN[end.month - 1]} {end.year}"
            )
        left, right = format_date(start, lang, Precision.MONTH), format_date(end, lang, Precision.MONTH)
    else:
        left, right = format_date(start, lang), format_date(end, lang)
    return f"{left}—{right}" if lang == "zh" else f"{left} – {right}"


def _is_month_end(day: date) -> bool:
    return (date.fromordinal(day.toordinal() + 1)).day == 1


def unit_kind_is_count(unit: Unit) -> bool:
    """Counts get integer ticks on axes."""
    return unit.kind in (UnitKind.COUNT, UnitKind.RANK)

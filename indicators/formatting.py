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

from indicators import locales
from indicators.magnitudes import split_magnitude
from indicators.periods import Period, Precision, parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier, flip
from indicators.schema import PHYSICAL_KINDS, Measure, Unit, UnitKind

#: A language code of :mod:`indicators.locales` (``zh``, ``en``, ...).
Lang = str


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


#: Most decimals a physical measure shows on its own (0.001 km² is a thousand square metres).
_PHYSICAL_DECIMALS = 3


def physical_decimals(value: float, decimals: int) -> int:
    """Decimals of a physical measure: the indicator's, or as many as the value holds (up to 3).

    An area of 183.99 km² is written so even when its indicator left ``decimals`` at 0: a measured
    quantity is never shown rounder than it was published.

    >>> physical_decimals(183.99, 0), physical_decimals(41.5, 0), physical_decimals(12.0, 1)
    (2, 1, 1)
    """
    needed = next((places for places in range(_PHYSICAL_DECIMALS) if round(value, places) == value), _PHYSICAL_DECIMALS)
    return max(decimals, needed)


def ratio_decimals(value: float) -> int:
    """Ratios are shown to one decimal, whole ones without: 2倍, 3.4倍."""
    return 0 if float(value).is_integer() else 1


class NumberStyle(StrEnum):
    """How large numbers are written in Chinese."""

    MYRIAD = "myriad"  # 万/亿: 4113万, 1.3亿
    WESTERN = "western"  # digits with separators: 41,130,000


#: A period the curator inferred (the source states no date for the value): never written as firm.
_INFERRED = locales.translatable(
    "inferred period", {"zh": "约{period}（推定）", "en": "c. {period} (inferred)"}, by="language"
)
#: Powers of ten of the short forms. A short form shows every digit the full number would show (at
#: the same ``decimals``), trailing zeros dropped: 41130000 is 4113万, 12345 is 1.2345万, 483882 is
#: 48.3882万, 123456700 is 123.4567 million; never a rounder figure than the data holds.
_MYRIAD_EXPONENT = {"万": 4, "亿": 8, "万亿": 12}


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
        lang: A language code (its locale says myriads or thousands, and the words of the scales).
        decimals: Decimal places for numbers written out in full.
        style: In a language of myriads, whether to use 万/亿 from 10,000 up.

    Numbers are rounded to ``decimals`` places (in base units); short forms (万/亿, million/billion)
    then show exactly that number, so no figure reads rounder than it is.

    >>> format_number(41130000, "zh"), format_number(41130000, "en")
    ('4113万', '41.13 million')
    >>> format_number(2681, "zh"), format_number(2681, "en")
    ('2681', '2,681')
    """
    sign = "−" if value < 0 and round(abs(value), decimals) != 0 else ""
    magnitude = abs(value)
    locale = locales.get(lang)
    if locale.myriad:
        if style is NumberStyle.MYRIAD and round(magnitude, decimals) >= 10**4:
            # The word follows the number as shown: 9999.6 is 1万, not 10000.
            word = split_magnitude(max(magnitude, 10**4))[1]
            return f"{sign}{_shifted(magnitude, decimals, _MYRIAD_EXPONENT[word])}{word}"
        if style is NumberStyle.WESTERN:
            return f"{sign}{magnitude:,.{decimals}f}"
        return f"{sign}{magnitude:.{decimals}f}"
    for threshold, word in locale.scales:
        if magnitude >= threshold:
            exponent = len(str(threshold)) - 1
            return f"{sign}{_shifted(magnitude, decimals, exponent, group=True)} {word}"
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
    if measure is not None and Measure(measure) is Measure.CHANGE and not marks and unit.kind != UnitKind.RATIO:
        # A computed change ("latest minus first") is said as one: "减少70件以上", not "至多−70件".
        return format_change(value, unit, lang, qualifier=qualifier, decimals=decimals, style=style)
    if unit.kind in PHYSICAL_KINDS:
        decimals = physical_decimals(value, decimals)
    number = format_number(value, lang, decimals=decimals, style=style)
    if signed and value > 0 and number != format_number(0, lang, decimals=decimals):
        number = f"+{number}"
    text = unit_pattern(unit, lang, one=number.lstrip("+−") == "1").replace("{n}", number)
    if measure is not None and Measure(measure) is Measure.MEAN_PER_MONTH:
        text = locales.get(lang).per_month.format(q=text)
    if qualifier is Qualifier.EXACT:
        return text
    kind = QUALIFIERS[qualifier]
    return f"{kind.text('symbol', lang)}{text}" if marks else kind.text("words", lang).format(q=text)


#: How a change is said: the direction as a verb, then the bound on its size in words. A fall of "70 or
#: more" is "减少70件以上" / "down at least 70 complaints", never "至多−70件"; "每月" / "a month" follow it
#: when the values compared are monthly averages.
_CHANGE_WORDS = locales.translatable(
    "change words",
    {
        "zh": {
            "up": "增加{q}",
            "down": "减少{q}",
            "up-percent": "增长{q}",
            "down-percent": "下降{q}",
            "none": "持平",
            Qualifier.AT_LEAST: "{q}以上",
            Qualifier.AT_MOST: "不到{q}",
            Qualifier.APPROXIMATELY: "约{q}",
            "per-month": "每月{q}",
        },
        "en": {
            "up": "up {q}",
            "down": "down {q}",
            "up-percent": "up {q}",
            "down-percent": "down {q}",
            "none": "no change",
            Qualifier.AT_LEAST: "at least {q}",
            Qualifier.AT_MOST: "at most {q}",
            Qualifier.APPROXIMATELY: "about {q}",
            "per-month": "{q} a month",
        },
    },
    by="language",
)


def format_change(
    value: float,
    unit: Unit,
    lang: Lang,
    *,
    qualifier: Qualifier | str = Qualifier.EXACT,
    decimals: int = 0,
    style: NumberStyle = NumberStyle.MYRIAD,
    per_month: bool = False,
) -> str:
    """Write a change as people say it: its direction in words, then its size and how sure that size is.

    The qualifier of a change bounds the signed number; said as a fall, its side flips: "−70 or less"
    is a fall of 70 or more.

    >>> from indicators.schema import Unit
    >>> item = Unit(id="item", name={"zh": "件", "en": "complaints"}, kind="count",
    ...             patterns={"zh": "{n}件", "en": "{n} complaints"}, axis={"zh": "件", "en": "complaints"})
    >>> format_change(-70, item, "zh", qualifier="at_most"), format_change(58, item, "zh")
    ('减少70件以上', '增加58件')
    >>> format_change(-70, item, "en", qualifier="at_most", per_month=True)
    'down at least 70 complaints a month'
    """
    qualifier = Qualifier(qualifier)
    words = locales.text_in(_CHANGE_WORDS, lang)
    if value == 0 and qualifier is Qualifier.EXACT:
        text = words["none"]
    else:
        size = format_quantity(abs(value), unit, lang, decimals=decimals, style=style)
        bound = qualifier if value >= 0 else flip(qualifier)
        if bound is not Qualifier.EXACT:
            size = words[bound].format(q=size)
        verb = ("up" if value >= 0 else "down") + ("-percent" if unit.kind == UnitKind.PERCENT else "")
        text = words[verb].format(q=size)
    return words["per-month"].format(q=text) if per_month else text


def worded_qualifier(value: float, qualifier: Qualifier | str, measure: Measure | str | None, unit: Unit) -> Qualifier:
    """The qualifier of a value as :func:`format_quantity` writes it out in words.

    A change is said as a rise or a fall (:func:`format_change`): the words bound its size, so a fall
    of "−70 or less" reads "70 or more" and its label is "at least". Anything else keeps its own.
    """
    qualifier = Qualifier(qualifier)
    is_change = measure is not None and Measure(measure) is Measure.CHANGE and unit.kind != UnitKind.RATIO
    return flip(qualifier) if is_change and value < 0 else qualifier


def unit_pattern(unit: Unit, lang: Lang, *, one: bool = False) -> str:
    """How a number is written with a unit in a language (``{n}家``), singular where it has one.

    Looked up along the language's fallback chain (:meth:`indicators.locales.Locale.chain`).
    """
    patterns = unit.patterns.model_dump()
    for code in locales.get(lang).chain():
        pattern = (one and patterns.get(f"{code}_one")) or patterns.get(code)
        if pattern:
            return pattern
    return "{n}"


def format_value_only(
    value: float, unit: Unit, lang: Lang, *, decimals: int = 0, style: NumberStyle = NumberStyle.MYRIAD
) -> str:
    """A number with just its unit, for axis ticks and table cells (no qualifier)."""
    return format_quantity(value, unit, lang, decimals=decimals, style=style)


def format_date(day: date, lang: Lang, precision: Precision = Precision.DAY) -> str:
    """Write a date at a precision (day, month, quarter or year), by the language's patterns.

    >>> format_date(date(2022, 8, 23), "zh"), format_date(date(2022, 8, 23), "en")
    ('2022年8月23日', '23 Aug 2022')
    """
    locale = locales.get(lang)
    pattern = {
        Precision.YEAR: locale.date_year,
        Precision.QUARTER: locale.date_quarter,
        Precision.MONTH: locale.date_month,
    }.get(precision, locale.date_day)
    return pattern.format(
        y=day.year, m=day.month, d=day.day, q=(day.month - 1) // 3 + 1, mon=_month_name(locale, day.month)
    )


def _month_name(locale: locales.Locale, month: int) -> str:
    return locale.months[month - 1] if locale.months else str(month)


def format_published(published: Period | str, lang: Lang) -> str:
    """A publication date at its precision: a page known only to the month is never given a day.

    >>> format_published("2022-08", "zh"), format_published("2022-08-23", "en")
    ('2022年8月', '23 Aug 2022')
    """
    period = parse_period(published) if isinstance(published, str) else published
    return format_date(period.start, lang, period.precision)


def format_period(
    period: Period, lang: Lang, *, qualifier: Qualifier | str = Qualifier.EXACT, inferred: bool = False
) -> str:
    """Write a period the way people say it: a hedged one (近两个月来) or one the curator inferred says so.

    A hedged period gets its hedge word. An inferred period (``period_inferred`` in the data: the source
    gives no date) is marked as such, and an inferred single day is written as its month: the curator
    chose the day, the source did not.

    >>> from indicators.periods import parse_period
    >>> format_period(parse_period("2022-01/2022-03"), "zh"), format_period(parse_period("2022-01/2022-03"), "en")
    ('2022年第1季度', 'Q1 2022')
    >>> format_period(parse_period("2019-09-25/2022-08-23"), "en")
    '25 Sep 2019 – 23 Aug 2022'
    >>> format_period(parse_period("P2M/2022-08-23"), "en", qualifier="approximately")
    'about 24 Jun – 23 Aug 2022'
    >>> day = parse_period("2019-09-25")
    >>> format_period(day, "zh", inferred=True), format_period(day, "en", inferred=True)
    ('约2019年9月（推定）', 'c. Sep 2019 (inferred)')
    """
    if inferred:  # its own 约/c. says how sure it is: no second hedge word
        day = period.start == period.end
        shown = format_date(period.start, lang, Precision.MONTH) if day else _period_words(period, lang)
        return locales.text_in(_INFERRED, lang).format(period=shown)
    qualifier = Qualifier(qualifier)
    text = _period_words(period, lang)
    return text if qualifier is Qualifier.EXACT else QUALIFIERS[qualifier].text("words", lang).format(q=text)


def _period_words(period: Period, lang: Lang) -> str:
    if period.precision is not Precision.INTERVAL:
        return format_date(period.start, lang, period.precision)
    locale = locales.get(lang)
    start, end = period.start, period.end
    if start.day == 1 and _is_month_end(end):
        if start.year == end.year:
            return locale.month_range.format(
                y=end.year,
                m1=start.month,
                m2=end.month,
                mon1=_month_name(locale, start.month),
                mon2=_month_name(locale, end.month),
            )
        left, right = format_date(start, lang, Precision.MONTH), format_date(end, lang, Precision.MONTH)
    else:
        left, right = format_date(start, lang), format_date(end, lang)
    return f"{left}{locale.range_separator}{right}"


def _is_month_end(day: date) -> bool:
    return (date.fromordinal(day.toordinal() + 1)).day == 1


def unit_kind_is_count(unit: Unit) -> bool:
    """Counts get integer ticks on axes."""
    return unit.kind in (UnitKind.COUNT, UnitKind.RANK)

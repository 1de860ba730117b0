"""Every number in a source text: Arabic and Chinese numerals, 万/亿, percentages, ranks, ratios, dates.

The coverage audit (:mod:`indicators.audit`) asks of each number found whether a quote or a
``not_curated`` entry accounts for it, so the finder errs on the side of finding: a Chinese numeral
counts when it is a rank (第一), a ratio (翻了一番), a percentage (百分之五), a numeral of several
characters (三十五, 一百零八), or is followed by a measure word (三周年, 两个月, 一件事). A lone 一
elsewhere is a word, not a number (一直, 统一, 进一步, 一体化), as are weekdays (星期四).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from indicators.magnitudes import ValueFormatError, parse_value
from indicators.numerals import LARGE_UNITS, NUMERAL_CHARACTERS, NumeralError, parse_chinese_numeral
from indicators.qualifiers import HEDGE_WORDS, Qualifier


class NumberKind(StrEnum):
    """What a number found in a text is."""

    QUANTITY = "quantity"  # a count, an amount: 47家, 1.3亿元, 三十五个
    PERCENT = "percent"  # 78%, 百分之五
    RANK = "rank"  # 第一, 第3
    RATIO = "ratio"  # 翻了一番 (2), 翻两番 (4), 零的突破 is a quantity (0)
    DATE = "date"  # 2022-08-23, 2021年09月02日, 2019年, 8月, 1到3月, 14:07:53
    DURATION = "duration"  # 近3年, 两个月, 三周年


#: Kinds that say when rather than how much: the draft uses them as period phrases, not values.
TIME_KINDS = frozenset({NumberKind.DATE, NumberKind.DURATION})

#: Measure words and units a Chinese numeral may be followed by (longest first when matched).
MEASURE_WORDS = (
    "个百分点", "平方公里", "平方千米", "平方米", "立方米", "公顷", "公里", "千米", "千克", "公斤", "米", "吨", "亩",
    "万元", "亿元", "元", "周年", "周岁", "个月", "小时", "分钟", "大类", "批次",
    "个", "家", "项", "件", "起", "条", "名", "位", "人", "户", "次", "倍", "所", "座", "类", "种", "批", "处",
    "场", "期", "届", "轮", "级", "层", "栋", "辆", "台", "套", "宗", "笔", "份", "张", "本", "篇", "部", "支",
    "组", "片", "成", "岁", "年", "月", "日", "天", "周",
)  # fmt: skip
_MEASURE = "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))
#: Measure words that make a number a span of time rather than a quantity.
_DURATION_WORDS = frozenset({"周年", "个月", "小时", "分钟", "年", "天", "周"})
_CN = "".join(sorted(NUMERAL_CHARACTERS))
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MAGNITUDE = "万亿|萬億|亿|億|万|萬"
#: Hedge words, longest first, so that 大约 is found before 约.
_HEDGES = sorted(HEDGE_WORDS, key=len, reverse=True)
#: Hedge words that follow the number they hedge (70多件, 10万余起, 200个以上); the others precede it
#: (约, 近, 超过, 不到). So 其余3家 (the other three) is not "3 or more".
_FOLLOWING = frozenset({"多", "余", "以上", "左右", "以内"})

# Patterns tried in this order at each position; the first that matches takes the span.
_PATTERNS: tuple[tuple[NumberKind | None, re.Pattern[str]], ...] = (
    (NumberKind.DATE, re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日")),
    (NumberKind.DATE, re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")),
    (NumberKind.DATE, re.compile(rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})(?:到|至|—|–|-|~)(?:\d{{1,2}}|[{_CN}]{{1,3}})月")),
    (NumberKind.PERCENT, re.compile(rf"{_ARABIC}\s*[%％]|百分之[{_CN}]+(?:点[{_CN}]+)?")),
    (NumberKind.RATIO, re.compile(rf"翻了?([{_CN}\d]+)番")),
    (NumberKind.QUANTITY, re.compile(r"零的突破")),
    (NumberKind.RANK, re.compile(rf"第([{_CN}]+|\d+)")),
    (None, re.compile(rf"{_ARABIC}(?:\s*(?:{_MAGNITUDE}))?")),
    (None, re.compile(rf"[{_CN}]+")),
)
#: Runs of numeral characters that are words, not numbers.
_NOT_NUMBERS = frozenset({"万一", "一一", "千万"})
_WEEKDAY = re.compile(r"(?:星期|礼拜|周)$")


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A number in a text.

    Attributes:
        start, end: Offsets of the numeral in the text (with 第, 翻…番, % or 万/亿 when they belong to it).
        text: The numeral as printed.
        value: Its value in base units (万 and 亿 applied; percentages in per cent; 翻n番 is 2^n).
        kind: What it is (:class:`NumberKind`).
        unit_word: The measure word after it (家, 件, 元 ...), or "".
        qualifier: From a hedge word before or after it (约, 近, 多, 余, 以上 ...).
        hedge: The hedge word itself, or "".
    """

    start: int
    end: int
    text: str
    value: float
    kind: NumberKind
    unit_word: str = ""
    qualifier: Qualifier = Qualifier.EXACT
    hedge: str = ""


def find_numbers(text: str) -> list[FoundNumber]:
    """Every number in ``text``, in order."""
    found: list[FoundNumber] = []
    position = 0
    candidate = re.compile(rf"[\d{_CN}第翻]")
    while (match := candidate.search(text, position)) is not None:
        start = match.start()
        number = _number_at(text, start)
        if number is None:
            position = start + 1
            continue
        found.append(number)
        position = number.end
    return found


def _number_at(text: str, start: int) -> FoundNumber | None:
    for kind, pattern in _PATTERNS:
        match = pattern.match(text, start)
        if match is None:
            continue
        if kind is None:
            number = _plain(text, match)
        else:
            number = _special(text, match, kind)
        if number is not None:
            return number
    return None


def _special(text: str, match: re.Match[str], kind: NumberKind) -> FoundNumber | None:
    surface = match.group(0)
    try:
        if kind is NumberKind.PERCENT:
            value = _percent(surface)
        elif kind is NumberKind.RATIO:
            value = 2.0 ** _value(match.group(1))
        elif kind is NumberKind.RANK:
            value = _value(match.group(1))
        elif kind is NumberKind.DATE:
            value = float(_first_value(surface))
        else:  # 零的突破
            value = 0.0
    except NumeralError:
        return None
    return _with_hedge(text, FoundNumber(match.start(), match.end(), surface, value, kind))


def _plain(text: str, match: re.Match[str]) -> FoundNumber | None:
    surface, start, end = match.group(0), match.start(), match.end()
    arabic = surface[0].isdigit()
    if not arabic:
        if surface in _NOT_NUMBERS or _WEEKDAY.search(text[max(0, start - 2) : start]):
            return None
        if surface[0] in LARGE_UNITS:  # 万/亿 alone, or starting a word (万家灯火)
            return None
    unit = _measure_after(text, end)
    if not arabic and not unit and (len(surface) < 2 or not _well_formed(surface)):
        return None  # a lone 一 is a word (一直, 统一), not a number
    try:
        value = parse_value(surface) if arabic else float(parse_chinese_numeral(surface))
    except (ValueFormatError, NumeralError):
        return None
    kind = NumberKind.QUANTITY
    if unit in _DURATION_WORDS or (unit == "月" and value <= 12) or (unit == "日" and value <= 31):
        kind = NumberKind.DURATION if unit not in ("月", "日") else NumberKind.DATE
        if unit == "年" and (1900 <= value <= 2100 or len(surface) == 4):
            kind = NumberKind.DATE  # 2019年 is a year; 3年 a span of three years
    return _with_hedge(text, FoundNumber(start, end, surface, value, kind, unit))


def _measure_after(text: str, end: int) -> str:
    """The measure word after a number, allowing a hedge word in between (70多件, 10万余起)."""
    for hedge in ("", "多", "余"):
        if hedge and not text.startswith(hedge, end):
            continue
        match = re.compile(_MEASURE).match(text, end + len(hedge))
        if match:
            return match.group(0)
    return ""


def _with_hedge(text: str, number: FoundNumber) -> FoundNumber:
    """The number with the qualifier of a hedge word directly before it, or after it (or after its unit)."""
    before = text[max(0, number.start - 4) : number.start]
    for word in _HEDGES:
        if word not in _FOLLOWING and before.endswith(word):
            return _hedged(number, word)
    after_unit = number.end + len(number.unit_word) if text.startswith(number.unit_word, number.end) else number.end
    for position in dict.fromkeys((number.end, after_unit)):
        for word in _HEDGES:
            if word in _FOLLOWING and text.startswith(word, position):
                return _hedged(number, word)
    return number


def _hedged(number: FoundNumber, word: str) -> FoundNumber:
    return FoundNumber(
        number.start, number.end, number.text, number.value, number.kind, number.unit_word, HEDGE_WORDS[word], word
    )


def _well_formed(surface: str) -> bool:
    try:
        parse_chinese_numeral(surface)
    except NumeralError:
        return False
    return True


def _value(numeral: str) -> float:
    return float(numeral) if numeral.isdigit() else float(parse_chinese_numeral(numeral))


def _first_value(surface: str) -> int:
    digits = re.match(rf"\d+|[{_CN}]+", surface)
    if digits is None:  # pragma: no cover - every date pattern starts with a numeral
        raise NumeralError(surface)
    return int(_value(digits.group(0)))


def _percent(surface: str) -> float:
    if surface.startswith("百分之"):
        whole, _, fraction = surface.removeprefix("百分之").partition("点")
        value = float(parse_chinese_numeral(whole))
        if fraction:
            value += float("0." + "".join(str(parse_chinese_numeral(ch)) for ch in fraction))
        return value
    return float(surface.rstrip("%％").replace(",", "").strip())

"""Chinese numerals as printed in texts: 三十五, 两, 一百零八, 二〇二二, 10万, 1.3亿 (and 萬/億).

Used by the number finder (:mod:`indicators.number_finder`) to give every number it finds a value.
"""

from __future__ import annotations

#: Digits, with the everyday 两 (two of something) and the zero forms 零 and 〇.
DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
#: Multipliers inside a section of four digits.
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
#: Section words: everything before them is multiplied (三千五百万 is 3500 × 10^4).
LARGE_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
#: Every character a Chinese numeral is written with.
NUMERAL_CHARACTERS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(LARGE_UNITS)


class NumeralError(ValueError):
    """Text that is not a well-formed Chinese numeral."""


def parse_chinese_numeral(text: str) -> int:
    """The value of a Chinese numeral.

    Positional forms (二〇二二, 一九) are read digit by digit; the others by their units, with a
    leading 十 meaning ten (十二 is 12) and 零 as a place holder (一百零八 is 108).

    >>> [parse_chinese_numeral(t) for t in ("三十五", "两", "十二", "一百零八", "三千五百万", "二〇二二", "1.3亿")]
    [35, 2, 12, 108, 35000000, 2022, 130000000]

    Raises:
        NumeralError: For an empty text or one with other characters, or units out of order.
    """
    text = text.strip()
    if not text:
        raise NumeralError("empty numeral")
    head = text.rstrip("".join(LARGE_UNITS))
    if head and head[0].isascii() and head.replace(".", "", 1).isdigit():
        # Arabic digits with a magnitude word: 10万, 1.3亿.
        value = float(head)
        for word in text[len(head) :]:
            value *= LARGE_UNITS[word]
        return round(value)
    if any(ch not in NUMERAL_CHARACTERS for ch in text):
        raise NumeralError(f"{text!r} is not a Chinese numeral")
    if all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    last_small = 10**9
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                raise NumeralError(f"{text!r}: two digits in a row")
            digit = DIGITS[ch] if DIGITS[ch] != 0 else None
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                raise NumeralError(f"{text!r}: {ch} out of order")
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        else:
            section += digit or 0
            if section == 0 and total == 0:
                raise NumeralError(f"{text!r}: {ch} without a number before it")
            total = (
                (total + section) * LARGE_UNITS[ch] if LARGE_UNITS[ch] > 10**4 else total + section * LARGE_UNITS[ch]
            )
            section, digit, last_small = 0, None, 10**9
    return total + section + (digit or 0)

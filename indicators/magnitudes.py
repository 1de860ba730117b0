"""Chinese magnitude words (万, 亿) in curated values, resolved into base units on load.

Curators copy figures as printed: ``1.3亿`` (yuan), ``4113万`` (yuan), ``10万`` (cases), also in
traditional characters (``1.3億``, ``4113萬``) and with full-width digits (``４１１３万``). They land in
the data as plain numbers in base units (130000000.0, 41130000.0, 100000.0), so amounts written with
different words can be compared and summed. The text as written is kept beside the number.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

#: Multipliers of the magnitude words a value may end with (simplified and traditional characters).
MAGNITUDES: dict[str, int] = {
    "万亿": 10**12,
    "萬億": 10**12,
    "亿": 10**8,
    "億": 10**8,
    "万": 10**4,
    "萬": 10**4,
    "千": 10**3,
    "百": 10**2,
}

_VALUE = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万亿|萬億|亿|億|万|萬|千|百)?")
#: Full-width digits, signs, point and comma as printed in Chinese texts, to their ASCII forms.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－．，", "0123456789+-.,")


class ValueFormatError(ValueError):
    """A value that is neither a number nor a number followed by a magnitude word."""


VALUE_FORMS_HINT = "write a number (105, 0.78, 1000) or a number with 万/亿 (萬/億) as printed (4113万, 1.3亿, 10萬)"


def parse_value(raw: object) -> float:
    """Turn a curated value into a float in base units.

    Args:
        raw: A YAML number, or text such as ``"4113万"``, ``"1.3亿"``, ``"2,681"``.

    Returns:
        The value in base units (万 = 10^4, 亿 = 10^8).

    Raises:
        ValueFormatError: For booleans, empty or non-numeric text, NaN and infinities.
    """
    if isinstance(raw, bool) or raw is None:
        raise ValueFormatError(f"value {raw!r} is not a number")
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # a YAML integer of hundreds of digits
            raise ValueFormatError(f"value {raw} is too large") from None
    elif isinstance(raw, str):
        m = _VALUE.fullmatch(raw.strip().translate(_FULL_WIDTH))
        if not m:
            raise ValueFormatError(f"value {raw!r} is not a number")
        number, word = m.groups()
        # Scaled in decimal and rounded to binary once: 1.3亿 is exactly 130000000.0 (1.3 * 10**8 is not),
        # and every value is the float nearest to what the text says.
        exponent = len(str(MAGNITUDES[word])) - 1 if word else 0  # 10**exponent is the word's multiplier
        value = float(Decimal(f"{number.replace(',', '')}E{exponent}"))
    else:
        raise ValueFormatError(f"value {raw!r} is a {type(raw).__name__}, not a number")
    if not math.isfinite(value):
        raise ValueFormatError(f"value {raw!r} is not a finite number")
    return value


def split_magnitude(value: float, *, min_word: str = "万") -> tuple[float, str]:
    """Express a base-unit value with the largest magnitude word it reaches.

    >>> split_magnitude(130000000.0)
    (1.3, '亿')
    >>> split_magnitude(7500.0)
    (7500.0, '')
    """
    magnitude = abs(value)
    for word in ("万亿", "亿", "万"):
        if magnitude >= MAGNITUDES[word] and MAGNITUDES[word] >= MAGNITUDES[min_word]:
            return value / MAGNITUDES[word], word
    return value, ""

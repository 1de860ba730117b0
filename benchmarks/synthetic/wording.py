"""How a source prints a figure: the value as written, its qualifier and hedge word, the quote, a note."""

from __future__ import annotations

import calendar
import random

from benchmarks.synthetic.vocabulary import Noun


def month_end(year: int, month: int) -> int:
    """The last day of the month."""
    return calendar.monthrange(year, month)[1]


def trim(number: float) -> str:
    """A number with at most two decimals and no trailing zeros (``1.5``, ``12``)."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def stated(value: float, noun: Noun, rng: random.Random) -> tuple[object, str]:
    """The value as a curator writes it in YAML, and as it appears in the quote (without the unit)."""
    if noun.unit == "percent":
        number = round(min(max(value, 0.5), 99.9), 1)
        return number, trim(number)
    if noun.unit == "rank":
        number = max(1, min(round(value), 90))
        return number, str(number)
    if noun.unit == "yuan":
        roll = rng.random()
        if value >= 1e8 and roll < 0.3:
            text = f"{trim(round(value / 1e8, 2))}亿"
            return text, text
        if roll < 0.75:
            text = f"{round(value / 1e4):d}万"
            return text, text
        number = int(round(value, -2))
        return number, str(number)
    number = max(1, round(value))
    if number >= 10_000 and rng.random() < 0.3:
        text = f"{trim(round(number / 1e4, 1))}万"
        return text, text
    return number, str(number)


QUALIFIERS = (("exact", 0.7), ("approximately", 0.12), ("at_least", 0.12), ("at_most", 0.06))


def pick_qualifier(rng: random.Random) -> str:
    """A qualifier drawn with the shares of ``QUALIFIERS``."""
    roll = rng.random()
    for name, share in QUALIFIERS:
        if roll < share:
            return name
        roll -= share
    return "exact"


def hedged(shown: str, unit: str, qualifier: str, rng: random.Random) -> str:
    """The figure with its unit and the hedge word a Chinese source would use."""
    if unit == "%":
        unit_word = "%"
    else:
        unit_word = unit
    plain = f"{shown}{unit_word}"
    if qualifier == "approximately":
        return rng.choice((f"约{plain}", f"近{plain}", f"{plain}左右"))
    if qualifier == "at_least":
        if shown.isdigit() and unit != "%":
            return rng.choice((f"{shown}多{unit_word}", f"{shown}余{unit_word}", f"超过{plain}"))
        return rng.choice((f"超过{plain}", f"突破{plain}", f"{plain}以上"))
    if qualifier == "at_most":
        return rng.choice((f"不到{plain}", f"不足{plain}"))
    return plain


_QUOTES = (
    "{time}，{area}{noun}{verb}{figure}",
    "{area}{time}{noun}{verb}{figure}，同比增长{growth}%",
    "据统计，{time}{area}{noun}{verb}{figure}，较上月{change}",
    "{time}，{area}持续深化改革，{noun}{verb}{figure}",
    "截至{time}，{area}{noun}{verb}{figure}，位居全市前列",
)


def quote(noun: Noun, area_zh: str, time_zh: str, figure: str, rng: random.Random) -> str:
    """A Chinese sentence stating the figure, at most 60 characters."""
    template = rng.choice(_QUOTES)
    area = "龙港市" if area_zh == "全市" else area_zh
    quote = template.format(
        time=time_zh,
        area=area,
        noun=noun.zh,
        verb=noun.verb,
        figure=figure,
        growth=trim(round(rng.uniform(0.5, 25), 1)),
        change=rng.choice(("有所增长", "略有下降", "基本持平", "稳中有升")),
    )
    return quote if len(quote) <= 60 else f"{area}{noun.zh}{noun.verb}{figure}"


_NOTES = (
    "{time} taken as the calendar month {iso}.",
    "{time} resolved against the publication date of the source as {iso}; the figure is the one printed in the "
    "table of the bulletin, not the rounded one in its summary.",
    "The bulletin reports the figure for the month; the community breakdown is in its appendix table.",
    "{hedge} recorded as {qualifier}, as the text gives no exact figure.",
    "核对原文：{time}数据见公报附表，口径与上年一致。",
)


def note(time_zh: str, iso: str, hedge: str, qualifier: str, rng: random.Random) -> str | None:
    """A curator's note on the observation, for about 30% of them (None for the others)."""
    if rng.random() >= 0.3:
        return None
    template = rng.choice(_NOTES)
    if "{hedge}" in template and qualifier == "exact":
        template = _NOTES[0]
    return template.format(time=time_zh, iso=iso, hedge=hedge, qualifier=qualifier.replace("_", " "))

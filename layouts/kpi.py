"""The lines of a KPI, written out: latest value, its period, what it compares with, the change.

The same words as the overview's KPI cards (:func:`layouts.components.overview.build_kpi_card`, which a test
holds this to), as plain strings for places without Dash components: the briefing deck's slides.
No Dash import.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    PERCENT_CHANGE_UNIT,
    TIMES_UNIT,
    Lang,
    NumberStyle,
    format_change,
    format_period,
    format_quantity,
    ratio_decimals,
    worded_qualifier,
)
from indicators.periods import parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Measure
from indicators.summary import Point, summarize
from layouts.i18n import t


@dataclass(frozen=True)
class KpiLines:
    """What a KPI says, line by line; None where the card shows nothing."""

    #: The headline figure: ``105家``, ``约2倍``, or ``—`` when the indicator has no value.
    value: str
    #: ``最新：2022年8月23日``; for a ratio, its period and base: ``2022年8月23日，相对2019年9月25日``.
    period: str | None
    #: The qualifier in words when the latest value is not exact.
    qualifier: str | None
    #: ``对比：47家（2019年9月25日）``.
    compare: str | None
    #: ``变化：▲ 增加58家（增长123.4%）``, or ``仅一期数据``; None when the value already is a multiple.
    change: str | None
    #: ``good``, ``bad`` or ``neutral`` (by ``higher_is_better``), ``none`` without a change.
    direction: str
    #: True when the headline figure is not exact (about, at least, at most).
    hedged: bool = False


def _label(key: str, lang: Lang) -> str:
    return f"{t(key, lang)}{locales.get(lang).colon}"


def _period(point: Point, lang: Lang) -> str:
    return format_period(parse_period(point.period), lang, inferred=point.period_inferred)


def kpi_lines(dataset: Dataset, indicator_id: str, lang: Lang, style: NumberStyle = NumberStyle.MYRIAD) -> KpiLines:
    """The KPI of one indicator in words, from :func:`indicators.summary.summarize`."""
    meta = dataset.indicators.loc[indicator_id]
    unit = dataset.unit_of(indicator_id)
    decimals = int(meta["decimals"])
    summary = summarize(dataset, indicator_id)

    def fmt(point: Point) -> str:
        return format_quantity(
            point.value, unit, lang, qualifier=point.qualifier, decimals=decimals, style=style, measure=point.measure
        )

    value, period, qualifier, compare, hedged = "—", None, None, None, False
    if summary.latest is not None:
        latest = summary.latest
        value = fmt(latest)
        period = _label("latest", lang) + _period(latest, lang)
        if latest.qualifier is not Qualifier.EXACT:
            worded = worded_qualifier(latest.value, latest.qualifier, latest.measure, unit)
            qualifier = QUALIFIERS[worded].text("label", lang)
            hedged = True
        if summary.previous is not None:
            locale, when = locales.get(lang), _period(summary.previous, lang)
            # An inferred period brings its own parentheses ("c. Sep 2019 (inferred)"): not inside others.
            previous = (
                f"{fmt(summary.previous)}{locale.comma}{when}"
                if summary.previous.period_inferred
                else locale.parenthesized(fmt(summary.previous), when)
            )
            compare = f"{_label('compared-with', lang)}{previous}"
    elif summary.ratio is not None:
        ratio = summary.ratio
        base = format_period(parse_period(summary.base_period), lang) if summary.base_period else ""
        value = format_quantity(
            ratio.value, TIMES_UNIT, lang, qualifier=ratio.qualifier, decimals=ratio_decimals(ratio.value), style=style
        )
        period = f"{_period(ratio, lang)}{locales.get(lang).comma}{t('ratio-statement', lang, base=base)}"
        hedged = ratio.qualifier is not Qualifier.EXACT
    if summary.change is None:
        change = None if summary.latest is None and summary.ratio is not None else t("no-change-value", lang)
        return KpiLines(value, period, qualifier, compare, change, "none", hedged)
    amount = summary.change
    arrow = "▲" if amount.value > 0 else "▼" if amount.value < 0 else "■"
    # Said in words ("减少70件以上"), per month when the values compared are monthly averages.
    per_month = summary.latest is not None and summary.latest.measure is Measure.MEAN_PER_MONTH
    text = format_change(
        amount.value, unit, lang, qualifier=amount.qualifier, decimals=decimals, style=style, per_month=per_month
    )
    extra = None
    if summary.relative is not None:
        extra = format_change(
            summary.relative.value,
            PERCENT_CHANGE_UNIT,
            lang,
            qualifier=summary.relative.qualifier,
            decimals=1,
            style=style,
        )
    elif summary.previous is not None and summary.previous.value == 0:
        extra = t("from-zero", lang)
    if extra is not None:
        text = locales.get(lang).parenthesized(text, extra)
    higher_is_better = meta["higher_is_better"]
    if amount.value == 0 or higher_is_better is None or pd.isna(higher_is_better):
        direction = "neutral"
    else:
        direction = "good" if (amount.value > 0) == bool(higher_is_better) else "bad"
    return KpiLines(value, period, qualifier, compare, f"{_label('change', lang)}{arrow} {text}", direction, hedged)

"""The words on a chart: value labels, hover texts, the key of marks, titles and the source line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle, format_period, format_published, format_quantity
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.preference import rule_label
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Unit
from layouts.charts.style import plain, wrap
from layouts.i18n import t, tn


def marker_symbol(qualifier: Qualifier | str, derived: bool) -> str:
    """The plotly marker of a value: by its qualifier, a diamond when it is computed."""
    kind = QUALIFIERS[Qualifier(qualifier)]
    return kind.derived_marker if derived else kind.marker


def source_names(dataset: Dataset, source_ids: set[str], lang: Lang) -> str:
    """The sources named for a reader: publisher, title and date of each."""
    names = []
    for source_id in sorted(source_ids):
        if source_id not in dataset.sources.index:
            continue
        row = dataset.sources.loc[source_id]
        published = format_published(row["date_published"], lang)
        publisher, title = row[text_column("publisher", lang)], row[text_column("title", lang)]
        names.append(t("source-citation", lang, publisher=publisher, title=title, date=published))
    return locales.get(lang).semicolon.join(names)


def source_line(dataset: Dataset, rows: pd.DataFrame, lang: Lang) -> str:
    """The "Source: ..." line of a chart, naming every source of the values drawn."""
    ids = {s for value in rows["source_id"].dropna() for s in str(value).split(";") if s}
    return t("source-line", lang, sources=source_names(dataset, ids, lang)) if ids else ""


def indicator_name(dataset: Dataset, indicator_id: str, lang: Lang) -> str:
    """The indicator's name in the language."""
    return str(dataset.indicators.loc[indicator_id, text_column("name", lang)])


class ChartRow(NamedTuple):
    """The fields of an observation a chart reads (``suffix``: a label's addition, index charts only)."""

    indicator_id: str
    period: str
    period_start: pd.Timestamp
    period_end: pd.Timestamp
    value: float
    qualifier: str
    measure: str
    derived: bool
    formula: object
    source_id: object
    quote: object
    suffix: object
    preferred_by: object
    alternatives: object
    period_qualifier: object
    period_inferred: object


def chart_rows(frame: pd.DataFrame) -> Iterator[ChartRow]:
    """The rows of an observations frame as :class:`ChartRow` tuples.

    ``itertuples`` builds a new named-tuple class for the frame's 30-odd columns on every call, which
    cost more than drawing a short series.
    """
    columns = [frame[name].tolist() if name in frame.columns else [None] * len(frame) for name in ChartRow._fields]
    return map(ChartRow._make, zip(*columns, strict=True))


def hover_text(
    dataset: Dataset, row, unit: Unit, lang: Lang, style: NumberStyle, decimals: int, memo: dict | None = None
) -> str:
    """The hover text of a value; ``memo`` keeps the indicator and source lines shared by a series."""
    memo = {} if memo is None else memo
    period = parse_period(row.period)
    hedge = getattr(row, "period_qualifier", None) or "exact"  # 近两个月来: about the two months
    measure = t(f"measure-{row.measure}", lang)
    value = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
    )
    name = memo.get(row.indicator_id)
    if name is None:
        name = memo[row.indicator_id] = f"<b>{plain(indicator_name(dataset, row.indicator_id, lang))}</b>"
    lines = [
        name,
        f"<b>{plain(value)}</b>",
        plain(
            locales.get(lang).parenthesized(
                format_period(period, lang, qualifier=hedge, inferred=bool(row.period_inferred)), measure
            )
        ),
        plain(QUALIFIERS[Qualifier(row.qualifier)].text("label", lang)),
    ]
    if row.derived:
        lines.append(f"{plain(t('computed', lang))}: {wrap(str(row.formula), 70)}")
    key = ("source", str(row.source_id))
    if key not in memo:
        sources = source_names(dataset, {s for s in str(row.source_id).split(";") if s}, lang)
        width = 36 if locales.get(lang).cjk else 60
        memo[key] = wrap(t("source-line", lang, sources=sources), width) if sources else ""
    if memo[key]:
        lines.append(memo[key])
    if isinstance(row.quote, str) and row.quote:
        lines.append(wrap(f"“{row.quote}”", 24 if locales.get(lang).cjk else 48))
    if isinstance(rule := getattr(row, "preferred_by", None), str):
        lines.append(plain(tn("preferred-by-hover", lang, int(row.alternatives), rule=rule_label(rule, lang))))
    return "<br>".join(lines)


def point_label(row, unit: Unit, lang: Lang, style: NumberStyle, decimals: int) -> str:
    """The label beside a value: the number with its unit and qualifier mark (and a suffix on index charts).

    A value whose period the curator inferred says so under the number, in the period's own words
    (约2019年9月（推定）): its place on the time axis is not the source's.
    """
    suffix = getattr(row, "suffix", None)
    text = format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, marks=True, measure=row.measure
    )
    if isinstance(suffix, str):
        text = locales.get(lang).parenthesized(text, suffix)
    if getattr(row, "period_inferred", False):
        when = format_period(parse_period(row.period), lang, inferred=True)
        return f"{plain(text)}<br><span style='font-size:11px'>{plain(when)}</span>"
    return plain(text)


def key_line(
    qualifiers: set[Qualifier],
    has_derived: bool,
    has_spans: bool,
    lang: Lang,
    *,
    lines: bool = False,
    bands: bool = False,
) -> str:
    """One line explaining the marks used in a chart: ● exact, ○ about, △ at least, ▽ at most, ◆ computed.

    ``lines`` and ``bands``: milestones drawn as a dashed line (a day), or as a band (a milestone
    dated only to a span, or rolled out over one).
    """
    parts = [
        f"{kind.text('mark', lang)} {kind.text('label', lang)}" for q, kind in QUALIFIERS.items() if q in qualifiers
    ]
    if has_derived:
        parts.append(f"◆ {t('computed-long', lang)}")
    if has_spans:
        parts.append(f"┝━┥ {t('legend-span', lang)}")
    if lines:
        parts.append(t("legend-event", lang))
    if bands:
        parts.append(t("legend-band", lang))
    return locales.get(lang).wide_space.join(parts)


def chart_title(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang) -> str:
    """The names of the indicators drawn; from three on, the first two and how many more."""
    names = [indicator_name(dataset, i, lang) for i in indicator_ids]
    if len(names) > 2:
        return t("chart-title-more", lang, first=names[0], second=names[1], n=len(names), more=len(names) - 2)
    return locales.get(lang).pair_separator.join(names)


def axis_title(unit: Unit, rows: pd.DataFrame, lang: Lang) -> str:
    """The unit's axis title, per month when every value is a monthly average."""
    title = locales.text_in(unit.axis, lang) or ""
    if len(rows) and (rows["measure"] == "mean_per_month").all():
        locale = locales.get(lang)
        close = locale.parenthetical[-1]
        if title.endswith(close):
            return title[: -len(close)] + locale.per_month_axis + close
        return title + locale.per_month_axis
    return title

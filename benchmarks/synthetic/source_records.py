"""Source records and the observations each source holds for one year and one group of indicators."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.synthetic import wording
from benchmarks.synthetic.indicator_records import Series
from benchmarks.synthetic.vocabulary import SOURCE_KINDS, UNIT_WORDS


def source_record(year: int, group: int, rng: random.Random) -> dict:
    """The source of one year's group of indicators: title, publisher, kind, dates, sometimes a note."""
    kind, word, publisher_zh, publisher_en = SOURCE_KINDS[group % len(SOURCE_KINDS)]
    source_id = f"longgang-{word}-{year}-{group + 1:02d}"
    titles = {
        "statistical_bulletin": (
            f"{year}年龙港市国民经济和社会发展统计公报（第{group + 1}部分）",
            f"Statistical bulletin of Longgang's economy and society {year}, part {group + 1}",
        ),
        "government_report": (f"龙港市{year + 1}年政府工作报告", f"Longgang government work report {year + 1}"),
        "government_media": (f"龙港{year}年改革成效数据盘点", f"Longgang's reform in figures, {year}"),
        "press": (f"龙港改革进行时：{year}年度观察", f"Longgang's reform in progress: the year {year}"),
        "other": (f"龙港市{year}年社会组织发展报告", f"Social organisations in Longgang, {year}"),
    }
    title_zh, title_en = titles[kind]
    published = dt.date(year + 1, rng.randint(1, 4), rng.randint(1, 28))
    record: dict = {
        "id": source_id,
        "title": {"zh": title_zh, "en": title_en},
        "publisher": {"zh": publisher_zh, "en": publisher_en},
        "kind": kind,
        "url": f"https://example.org/longgang/{year + 1}/{source_id}.html" if rng.random() < 0.7 else None,
        "date_published": published,
        "date_accessed": dt.date(2026, 11, 28),
    }
    if rng.random() < 0.3:
        record["note"] = (
            f"Monthly figures are taken from the tables of the {year} edition; the text of the summary "
            "rounds them and is quoted only where it gives the figure."
        )
    if rng.random() < 0.3:
        record["not_curated"] = [
            {"text": "12345", "reason": "the number of the citizen hotline, not a quantity"},
            {"text": f"{year}年度", "reason": "the reporting year, used to date the figures"},
        ]
    return record


def source_observations(
    series: Series, year: int, rng: random.Random, revision_of: dict | None
) -> tuple[list[dict], dict | None]:
    """The observations of one indicator in one year's source, and its December one (for revisions)."""
    noun, area_zh = series.noun, series.area[0]
    short = series.id.replace("_", "-")
    records: list[dict] = []
    december = None
    annual_total = 0.0
    for month in range(1, 13):
        series.level *= 1 + series.growth + rng.gauss(0, 0.02)
        if noun.unit == "percent":
            series.level = min(max(series.level, 1.0), 99.0)
        value, shown = wording.stated(series.level, noun, rng)
        qualifier = wording.pick_qualifier(rng)
        last = wording.month_end(year, month)
        iso = f"{year}-{month:02d}"
        roll = rng.random()
        time_zh = f"{year}年{month}月"
        if noun.measure == "stock" and roll < 0.15:
            period, time_zh = f"{iso}-{last:02d}", f"{year}年{month}月底"
        elif noun.measure in ("stock", "flow", "mean_per_month") and roll < 0.25:
            period = f"{iso}-01/{iso}-{last:02d}"
        elif noun.measure in ("flow", "mean_per_month") and roll < 0.32:
            period = f"P1M/{iso}-{last:02d}"
        else:
            period = iso
        figure = wording.hedged(shown, UNIT_WORDS.get(noun.unit, ""), qualifier, rng)
        if noun.unit == "rank":
            figure = f"全省第{shown}名"
        record: dict = {}
        if rng.random() < 0.7:
            record["id"] = f"{short}-{iso}"
        record["indicator"] = series.id
        record["period"] = period
        record["value"] = value
        record["qualifier"] = "exact" if noun.unit == "rank" else qualifier
        record["quote"] = wording.quote(noun, area_zh, time_zh, figure, rng)
        note = wording.note(time_zh, iso, figure, record["qualifier"], rng)
        if note:
            record["note"] = note
        records.append(record)
        if isinstance(value, int | float) and noun.measure == "flow":
            annual_total += value
        if month == 12:
            december = record
    if noun.measure == "flow" and noun.unit != "yuan" and annual_total:
        records.append(
            {
                "id": f"{short}-{year}-total",
                "indicator": series.id,
                "period": year if rng.random() < 0.3 else str(year),
                "value": int(annual_total),
                "qualifier": "at_least",
                "quote": f"{year}年全年，{'龙港市' if area_zh == '全市' else area_zh}{noun.zh}共{int(annual_total)}多{UNIT_WORDS[noun.unit]}",
                "note": "The annual total printed in the bulletin; the months that could not be read are missing, so at least.",
            }
        )  # fmt: skip
    if noun.measure == "stock" and noun.unit != "percent" and rng.random() < 0.1:
        ratio = round(rng.uniform(1.05, 2.2), 1)
        records.append(
            {
                "id": f"{short}-{year}-vs-previous",
                "indicator": series.id,
                "measure": "ratio_to_base",
                "period": f"{year}-12-31",
                "base_period": f"{year - 1}-12-31",
                "value": ratio,
                "qualifier": "approximately",
                "quote": f"{noun.zh}数量是上年末的{wording.trim(ratio)}倍",
                "note": "A multiple of the level at the end of the previous year; the text gives no level.",
            }
        )
    if revision_of is not None:
        revised = dict(revision_of)
        revised["id"] = f"{short}-{year - 1}-12-revised"
        if rng.random() < 0.5 and isinstance(revised["value"], int):
            revised["value"] = revised["value"] + 1
        revised["quote"] = f"（修订）{revision_of['quote']}"[:60]
        if rng.random() < 0.3:
            revised["preferred"] = True
            revised["note"] = (
                "修订数 (the revised figure) is preferred over the preliminary one of last year's bulletin."
            )
        else:
            revised["note"] = "The revised figure for last December, printed in this year's bulletin."
        records.append(revised)
    return records, december

"""Synthetic curated data in the real YAML format, at the scales the benchmark measures.

The synthetic data is the curated data of ``data/`` (its catalog, indicators, article and events)
plus generated indicators and sources, so every benchmark loads real records too:

* ``article``: ``data/`` as it is;
* ``medium``: 200 measured indicators x 10 years monthly (about 24k observations, about 55 files);
* ``large``: 1,000 measured indicators x 20 years monthly (about 250k observations, about 210 files).

Generated indicators reuse the real units and categories and have zh/en names and descriptions. Each
source (a statistical bulletin, government report, media or press article for one year and one group
of indicators) is one file with ``source:`` and ``observations:``, written the way curators write
them: mostly monthly periods (``"2015-03"``), some month-end days, intervals and durations, annual
totals, ``ratio_to_base`` statements, a mix of qualifiers with the matching hedge word in a Chinese
quote, values printed as ``4113万`` or ``1.3亿``, notes, and revised figures in the next year's source
(conflicts). About 5% more indicators are derived (sums, shares, changes, nested formulas, period
selectors) so the cost of derivation is measured too. Everything is seeded: the same scale always
produces byte-identical files, and they validate with zero problems.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
WORK_DIR = Path(__file__).resolve().parent / "work"
SEED = 20190925
#: Written beside the data (not a .yaml file, so the loader never reads it) to skip regenerating.
MANIFEST = "generated.json"


@dataclass(frozen=True, slots=True)
class Scale:
    """How much synthetic data to add to the curated data of ``data/``."""

    name: str
    indicators: int  # measured (curated) indicators; derived ones come on top
    years: int  # of monthly observations, ending with LAST_YEAR
    groups: int  # sources per year: each covers one group of indicators
    indicator_files: int  # files the indicator definitions are spread over
    derived_share: float = 0.05


LAST_YEAR = 2025
SCALES: dict[str, Scale | None] = {
    "article": None,
    "medium": Scale("medium", indicators=200, years=10, groups=4, indicator_files=6),
    "large": Scale("large", indicators=1000, years=20, groups=9, indicator_files=20),
}


# --- vocabulary -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Noun:
    """A kind of indicator: its words, unit, measure and typical size."""

    stem: str
    zh: str
    en: str
    category: str
    unit: str
    measure: str
    low: float  # level at the start of the series
    high: float
    verb: str = "达"  # how quotes introduce the figure
    higher_is_better: bool | None = True


NOUNS = (
    Noun("above_scale_enterprises", "规上企业", "Enterprises above designated size", "enterprises", "enterprise", "stock", 40, 600),
    Noun("high_tech_enterprises", "国家高新技术企业", "National high-tech enterprises", "enterprises", "enterprise", "stock", 10, 200),
    Noun("new_market_entities", "新登记市场主体", "Newly registered market entities", "enterprises", "enterprise", "flow", 80, 2500, "新增"),
    Noun("industrial_output", "规上工业产值", "Output of industry above designated size", "enterprises", "yuan", "flow", 2e8, 6e9, "实现"),
    Noun("tax_revenue", "税收收入", "Tax revenue", "enterprises", "yuan", "flow", 2e7, 9e8, "完成"),
    Noun("rd_spending", "研发经费投入", "R&D spending", "enterprises", "yuan", "flow", 5e6, 3e8, "投入"),
    Noun("specialised_smes", "专精特新中小企业", "Specialised and innovative SMEs", "enterprises", "enterprise", "stock", 3, 80),
    Noun("functional_divisions", "职能处室", "Functional divisions", "government_structure", "division", "stock", 20, 120, "共设", None),
    Noun("business_modules", "业务模块", "Business modules", "government_structure", "module", "stock", 5, 40, "统筹设置", None),
    Noun("business_groups", "业务组", "Business groups", "government_structure", "business_group", "stock", 20, 160, "统筹设置", None),
    Noun("one_window_items", "“一窗受理”事项", "Items handled at one window", "government_structure", "item", "stock", 100, 1500, "达"),
    Noun("cadre_behaviour_records", "干部行为数据记录", "Records of cadre behaviour", "cadre_evaluation", "record", "stock", 800, 40000, "累积"),
    Noun("evaluation_items", "考评事项", "Evaluation items", "cadre_evaluation", "item", "stock", 30, 300, "梳理"),
    Noun("positive_list_items", "正面清单事项", "Positive-list items", "cadre_evaluation", "item", "stock", 5, 40, "发布"),
    Noun("excellent_rate", "干部考评优秀率", "Share of cadres rated excellent", "cadre_evaluation", "percent", "stock", 8, 30, "为", None),
    Noun("general_cases", "一般程序案件", "Cases under the general procedure", "administrative_enforcement", "case", "flow", 10, 120, "办理", None),
    Noun("simple_cases", "简易程序案件", "Cases under the simple procedure", "administrative_enforcement", "case", "flow", 500, 9000, "办理", None),
    Noun("enforcement_items", "综合行政执法事项", "Items of comprehensive enforcement", "administrative_enforcement", "item", "stock", 300, 2800, "拓展到"),
    Noun("enforcement_domains", "综合行政执法领域", "Domains of comprehensive enforcement", "administrative_enforcement", "domain", "stock", 9, 35, "增至"),
    Noun("item_coverage", "执法事项覆盖率", "Enforcement item coverage", "administrative_enforcement", "percent", "stock", 30, 70, "达到"),
    Noun("max_penalty", "个案最高处罚", "Largest penalty in one case", "administrative_enforcement", "yuan", "maximum", 1e5, 2e6, "达", None),
    Noun("service_projects", "政府购买服务项目", "Purchased-service projects launched", "procurement_of_services", "project", "flow", 5, 40, "开展"),
    Noun("service_funds", "政府购买服务资金", "Funds of purchased services", "procurement_of_services", "yuan", "flow", 2e6, 6e7, "涉及"),
    Noun("service_budget", "政府购买服务预算", "Budget for purchased services", "procurement_of_services", "yuan", "plan", 4e6, 9e7, "安排", None),
    Noun("noise_complaints", "广场舞噪音投诉", "Square-dance noise complaints", "public_complaints", "complaint", "mean_per_month", 5, 90, "平均每月收到", False),
    Noun("hotline_complaints", "12345热线投诉", "Complaints to the 12345 hotline", "public_complaints", "complaint", "flow", 200, 6000, "受理", False),
    Noun("resolution_rate", "投诉按期办结率", "Complaints resolved on time", "public_complaints", "percent", "stock", 80, 97, "达"),
    Noun("satisfaction_rank", "群众满意度全省排名", "Province rank of public satisfaction", "public_complaints", "rank", "rank", 3, 60, "位列", False),
)  # fmt: skip

#: How each unit is written after a number in a Chinese quote.
UNIT_WORDS = {
    "enterprise": "家", "division": "个处室", "module": "个模块", "business_group": "个业务组", "item": "项",
    "record": "条", "complaint": "件", "domain": "个", "case": "起", "project": "个", "yuan": "元", "percent": "%",
}  # fmt: skip

#: Community names: the indicators of a noun are given for the whole city and for each community.
_FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("新", "xin"), ("海", "hai"), ("江", "jiang"),
          ("湖", "hu"), ("龙", "long"), ("金", "jin"), ("华", "hua"), ("兴", "xing"), ("安", "an"), ("平", "ping"),
          ("宁", "ning")]  # fmt: skip
_SECOND = [("城", "cheng"), ("港", "gang"), ("湾", "wan"), ("桥", "qiao"), ("浦", "pu"), ("塘", "tang"), ("岙", "ao"),
           ("垟", "yang")]  # fmt: skip
AREAS = [("全市", "Longgang", "city")] + [
    (f"{a}{b}社区", f"{pa.capitalize()}{pb} community", f"{pa}{pb}") for a, pa in _FIRST for b, pb in _SECOND
]

SOURCE_KINDS = (
    # kind, id word, publisher zh, publisher en
    ("statistical_bulletin", "stats", "龙港市统计局", "Longgang Statistics Bureau"),
    ("government_report", "report", "龙港市人民政府", "Longgang People's Government"),
    ("government_media", "fabu", "龙港发布", "Longgang Release (the government's official media account)"),
    ("press", "wzrb", "温州日报", "Wenzhou Daily"),
    ("press", "zjrb", "浙江日报", "Zhejiang Daily"),
    ("other", "shelian", "龙港市社会组织联合会", "Longgang Federation of Social Organisations"),
)


# --- indicators -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Series:
    """A generated measured indicator and the path of its values."""

    id: str
    noun: Noun
    area: tuple[str, str, str]
    level: float
    growth: float  # per month
    group: int = 0


def _indicator_record(series: _Series, rng: random.Random) -> dict:
    noun, (area_zh, area_en, _) = series.noun, series.area
    city = area_zh == "全市"
    record = {
        "id": series.id,
        "name": {"zh": f"{'' if city else area_zh}{noun.zh}", "en": noun.en if city else f"{noun.en}, {area_en}"},
        "description": {
            "zh": f"{'龙港全市' if city else '龙港市' + area_zh}{noun.zh}的数量或金额，按月统计。",
            "en": f"{noun.en} in {'Longgang' if city else area_en + ', Longgang'}, reported monthly.",
        },
        "category": noun.category,
        "unit": noun.unit,
        "measure": noun.measure,
    }
    if noun.unit == "percent":
        record["decimals"] = 1
    if noun.higher_is_better is not None:
        record["higher_is_better"] = noun.higher_is_better
    if city and rng.random() < 0.3:
        record["headline"] = True
    return record


def _derived_records(series: list[_Series], target: int, first_year: int) -> list[dict]:
    """Derived indicators over the generated ones: sums, shares, per-unit values, changes, nesting."""
    by_area: dict[str, dict[str, str]] = {}
    for item in series:
        by_area.setdefault(item.area[2], {})[item.noun.stem] = item.id
    records: list[dict] = []
    for area_zh, area_en, area_id in AREAS:
        have = by_area.get(area_id, {})
        where = {"zh": "" if area_zh == "全市" else area_zh, "en": "" if area_zh == "全市" else f", {area_en}"}
        candidates = []
        if {"general_cases", "simple_cases"} <= have.keys():
            total = f"total_cases_{area_id}"
            candidates.append(
                _derived(
                    total, f"{where['zh']}执法办案量", f"Enforcement cases handled{where['en']}", "administrative_enforcement",
                    "case", "flow", f"{have['general_cases']} + {have['simple_cases']}",
                    "一般程序案件数＋简易程序案件数（同一时段）。", "General plus simple procedure cases over the same period.",
                )
            )  # fmt: skip
            candidates.append(
                _derived(
                    f"total_cases_{area_id}_change", f"{where['zh']}执法办案量增减", f"Change in enforcement cases{where['en']}",
                    "administrative_enforcement", "case", "change", f"{total}[latest] - {total}[first]",
                    "最新一期办案量减去最早一期。", "The latest month's cases minus the earliest month's.",
                )
            )  # fmt: skip
        if {"positive_list_items", "evaluation_items"} <= have.keys():
            candidates.append(
                _derived(
                    f"positive_list_share_{area_id}", f"{where['zh']}正面清单占考评事项比例",
                    f"Positive-list items as a share of evaluation items{where['en']}", "cadre_evaluation", "percent",
                    "stock", f"{have['positive_list_items']} / {have['evaluation_items']} * 100",
                    "正面清单事项数 ÷ 考评事项数 × 100%（同一时点）。", "Positive-list items / evaluation items x 100, same date.",
                    qualifier="approximately",
                )
            )  # fmt: skip
        if {"tax_revenue", "above_scale_enterprises"} <= have.keys():
            candidates.append(
                _derived(
                    f"tax_per_enterprise_{area_id}", f"{where['zh']}每家规上企业税收", f"Tax revenue per enterprise{where['en']}",
                    "enterprises", "yuan", "flow", f"{have['tax_revenue']} / {have['above_scale_enterprises']}",
                    "税收收入 ÷ 规上企业数（同一月份）。", "Tax revenue / enterprises above designated size, same month.",
                )
            )  # fmt: skip
        if "high_tech_enterprises" in have:
            series_id = have["high_tech_enterprises"]
            candidates.append(
                _derived(
                    f"high_tech_growth_{area_id}", f"{where['zh']}高新技术企业增长率", f"Growth of high-tech enterprises{where['en']}",
                    "enterprises", "percent_change", "change", f"({series_id}[latest] / {series_id}[first] - 1) * 100",
                    "增长率 =（最新一期 ÷ 最早一期 − 1）× 100%。", "Growth = (latest / earliest - 1) x 100%.", decimals=1,
                )
            )  # fmt: skip
        if {"service_funds", "service_budget"} <= have.keys():
            month = f"{first_year}-06"
            candidates.append(
                _derived(
                    f"service_budget_used_{area_id}", f"{where['zh']}购买服务预算执行率（{first_year}年6月）",
                    f"Purchased-service budget used, June {first_year}{where['en']}", "procurement_of_services", "percent",
                    "stock", f'{have["service_funds"]}["{month}"] / {have["service_budget"]}["{month}"] * 100',
                    "当月资金 ÷ 当月预算 × 100%。", "The month's funds / the month's budget x 100.", period=month,
                )
            )  # fmt: skip
        for record in candidates:
            if len(records) >= target:
                return records
            records.append(record)
    return records


def _derived(
    indicator_id: str, zh: str, en: str, category: str, unit: str, measure: str, formula: str,
    processing_zh: str, processing_en: str, **extra: object,
) -> dict:  # fmt: skip
    record = {
        "id": indicator_id,
        "name": {"zh": zh, "en": en},
        "description": {"zh": f"{zh}，由公式计算。", "en": f"{en}, computed from a formula."},
        "category": category,
        "unit": unit,
        "measure": measure,
        "formula": formula,
    }
    record.update(extra)
    record["processing"] = {"zh": processing_zh, "en": processing_en}
    return record


# --- values and quotes ------------------------------------------------------------------------


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _trim(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _stated(value: float, noun: Noun, rng: random.Random) -> tuple[object, str]:
    """The value as a curator writes it in YAML, and as it appears in the quote (without the unit)."""
    if noun.unit == "percent":
        number = round(min(max(value, 0.5), 99.9), 1)
        return number, _trim(number)
    if noun.unit == "rank":
        number = max(1, min(round(value), 90))
        return number, str(number)
    if noun.unit == "yuan":
        roll = rng.random()
        if value >= 1e8 and roll < 0.3:
            text = f"{_trim(round(value / 1e8, 2))}亿"
            return text, text
        if roll < 0.75:
            text = f"{round(value / 1e4):d}万"
            return text, text
        number = int(round(value, -2))
        return number, str(number)
    number = max(1, round(value))
    if number >= 10_000 and rng.random() < 0.3:
        text = f"{_trim(round(number / 1e4, 1))}万"
        return text, text
    return number, str(number)


QUALIFIERS = (("exact", 0.7), ("approximately", 0.12), ("at_least", 0.12), ("at_most", 0.06))


def _qualifier(rng: random.Random) -> str:
    roll = rng.random()
    for name, share in QUALIFIERS:
        if roll < share:
            return name
        roll -= share
    return "exact"


def _hedged(shown: str, unit: str, qualifier: str, rng: random.Random) -> str:
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


def _quote(noun: Noun, area_zh: str, time_zh: str, figure: str, rng: random.Random) -> str:
    template = rng.choice(_QUOTES)
    area = "龙港市" if area_zh == "全市" else area_zh
    quote = template.format(
        time=time_zh,
        area=area,
        noun=noun.zh,
        verb=noun.verb,
        figure=figure,
        growth=_trim(round(rng.uniform(0.5, 25), 1)),
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


def _note(time_zh: str, iso: str, hedge: str, qualifier: str, rng: random.Random) -> str | None:
    if rng.random() >= 0.3:
        return None
    template = rng.choice(_NOTES)
    if "{hedge}" in template and qualifier == "exact":
        template = _NOTES[0]
    return template.format(time=time_zh, iso=iso, hedge=hedge, qualifier=qualifier.replace("_", " "))


# --- sources and observations -----------------------------------------------------------------


def _source_record(year: int, group: int, rng: random.Random) -> dict:
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


def _observations(
    series: _Series, year: int, rng: random.Random, revision_of: dict | None
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
        value, shown = _stated(series.level, noun, rng)
        qualifier = _qualifier(rng)
        last = _month_end(year, month)
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
        figure = _hedged(shown, UNIT_WORDS.get(noun.unit, ""), qualifier, rng)
        if noun.unit == "rank":
            figure = f"全省第{shown}名"
        record: dict = {}
        if rng.random() < 0.7:
            record["id"] = f"{short}-{iso}"
        record["indicator"] = series.id
        record["period"] = period
        record["value"] = value
        record["qualifier"] = "exact" if noun.unit == "rank" else qualifier
        record["quote"] = _quote(noun, area_zh, time_zh, figure, rng)
        note = _note(time_zh, iso, figure, record["qualifier"], rng)
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
                "quote": f"{noun.zh}数量是上年末的{_trim(ratio)}倍",
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


def build(scale: Scale, seed: int = SEED) -> dict[str, dict]:
    """Every generated file of a scale, as ``{relative path: document}``.

    Args:
        scale: How many indicators, years and files.
        seed: The random seed; the same seed gives the same documents.

    Returns:
        The documents, before they are written as YAML (the files of ``data/`` are not included).
    """
    rng = random.Random(seed)
    first_year = LAST_YEAR - scale.years + 1
    series: list[_Series] = []
    for index in range(scale.indicators):
        noun = NOUNS[index % len(NOUNS)]
        area = AREAS[index // len(NOUNS)]
        level = rng.uniform(noun.low, noun.high) * 0.6
        growth = rng.uniform(-0.002, 0.01) if noun.unit != "rank" else rng.uniform(-0.004, 0.0)
        series.append(_Series(f"{noun.stem}_{area[2]}", noun, area, level, growth))
    series.sort(key=lambda s: (s.noun.category, s.id))
    for position, item in enumerate(series):
        item.group = position * scale.groups // len(series)
    derived = _derived_records(series, max(1, round(scale.indicators * scale.derived_share)), first_year)

    documents: dict[str, dict] = {}
    records = [_indicator_record(item, rng) for item in series] + derived
    records.sort(key=lambda r: r["category"])
    per_file = -(-len(records) // scale.indicator_files)
    for number in range(scale.indicator_files):
        chunk = records[number * per_file : (number + 1) * per_file]
        if chunk:
            documents[f"indicators/synthetic-{number + 1:03d}.yaml"] = {"indicators": chunk}

    events = []
    decembers: dict[str, dict] = {}
    for year in range(first_year, LAST_YEAR + 1):
        for group in range(scale.groups):
            source = _source_record(year, group, rng)
            observations: list[dict] = []
            for item in series:
                if item.group != group:
                    continue
                previous = decembers.get(item.id) if rng.random() < 0.03 else None
                found, decembers[item.id] = _observations(item, year, rng, previous)
                observations.extend(found)
            documents[f"sources/synthetic/{source['id']}.yaml"] = {"source": source, "observations": observations}
            if group == 0:
                events.append(
                    {
                        "id": f"reform-review-{year}",
                        "period": f"{year}-{rng.randint(3, 11):02d}",
                        "kind": "reform",
                        "name": {"zh": f"{year}年度改革推进会", "en": f"Reform review meeting {year}"},
                        "source": source["id"],
                        "quote": f"{year}年度改革推进会召开",
                    }
                )
    documents["catalog/events-synthetic.yaml"] = {"events": events}
    return documents


# --- writing YAML the way curators do -----------------------------------------------------------

#: What a plain scalar may not hold: indicators at its start, ": " or " #" inside, edge spaces, breaks.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|[\n\t\\]")
#: Inside a flow mapping ({zh: ..., en: ...}) the flow indicators are special too.
_NOT_PLAIN_IN_FLOW = re.compile(r"[,\[\]{}]")
_RESOLVER = yaml.resolver.Resolver()


def _text(value: str, *, flow: bool = False) -> str:
    """A string as a plain YAML scalar when that reads back as the same string, else double-quoted."""
    if value and not _NOT_PLAIN.search(value) and not (flow and _NOT_PLAIN_IN_FLOW.search(value)):
        if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
            return value
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: object, *, quote_text: bool = False, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    assert isinstance(value, str), f"cannot write {value!r} as YAML"
    return json.dumps(value, ensure_ascii=False) if quote_text else _text(value, flow=flow)


#: Fields written in double quotes as curators do (periods must stay text, not dates or numbers).
_QUOTED = {"period", "base_period"}


def _is_flow(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) and len(str(value)) < 100


def _mapping_lines(record: dict, indent: str) -> list[str]:
    lines = []
    for key, value in record.items():
        if isinstance(value, dict):
            if _is_flow(value):
                inner = ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in value.items())
                lines.append(f"{indent}{key}: {{{inner}}}")
            else:
                lines.append(f"{indent}{key}:")
                lines.extend(_mapping_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                lines.extend(_item_lines(item, indent + "  "))
        elif isinstance(value, str) and len(value) > 90 and _foldable(value):
            lines.append(f"{indent}{key}: >-")
            lines.extend(
                indent + "  " + part
                for part in textwrap.wrap(value, 96 - len(indent), break_on_hyphens=False, break_long_words=False)
            )
        else:
            quoted = key in _QUOTED and isinstance(value, str)
            lines.append(f"{indent}{key}: {_scalar(value, quote_text=quoted)}")
    return lines


def _foldable(value: str) -> bool:
    # Folding joins lines with one space: only text whose words are separated by single spaces folds back.
    return " " in value and "  " not in value and value == value.strip() and "\n" not in value


def _item_lines(item: object, indent: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{indent}- {_scalar(item)}"]
    lines = _mapping_lines(item, indent + "  ")
    lines[0] = f"{indent}- {lines[0].lstrip()}"
    return lines


def to_yaml(document: dict, header: str = "") -> str:
    """A document as curated YAML: block records, ``{zh, en}`` texts on one line, blank lines between records."""
    lines = [f"# {header}"] if header else []
    for key, value in document.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for number, item in enumerate(value):
                if number and key in ("indicators", "observations") and number % 12 == 0:
                    lines.append("")
                lines.extend(_item_lines(item, "  "))
        else:
            lines.append(f"{key}:")
            lines.extend(_mapping_lines(value, "  "))
    return "\n".join(lines) + "\n"


# --- the data directory -----------------------------------------------------------------------


def data_dir_for(scale_name: str, work_dir: Path = WORK_DIR, *, seed: int = SEED) -> Path:
    """Write (or reuse) the data directory of a scale and return it.

    ``article`` is a copy of ``data/``; the others add the generated files to that copy. A directory
    written by the same generator with the same seed is reused as it is.
    """
    if scale_name not in SCALES:
        raise ValueError(f"unknown scale {scale_name!r}; use one of {', '.join(SCALES)}")
    scale = SCALES[scale_name]
    target = work_dir / scale_name
    fingerprint = _fingerprint(scale, seed)
    manifest = target / MANIFEST
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint") == fingerprint:
        return target
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA_DIR, target)
    if scale is not None:
        write(build(scale, seed), target)
    manifest.write_text(json.dumps({"fingerprint": fingerprint, "scale": scale_name, "seed": seed}), encoding="utf-8")
    return target


def write(documents: dict[str, dict], target: Path) -> None:
    """Write generated documents below ``target``."""
    for relative, document in documents.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            to_yaml(document, "Synthetic benchmark data (benchmarks/generate.py); not real figures."), encoding="utf-8"
        )


def _fingerprint(scale: Scale | None, seed: int) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps([asdict(scale) if scale else None, seed]).encode())
    return digest.hexdigest()

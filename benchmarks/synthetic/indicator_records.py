"""Indicator records: the generated measured indicators (with their path of values) and derived ones."""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.synthetic.vocabulary import AREAS, Noun


@dataclass(slots=True)
class Series:
    """A generated measured indicator and the path of its values."""

    id: str
    noun: Noun
    area: tuple[str, str, str]
    level: float
    growth: float  # per month
    group: int = 0


def indicator_record(series: Series, rng: random.Random) -> dict:
    """The definition of a generated measured indicator: names, description, category, unit, measure."""
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


def derived_records(series: list[Series], target: int, first_year: int) -> list[dict]:
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

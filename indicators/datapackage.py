"""The export as a Frictionless Data Package: ``datapackage.json`` with a Table Schema for each CSV.

A script (pandas, R, ``frictionless validate``) learns from it every column's type, its meaning,
the unit of the values and the values a qualifier may take, without reading the README. The zip
holds one beside its CSV files; ``/data/datapackage.json`` describes ``/data/observations.csv``
(the tidy table's stable columns) and carries the metadata tables inline.

Pure: data in, a JSON-ready dict out (:mod:`outputs.writers` and the routes write it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.export_notes import column_meanings
from indicators.preference import PreferenceRule
from indicators.qualifiers import QUALIFIERS as QUALIFIER_KINDS
from indicators.qualifiers import Qualifier
from indicators.schema import Measure, SourceKind, UnitKind
from indicators.version import data_version

#: The package's name (lower case, as the specification asks).
PACKAGE_NAME = "longgang-reform-indicators"
#: Resource names of the tables, in order.
OBSERVATIONS, INDICATORS, SOURCES, QUALIFIERS = "observations", "indicators", "sources", "qualifiers"
_DATE_COLUMNS = frozenset({"period_start", "period_end", "date_published", "date_accessed"})

#: Meaning of the columns of the metadata tables (indicators, sources, qualifiers) and of the wide layout.
METADATA_COLUMNS: dict[str, dict[str, str]] = locales.translatable(
    "data package columns",
    {
        "en": {
            "indicator_id": "the indicator's id (the tidy table's indicator_id)",
            "name": "the indicator's name in {language}",
            "description": "what the indicator counts or measures, in {language}",
            "category": "the category's id",
            "category_name": "the category's name in {language}",
            "unit": "the unit's id; values are in this unit's base form (yuan, not 万元)",
            "unit_name": "the unit's name in {language}",
            "unit_kind": "count, currency, percent, ratio or rank",
            "measure": "what a value says about its period (stock, flow, mean_per_month, ...)",
            "decimals": "decimals the dashboard shows",
            "higher_is_better": "True when a rise is good news, False when a fall is; empty when neither",
            "derived": "True for an indicator computed from a formula",
            "formula": "the formula of a derived indicator (other indicators' ids)",
            "formula_qualifier": "the least exact qualifier a formula's result has",
            "processing": "how it is computed or curated, in {language}",
            "note": "notes on reading it, in {language}",
            "source_id": "the source's id (the tidy table's source_id)",
            "title": "the publication's title in {language}",
            "publisher": "who published it, in {language}",
            # From the one list of kinds (a kind added there is named here too).
            "kind": "the kind of publication: " + ", ".join(kind.value for kind in SourceKind),
            "url": "where it was read (empty when not recorded)",
            "date_published": "the day it was published",
            "date_accessed": "the day the curator read it",
            "source_note": "notes on the source, in {language}",
            "qualifier": "exact, approximately, at_least or at_most",
            "label": "the qualifier in {language}",
            "hedge_words_zh": "the Chinese words that mean it (约, 多, 超过, ...)",
            "meaning": "what it means, in {language}",
            "wide_value": "{name}: the preferred value of each period, in {unit}",
            "wide_qualifier": "how exact the value before it is (empty for periods without a value)",
            "value_unit": "per row, the unit column (base units: yuan, not 万元; per cent for percentages)",
        },
        "zh": {
            "indicator_id": "指标编号（即长表的 indicator_id）",
            "name": "指标名称（{language}）",
            "description": "指标统计或衡量的内容（{language}）",
            "category": "类别编号",
            "category_name": "类别名称（{language}）",
            "unit": "单位编号；数值以该单位的基本形式表示（元而非万元）",
            "unit_name": "单位名称（{language}）",
            "unit_kind": "单位类型：count 计数、currency 金额、percent 百分比、ratio 比率、rank 排名",
            "measure": "数值类型（stock 存量、flow 期间累计、mean_per_month 月均等）",
            "decimals": "看板显示的小数位数",
            "higher_is_better": "True 表示上升是好事，False 表示下降是好事；空表示无所谓好坏",
            "derived": "True 表示由公式推算的指标",
            "formula": "推算指标的公式（由其他指标编号组成）",
            "formula_qualifier": "公式结果至多有多精确",
            "processing": "计算或整理方法（{language}）",
            "note": "解读说明（{language}）",
            "source_id": "出处编号（即长表的 source_id）",
            "title": "出处标题（{language}）",
            "publisher": "发布者（{language}）",
            "kind": "出处类型：" + "、".join(kind.value for kind in SourceKind),
            "url": "网址（未记录时为空）",
            "date_published": "发布日期",
            "date_accessed": "整理者查阅日期",
            "source_note": "出处说明（{language}）",
            "qualifier": "精确程度：exact、approximately、at_least、at_most",
            "label": "精确程度的说明（{language}）",
            "hedge_words_zh": "表示该精确程度的中文用词（约、多、超过等）",
            "meaning": "含义（{language}）",
            "wide_value": "{name}：各时期看板采用的数值，单位为{unit}",
            "wide_qualifier": "前一列数值的精确程度（该时期无数值时为空）",
            "value_unit": "见每行的 unit 列（基本单位：元而非万元；百分比按百分数）",
        },
    },
    by="language",
)

_PACKAGE_TEXTS = locales.translatable(
    "data package",
    {
        "en": {
            "title": "Longgang reform indicators (龙港改革成效指标)",
            "description": "Published results of Longgang's administrative reform, curated from public reports; "
            "every value with its source and the clause it comes from. Values are in base units; the qualifier "
            "says how exact a figure is.",
            "observations": "The values: {layout}",
            "tidy": "one row per value, every source's value",
            "wide": "one row per period, one column per indicator (the values the dashboard shows)",
            "indicators": "Definitions of the indicators",
            "sources": "The publications the figures come from",
            "qualifiers": "What each qualifier means",
        },
        "zh": {
            "title": "龙港改革成效指标",
            "description": "龙港行政体制改革的公开成效数据，整理自公开报道，每个数值附出处及原文。数值以基本单位表示，"
            "精确程度（qualifier）说明数字是否确数。",
            "observations": "数值：{layout}",
            "tidy": "长表，每个数值一行，含每个出处的数值",
            "wide": "宽表，每个时期一行，每个指标一列（看板采用的数值）",
            "indicators": "指标定义",
            "sources": "数字的出处",
            "qualifiers": "精确程度的含义",
        },
    },
    by="language",
)

_LANGUAGE_NAMES = {"zh": {"zh": "中文", "en": "Chinese"}, "en": {"zh": "英文", "en": "English"}}


def datapackage(
    dataset: Dataset,
    tables: Sequence[tuple[str, str, pd.DataFrame]],
    *,
    layout: str,
    lang: str | None,
    encoding: str,
    today: date,
    inline: Iterable[str] = (),
) -> dict[str, Any]:
    """The descriptor of an export's tables.

    Args:
        dataset: The data the tables come from (units, categories, the data version).
        tables: (resource name, file path, table) of each CSV, the observations first.
        layout: ``tidy`` or ``wide`` (the observations' layout).
        lang: Language of the readable columns (None: stable columns only); also of the descriptions
            (English when None).
        encoding: Text encoding of the CSV files (``utf-8-sig`` with a byte order mark).
        today: Day the export was made.
        inline: Names of resources whose rows go into the descriptor itself rather than a file.
    """
    prose = lang or "en"
    texts = locales.text_in(_PACKAGE_TEXTS, prose)
    version = data_version(dataset)
    inline = set(inline)
    resources = []
    for name, path, table in tables:
        resource: dict[str, Any] = {
            "name": name,
            "profile": "tabular-data-resource",
            "title": texts[OBSERVATIONS].format(layout=texts[layout]) if name == OBSERVATIONS else texts[name],
        }
        schema = _schema(dataset, name, table, layout, lang, prose)
        if name in inline:
            resource["data"] = _rows(table, schema)
        else:
            resource |= {"path": path, "format": "csv", "mediatype": "text/csv", "encoding": encoding}
        resource["schema"] = schema
        resources.append(resource)
    names = {name for name, _, _ in tables}
    if layout == "tidy" and INDICATORS in names:
        resources[0]["schema"]["foreignKeys"] = [
            {"fields": "indicator_id", "reference": {"resource": INDICATORS, "fields": "indicator_id"}}
        ]
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": texts["title"],
        "description": texts["description"],
        "version": version.label,
        "created": f"{today.isoformat()}T00:00:00Z",
        "keywords": ["Longgang", "龙港", "administrative reform", "行政体制改革", "indicators"],
        "contributors": [{"title": "reform-indicators", "role": "author"}],
        "sources": _sources(dataset, tables),
        "data_version": version.to_dict(),
        "resources": resources,
    }


def _sources(dataset: Dataset, tables: Sequence[tuple[str, str, pd.DataFrame]]) -> list[dict[str, str]]:
    cited = next((table for name, _, table in tables if name == SOURCES), None)
    ids = list(cited["source_id"]) if cited is not None else list(dataset.sources.index)
    found = []
    for source_id in ids:
        row = dataset.sources.loc[source_id]
        day = pd.Timestamp(row["date_published"]).date().isoformat()
        source = {"title": f"{row['publisher_zh']}《{row['title_zh']}》（{day}）"}
        if isinstance(row["url"], str):
            source["path"] = row["url"]
        found.append(source)
    return found


def _schema(dataset: Dataset, resource: str, table: pd.DataFrame, layout: str, lang: str | None, prose: str) -> dict:
    """A Table Schema of a table: a field per column, typed, described, with its allowed values."""
    meanings = column_meanings(prose)
    notes = locales.text_in(METADATA_COLUMNS, prose)
    wide = table.attrs.get("wide_columns", {}) if resource == OBSERVATIONS and layout == "wide" else {}
    fields = []
    for column in table.columns:
        name = str(column)
        field: dict[str, Any] = {"name": name, "type": _type(name, table[column])}
        if name in wide:
            field |= _wide_field(dataset, wide[name], lang, notes)
        else:
            description = (meanings if resource == OBSERVATIONS else {}).get(name) or _metadata_note(
                resource, name, notes, prose
            )
            if description:
                field["description"] = description
            field |= _constraints(dataset, resource, name, lang)
            if "enum" in field.get("constraints", {}):
                # A column of codes is text, even when no row has a code (pandas then holds it as numbers).
                field["type"] = "string"
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    key = {OBSERVATIONS: "obs_id", INDICATORS: "indicator_id", SOURCES: "source_id", QUALIFIERS: "qualifier"}
    if key[resource] in table.columns:
        schema["primaryKey"] = [key[resource]]
    return schema


def _type(name: str, values: pd.Series) -> str:
    if name in _DATE_COLUMNS:
        return "date"
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "number"
    return "string"


def _metadata_note(resource: str, name: str, notes: dict[str, str], prose: str) -> str | None:
    """The meaning of a metadata table's column; ``name_zh`` is "the name in Chinese"."""
    if name in notes:
        return notes[name]
    base, _, suffix = name.rpartition("_")
    if resource == SOURCES and base == "note":
        base = "source_note"
    if suffix not in _LANGUAGE_NAMES or base not in notes:
        return None
    return notes[base].format(language=locales.text_in(_LANGUAGE_NAMES[suffix], prose))


def _constraints(dataset: Dataset, resource: str, name: str, lang: str | None) -> dict[str, Any]:
    """Allowed values of the columns that hold codes; ids that every row has are required."""
    allowed: list[str] | None = None
    if name in ("qualifier", "formula_qualifier", "period_qualifier"):
        allowed = [q.value for q in Qualifier]
    elif name == "preferred_by":
        allowed = [rule.value for rule in PreferenceRule]
    elif name == "measure":
        allowed = [m.value for m in Measure]
    elif name == "unit":
        allowed = sorted(set(dataset.units) | ({"times"} if resource == OBSERVATIONS else set()))
    elif name == "category":
        allowed = sorted(dataset.categories)
    elif name == "unit_kind":
        allowed = [k.value for k in UnitKind]
    elif name == "kind" and resource == SOURCES:
        allowed = [k.value for k in SourceKind]
    elif name == "qualifier_label" and lang is not None:
        allowed = [QUALIFIER_KINDS[q].text("label", lang) for q in Qualifier]
    constraints: dict[str, Any] = {"enum": allowed} if allowed else {}
    required = {
        OBSERVATIONS: {"indicator_id", "period", "period_start", "period_end", "measure", "value", "unit", "qualifier",
                       "obs_id"},
        INDICATORS: {"indicator_id", "category", "unit", "measure"},
        SOURCES: {"source_id", "kind", "date_published", "date_accessed"},
        QUALIFIERS: {"qualifier"},
    }  # fmt: skip
    if name in required.get(resource, ()):
        constraints["required"] = True
    extra: dict[str, Any] = {"constraints": constraints} if constraints else {}
    if resource == OBSERVATIONS and name == "value":
        extra["unit"] = locales.text_in(METADATA_COLUMNS, lang or "en")["value_unit"]
    return extra


def _wide_field(dataset: Dataset, column: dict[str, str], lang: str | None, notes: dict[str, str]) -> dict[str, Any]:
    """A wide table's value or qualifier column: what it holds, its unit, its allowed qualifiers."""
    indicator_id, measure = column["indicator_id"], column["measure"]
    if column["role"] == "qualifier":
        allowed = [q.value if lang is None else QUALIFIER_KINDS[q].text("label", lang) for q in Qualifier]
        return {"description": notes["wide_qualifier"], "constraints": {"enum": allowed}, "indicator": indicator_id}
    prose = lang or "en"
    unit_id = "times" if measure == Measure.RATIO_TO_BASE else dataset.indicator_models[indicator_id].unit
    unit_name = (
        locales.text_in(dataset.units[unit_id].name, prose) if unit_id in dataset.units else unit_id
    ) or unit_id
    name = dataset.indicators.loc[indicator_id, locales.text_column("name", prose)]
    return {
        "description": notes["wide_value"].format(name=name, unit=unit_name),
        "unit": unit_id,
        "indicator": indicator_id,
        "measure": measure,
        **({"base_period": column["base_period"]} if column.get("base_period") else {}),
    }


def _rows(table: pd.DataFrame, schema: dict) -> list[list[object]]:
    """Inline rows: a header, then the values as JSON has them (dates as ISO text, NaN as null)."""
    rows: list[list[object]] = [[field["name"] for field in schema["fields"]]]
    for record in table.itertuples(index=False, name=None):
        rows.append([_json_value(value) for value in record])
    return rows


def _json_value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value

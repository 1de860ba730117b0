"""The words that travel with an export: column meanings, the qualifier legend and the README.

Kept apart from :mod:`indicators.tables` (which builds tables) because it is prose in two
languages. The English column table is the one in docs/data-format.md (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from indicators import locales
from indicators.formatting import Lang
from indicators.preference import PreferenceRule
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Measure, SourceKind

#: Meaning of each column of the tidy table, grouped as in docs/data-format.md: (columns, en, zh).
TIDY_COLUMN_NOTES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("indicator_id", "indicator_name_zh", "indicator_name_en", "category"),
        "the indicator: its id, Chinese name, English name and category",
        "指标（编号、中文名、英文名、类别）",
    ),
    (("period",), "the period as written in the data (ISO 8601)", "数据中所写的时间口径（ISO 8601）"),
    (
        ("period_start", "period_end"),
        "first and last day of the period (inclusive, `YYYY-MM-DD`)",
        "时间口径的首日和末日（含当日，`YYYY-MM-DD`）",
    ),
    (
        ("period_qualifier",),
        "how exact the period is: `approximately` when the source hedges the time, not the value (近两个月来)",
        "时间口径的精确程度：原文限定的是时间而非数值时（如“近两个月来”）为 `approximately`",
    ),
    (
        ("measure",),
        "stock, flow, mean_per_month, maximum, plan, rank, ratio_to_base or change",
        "数值类型：stock 存量、flow 期间累计、mean_per_month 月均、maximum 最大值、plan 计划、rank 排名、"
        "ratio_to_base 相对基期倍数、change 变化",
    ),
    (
        ("value",),
        "the value in base units: yuan, not 万元; per cent for percentages; the ratio for `ratio_to_base`",
        "以基本单位表示的数值：元而非万元；百分比按百分数记（78 即 78%）；`ratio_to_base` 为倍数",
    ),
    (("unit",), "the unit id (`times` for `ratio_to_base` rows)", "单位编号（`ratio_to_base` 行为 `times`，即倍）"),
    (
        ("qualifier",),
        "exact, approximately, at_least or at_most",
        "精确程度：exact 确数、approximately 约数、at_least 下限、at_most 上限",
    ),
    (
        ("value_stated",),
        "the value as written in the data (`1.3亿`), empty for derived values",
        "数据中所写的数值（如 `1.3亿`）；推算值为空",
    ),
    (("base_period",), "for `ratio_to_base`: the period compared with", "`ratio_to_base` 行的基期"),
    (
        ("source_id", "source_title", "source_url"),
        "where it comes from (derived values list their inputs' sources)",
        "出处（推算值列出其所用数据的出处）",
    ),
    (("quote",), "the clause of the source that holds the figure", "出处中含该数字的原文"),
    (
        ("note_zh", "note_en"),
        "how the figure was read (time phrases, exactness), in Chinese and English",
        "如何解读该数字（时间表述、精确程度等），中文和英文",
    ),
    (
        ("preferred",),
        "`True` for the value the dashboard shows when sources disagree",
        "`True` 表示多个出处不一致时看板采用的数值",
    ),
    (
        ("preferred_by",),
        "when other sources give the same thing: the rule that decided this value's place (`marked_preferred`, "
        "`source_kind`, `date_published`, `qualifier` or `source_id`); empty otherwise",
        "另有出处给出同一数值时，决定采用与否的规则（`marked_preferred` 整理者标注、`source_kind` 来源类型、"
        "`date_published` 发布时间、`qualifier` 精确程度、`source_id` 来源编号）；否则为空",
    ),
    (
        ("conflict",),
        "`True` when another source gives a different value for the same thing",
        "`True` 表示另有出处对同一指标、同一时间给出不同数值",
    ),
    (("derived",), "`True` for values computed from a formula", "`True` 表示由公式推算的数值"),
    (
        ("formula", "inputs"),
        "for derived values: the formula and the ids of the observations used",
        "推算值的公式及所用观测值的编号",
    ),
    (
        ("obs_id",),
        "`<source id>:<observation id>`, or `derived:<indicator>@<period>`",
        "`<出处编号>:<观测编号>`，推算值为 `derived:<指标>@<时间>`",
    ),
    (
        ("period_inferred",),
        "`True` when the source states no date for the value: the curator inferred the period (the note says how); "
        "derived values from such an input too",
        "`True` 表示原文未给出该数值的时间，时间为整理者推定（说明中写明依据）；由其推算的数值亦然",
    ),
)

#: Meaning of the human-readable columns added to the tidy table for a language.
LABEL_COLUMN_NOTES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("indicator_name",), "the indicator's name in the export's language", "导出语言的指标名称"),
    (("unit_label",), "the unit's name (`倍` / `times` for `ratio_to_base` rows)", "单位名称（相对基期倍数行为“倍”）"),
    (
        ("value_display",),
        "the value as the dashboard writes it, with unit and qualifier (`至少1000起`, `at least 1,000 cases`)",
        "看板显示的数值，含单位和精确程度（如“至少1000起”）",
    ),
    (
        ("period_label",),
        "the period in words (`2022年第1季度`, `Q1 2022`; `约…`, `about …` when the period is hedged; "
        "`c. Sep 2019 (inferred)` when the curator inferred it)",
        "用文字写出的时间（如“2022年第1季度”；时间口径为约数时前加“约”；整理者推定的时间注明“推定”，如“约2019年9月（推定）”）",
    ),
    (
        ("qualifier_label",),
        "the qualifier in words, with its Chinese hedge words",
        "精确程度的文字说明及对应的中文用词",
    ),
)

#: Names of measures in headers and legends.
MEASURE_LABELS: dict[str, dict[Measure, str]] = locales.translatable(
    "export measure labels",
    {
        "zh": {
            Measure.STOCK: "存量",
            Measure.FLOW: "期间累计",
            Measure.MEAN_PER_MONTH: "月均",
            Measure.MAXIMUM: "最大值",
            Measure.PLAN: "计划",
            Measure.RANK: "排名",
            Measure.RATIO_TO_BASE: "相对基期倍数",
            Measure.CHANGE: "变化",
        },
        "en": {
            Measure.STOCK: "level",
            Measure.FLOW: "total over the period",
            Measure.MEAN_PER_MONTH: "monthly average",
            Measure.MAXIMUM: "maximum",
            Measure.PLAN: "plan",
            Measure.RANK: "rank",
            Measure.RATIO_TO_BASE: "ratio to base period",
            Measure.CHANGE: "change",
        },
    },
    by="language",
)

#: Headers of the wide table's columns of ratios and of qualifiers, per language.
WIDE_HEADERS = locales.translatable(
    "export wide headers",
    {
        "ratio": {"zh": "{name}（相对基期{when}的倍数）", "en": "{name} (ratio to base period {when})"},
        "qualifier": {"zh": "{header} 限定", "en": "{header} qualifier"},
    },
    by="key",
)

#: Kinds of source in words, in their order of preference.
SOURCE_KIND_LABELS: dict[str, dict[SourceKind, str]] = locales.translatable(
    "source kinds",
    {
        "en": {
            SourceKind.STATISTICAL_BULLETIN: "statistical bulletin",
            SourceKind.GOVERNMENT_REPORT: "government report",
            SourceKind.GOVERNMENT_NOTICE: "government notice",
            SourceKind.GOVERNMENT_MEDIA: "government media",
            SourceKind.PRESS: "press",
            SourceKind.BOOK: "book",
            SourceKind.ENCYCLOPEDIA: "encyclopedia",
            SourceKind.OTHER: "other",
        },
        "zh": {
            SourceKind.STATISTICAL_BULLETIN: "统计公报",
            SourceKind.GOVERNMENT_REPORT: "政府工作报告",
            SourceKind.GOVERNMENT_NOTICE: "政府通知公告",
            SourceKind.GOVERNMENT_MEDIA: "政务媒体",
            SourceKind.PRESS: "新闻媒体",
            SourceKind.BOOK: "图书、地方志",
            SourceKind.ENCYCLOPEDIA: "百科",
            SourceKind.OTHER: "其他",
        },
    },
    by="language",
)

#: The preference rule in words, step by step (:mod:`indicators.preference`); {kinds} lists the kinds.
_PREFERENCE_RULE: dict[str, dict[PreferenceRule, str]] = locales.translatable(
    "export preference rule",
    {
        "en": {
            PreferenceRule.MARKED_PREFERRED: "an observation marked `preferred: true` (the curator's decision, "
            "explained in its note);",
            PreferenceRule.SOURCE_KIND: "the source of the most authoritative kind: {kinds};",
            PreferenceRule.DATE_PUBLISHED: "the most recently published source (a later figure is usually a revision); "
            "a date known only to the month or year decides only when the other date is certainly earlier or later;",
            PreferenceRule.QUALIFIER: "the more exact qualifier;",
            PreferenceRule.SOURCE_ID: "the source id, so the choice never depends on file order.",
        },
        "zh": {
            PreferenceRule.MARKED_PREFERRED: "标注 `preferred: true` 的观测值（整理者的决定，理由见其 note）；",
            PreferenceRule.SOURCE_KIND: "出处类型更权威者：{kinds}；",
            PreferenceRule.DATE_PUBLISHED: "发布日期更晚者（较晚的数字通常是修订）；只知道年份或月份的发布日期，"
            "只有在与另一日期的先后确定时才起作用；",
            PreferenceRule.QUALIFIER: "精确程度更高者；",
            PreferenceRule.SOURCE_ID: "出处编号顺序，使结果不取决于文件顺序。",
        },
    },
    by="language",
)


def preference_steps(lang: Lang) -> list[str]:
    """The preference rule in words, one step a line, each naming its ``preferred_by`` code."""
    labels = locales.text_in(SOURCE_KIND_LABELS, lang)
    kinds = locales.get(lang).list_separator.join(labels[kind] for kind in SourceKind)
    steps = locales.text_in(_PREFERENCE_RULE, lang).items()
    return [f"{text.format(kinds=kinds)} (preferred_by = {rule.value})" for rule, text in steps]


def hedge_words(qualifier: Qualifier) -> str:
    """The Chinese words that mean a qualifier, joined with 、 (empty for ``exact``)."""
    return "、".join(QUALIFIERS[qualifier].hedge_words)


def column_note_rows(lang: Lang, *, labels: bool) -> list[tuple[str, str]]:
    """(columns, meaning) pairs of the tidy table, with the language columns when ``labels``."""
    notes = TIDY_COLUMN_NOTES + (LABEL_COLUMN_NOTES if labels else ())
    return [(", ".join(columns), _in(lang, en=en, zh=zh)) for columns, en, zh in notes]


def column_meanings(lang: Lang) -> dict[str, str]:
    """Each column of the tidy table (and of its language columns) and its meaning, as plain text."""
    return {
        column: _in(lang, en=en, zh=zh).replace("`", "")
        for columns, en, zh in TIDY_COLUMN_NOTES + LABEL_COLUMN_NOTES
        for column in columns
    }


def markdown_column_table() -> str:
    """The English column table as Markdown, exactly as in docs/data-format.md."""
    lines = ["| column | meaning |", "|---|---|"]
    for columns, en, _ in TIDY_COLUMN_NOTES + LABEL_COLUMN_NOTES:
        lines.append(f"| {', '.join(f'`{c}`' for c in columns)} | {en} |")
    return "\n".join(lines)


_README: dict[str, dict[str, str]] = locales.translatable(
    "export readme",
    {
        "en": {
            "title": "Longgang reform indicators - data export",
            "exported": "Exported {today} from reform-indicators (龙港改革成效指标).",
            "version": "Data version: {version} (the day the data files last changed, and a hash of their content)",
            "indicators": "Indicators: {selection}",
            "every_indicator": "every indicator",
            "range": "Time range: {span} (values whose period overlaps it)",
            "all_periods": "all periods",
            "data": "Data: {layout}, {rows} rows",
            "tidy": "tidy layout (one row per value)",
            "wide": "wide layout (one row per period)",
            "files": "Files",
            "sheets": "Sheets",
            "the_data": "the data",
            "bom": ", UTF-8 with BOM",
            "no_bom": ", UTF-8 without BOM",
            "columns": "Columns",
            "labels_note": "(indicator_name to qualifier_label are readable columns in the export's language; the other "
            "column names never change, for scripts.)",
            "wide_periods": "period, period_start, period_end, period_label: the period, its first and last day "
            "(inclusive), and in words.",
            "wide_values": "Then one column per indicator, headed 'name (unit)', values in base units (yuan, not 万元; "
            "per cent).",
            "wide_qualifiers": "When any of an indicator's values is not exact, a '... qualifier' column follows it with "
            "each value's qualifier.",
            "wide_ratios": "Columns headed '(ratio to base period ...)' hold ratios to a base period (doubled = 2), not "
            "levels.",
            "wide_preferred": "The wide layout holds only the values the dashboard shows (see the rule below); the tidy "
            "layout has every source's value, with its quote.",
            "qualifiers": "How exact a figure is",
            "qualifier": "{code}: {meaning}{words}",
            "words": " - Chinese words: {words}",
            "plain_number": "The value is always a plain number; the qualifier is a column of its own.",
            "disagree": "When sources disagree",
            "rule": "Every source's value is kept (conflict = True in the tidy layout); the one shown (preferred = True) "
            "is, in order:",
            "injection": "Formula injection",
            "injection_text": "Text cells that start with = + - @, a tab or a carriage return have a ' put in front, so "
            "that a spreadsheet never runs them as formulas; number cells are left as they are.",
            "sources": "Sources and attribution",
            "no_sources": "(The selection holds no values.)",
            "licence": "The figures are facts reported by the publications above; the quotes are short excerpts for "
            "checking them, and their copyright stays with the publishers. When you reuse the figures, cite the "
            "publication and this dataset, for example:",
            "cite_dataset": "Source: reform-indicators (龙港改革成效指标)",
        },
        "zh": {
            "title": "龙港改革成效指标 · 数据导出",
            "exported": "导出日期：{today}（reform-indicators 龙港改革成效指标看板）",
            "version": "数据版本：{version}（数据文件最近修改的日期及其内容的校验码）",
            "indicators": "指标：{selection}",
            "every_indicator": "全部指标",
            "range": "时间范围：{span}（保留时间口径与该范围有重叠的数值）",
            "all_periods": "全部时间",
            "data": "数据表：{layout}，{rows} 行",
            "tidy": "长表（每个数值一行）",
            "wide": "宽表（每个时间一行，每个指标一列）",
            "files": "文件",
            "sheets": "工作表",
            "the_data": "数据",
            "bom": "，UTF-8（带 BOM）",
            "no_bom": "，UTF-8（无 BOM）",
            "columns": "数据列",
            "labels_note": "（indicator_name 至 qualifier_label 为按导出语言写出的可读列；其余列名固定不变，供程序使用。）",
            "wide_periods": "period, period_start, period_end, period_label：时间口径、首日、末日（含当日）及文字写法。",
            "wide_values": "其后每个指标一列，列名为“指标名（单位）”，数值以基本单位表示（元而非万元，百分比按百分数）。",
            "wide_qualifiers": "若某指标有非确数（约数、下限、上限），其后紧跟一列“… 限定”写明每个数值的精确程度。",
            "wide_ratios": "“（相对基期…的倍数）”列是相对基期的倍数（如“翻了一番”为 2），不是水平值。",
            "wide_preferred": "宽表只含看板采用的数值（多个出处不一致时见下方规则）；长表（tidy）含每个出处的数值及原文。",
            "qualifiers": "精确程度",
            "qualifier": "{code}：{label}，{meaning}",
            "words": "",
            "plain_number": "数值本身总是数字，精确程度另列。",
            "disagree": "多个出处不一致时",
            "rule": "每个出处的数值都保留（长表中 conflict = True），看板按以下顺序选用一个（preferred = True）：",
            "injection": "公式注入防护",
            "injection_text": "以 = + - @、制表符或回车开头的文本单元格前加了英文单引号 '，以免电子表格把它当作公式执行；"
            "数字单元格不变。",
            "sources": "出处与署名",
            "no_sources": "（所选数据不含任何数值。）",
            "licence": "数字为上述出处公开报道的事实；引用原文仅为便于核对的简短摘录，其版权归原出版者。"
            "转用这些数字时，请注明原出处及本数据集，例如：",
            "cite_dataset": "来源：reform-indicators 龙港改革成效指标",
        },
    },
    by="language",
)


def readme_text(
    *,
    lang: Lang,
    layout: str,
    data_file: str,
    files: Sequence[tuple[str, str, str]],
    indicator_ids: Sequence[str] | None,
    start: date | None,
    end: date | None,
    sources: Sequence[dict[str, object]],
    rows: int,
    bom: bool | None,
    today: date,
    wide_has_ratio: bool = False,
    version: str | None = None,
) -> str:
    """The README of an export: what the files and columns are, qualifiers, the preference rule, sources.

    Args:
        lang: Language of the prose.
        layout: ``tidy`` or ``wide``.
        data_file: Name of the data file (or sheet).
        files: (name, en, zh) of every other file in the bundle.
        indicator_ids: The selection; None for every indicator.
        start: Start of the time range asked for, if any.
        end: End of the time range asked for, if any.
        sources: The sources cited by the rows (records of :func:`indicators.tables.sources_table`).
        rows: Number of data rows.
        bom: Whether the CSV files start with a byte order mark; None for a workbook, whose
            ``files`` are its sheets.
        today: Export date.
        wide_has_ratio: Whether the wide table has ratio-to-base columns.
        version: The data version (:func:`indicators.version.data_version`), if known.

    Returns:
        The text, with Windows line ends (Notepad on older Windows shows nothing else).
    """
    t = locales.text_in(_README, lang)
    span = f"{start or '…'} – {end or '…'}" if start or end else t["all_periods"]
    encoding = "" if bom is None else t["bom" if bom else "no_bom"]
    out = [
        f"# {t['title']}",
        "",
        t["exported"].format(today=today.isoformat()),
        *([t["version"].format(version=version)] if version else []),
        t["indicators"].format(selection=", ".join(indicator_ids) if indicator_ids else t["every_indicator"]),
        t["range"].format(span=span),
        t["data"].format(layout=t[layout], rows=rows),
    ]
    out += _section(t["sheets" if bom is None else "files"])
    out.append(f"{data_file}: {t['the_data']}{encoding}")
    out += [f"{name}: {_in(lang, en=en, zh=zh)}" for name, en, zh in files]
    out += _section(t["columns"])
    if layout == "tidy":
        out += [f"{columns}: {meaning.replace('`', '')}" for columns, meaning in column_note_rows(lang, labels=True)]
        out.append(t["labels_note"])
    else:
        out += [t["wide_periods"], t["wide_values"], t["wide_qualifiers"]]
        out += [t["wide_ratios"]] if wide_has_ratio else []
        out.append(t["wide_preferred"])
    out += _section(t["qualifiers"])
    for qualifier in Qualifier:
        words = hedge_words(qualifier)
        out.append(
            t["qualifier"].format(
                code=qualifier.value,
                label=QUALIFIERS[qualifier].text("label", lang),
                meaning=QUALIFIERS[qualifier].text("meaning", lang),
                words=t["words"].format(words=words) if words else "",
            )
        )
    out.append(t["plain_number"])
    out += _section(t["disagree"])
    out.append(t["rule"])
    out += [f"{n}. {step.replace('`', '')}" for n, step in enumerate(preference_steps(lang), start=1)]
    out += _section(t["injection"])
    out.append(t["injection_text"])
    out += _section(t["sources"])
    out += [f"- {_citation(source, lang)}" for source in sources] or [t["no_sources"]]
    out += ["", t["licence"], "  " + (_attribution(sources[0], lang) if sources else t["cite_dataset"])]
    return "\r\n".join(out) + "\r\n"


def _in(lang: Lang, **texts: str) -> str:
    """One of a few texts given by language code, along the language's fallback chain."""
    return locales.text_in(texts, lang) or ""


def _section(title: str) -> list[str]:
    # Markdown-like headings: a line of "=" or "-" would be neutralized in the workbook's readme sheet.
    return ["", f"## {title}"]


_CITATION = locales.translatable(
    "export citation",
    {
        "zh": "{publisher_zh}：《{title_zh}》，{date_published} 发布，{date_accessed} 查阅。{url} [{source_id}]",
        "en": "{publisher_en}: {title_zh} ({title_en}), published {date_published}, accessed {date_accessed}. "
        "{url} [{source_id}]",
    },
    by="language",
)
_NO_URL = locales.translatable(
    "export no url",
    {"zh": "（未记录网址）", "en": "(no web address recorded)"},
    by="language",
)
_ATTRIBUTION = locales.translatable(
    "export attribution",
    {
        "zh": "来源：{publisher_zh}《{title_zh}》（{date_published}），经 reform-indicators 龙港改革成效指标整理",
        "en": "Source: {publisher_en}, {title_zh} ({date_published}), curated by reform-indicators (龙港改革成效指标)",
    },
    by="language",
)


def _citation(source: dict[str, object], lang: Lang) -> str:
    fields = {**source, "url": source.get("url") or locales.text_in(_NO_URL, lang)}
    return locales.text_in(_CITATION, lang).format(**fields)


def _attribution(source: dict[str, object], lang: Lang) -> str:
    return locales.text_in(_ATTRIBUTION, lang).format(**source)

"""Every text of the interface, in Chinese and English (and any language added); `t(key, lang)` looks one up."""

from __future__ import annotations

from indicators import locales
from indicators.formatting import Lang

TEXTS: dict[str, dict[str, str]] = locales.translatable(
    "interface",
    {
        "app-title": {"zh": "龙港改革成效指标", "en": "Longgang reform indicators"},
        "app-subtitle": {
            "zh": "全国首个“镇改市”：2019年9月25日设市以来的改革成效，数据摘自公开报道，逐条注明出处",
            "en": "China's first town turned city: reform results since its founding on 25 Sep 2019, from published reports, each figure with its source",
        },
        "switch-to-language": {"zh": "切换为中文", "en": "Switch to English"},
        "skip-to-content": {"zh": "跳到正文", "en": "Skip to content"},
        "nav-label": {"zh": "页面", "en": "Pages"},
        "current-page": {"zh": "（当前页面）", "en": " (current page)"},
        "tab-overview": {"zh": "概览", "en": "Overview"},
        "tab-chart": {"zh": "指标图表", "en": "Indicator chart"},
        "tab-table": {"zh": "数据表", "en": "Data table"},
        "tab-sources": {"zh": "数据来源", "en": "Sources"},
        "title-more": {"zh": "{names}等{n}项", "en": "{names} and {more} more"},
        # overview
        "overview-heading": {"zh": "改革成效概览", "en": "Overview of reform results"},
        "overview-intro": {
            "zh": "每张卡片显示最新数值、对比数值及变化；带“约”“≥”“≤”的数字不是确数。点击指标名称查看图表与出处。",
            "en": "Each card shows the latest value, what it compares with, and the change; figures marked ≈, ≥ or ≤ are not exact. Click an indicator to see its chart and sources.",
        },
        "latest": {"zh": "最新", "en": "Latest"},
        "compared-with": {"zh": "对比", "en": "Compared with"},
        "change": {"zh": "变化", "en": "Change"},
        "no-change-value": {"zh": "仅一期数据", "en": "One figure only"},
        "from-zero": {"zh": "从零起步", "en": "from zero"},
        "ratio-statement": {"zh": "相对{base}", "en": "relative to {base}"},
        "view-chart": {"zh": "查看图表", "en": "View chart"},
        "view-chart-of": {"zh": "查看“{name}”的图表", "en": "View the chart of “{name}”"},
        "other-indicators": {"zh": "其他指标", "en": "Other indicators"},
        "computed": {"zh": "计算值", "en": "computed"},
        "computed-long": {
            "zh": "计算值（由公式算出，非原文数字）",
            "en": "Computed (from a formula, not a figure of the source)",
        },
        # chart page
        "indicator-select": {"zh": "指标（可选多个同单位指标）", "en": "Indicators (several of the same unit)"},
        "indicator-placeholder": {"zh": "选择指标…", "en": "Choose indicators…"},
        # The multi-select's own words (Dash writes English ones otherwise); {num_selected} is Dash's.
        "dropdown-select-all": {"zh": "全选", "en": "Select all"},
        "dropdown-deselect-all": {"zh": "全不选", "en": "Deselect all"},
        "dropdown-selected-count": {"zh": "已选{num_selected}项", "en": "{num_selected} selected"},
        "dropdown-search": {"zh": "搜索", "en": "Search"},
        "dropdown-clear-search": {"zh": "清除搜索", "en": "Clear search"},
        "dropdown-clear-selection": {"zh": "清除所选", "en": "Clear selection"},
        "dropdown-no-options": {"zh": "没有匹配的指标", "en": "No indicator matches"},
        "year-range": {"zh": "年份范围", "en": "Years"},
        "year-from": {"zh": "起始年份", "en": "first year"},
        "year-to": {"zh": "结束年份", "en": "last year"},
        "view-mode": {"zh": "图表类型", "en": "Chart type"},
        "view-trend": {"zh": "随时间变化", "en": "Over time"},
        "view-before-after": {"zh": "设市前后对比", "en": "Before and after the founding"},
        "view-index": {"zh": "指数（基期=100）", "en": "Index (base = 100)"},
        # chart kinds chosen from the data (layouts/charts): labels, notes and their words on the figure
        "view-auto": {"zh": "按数据自动选择", "en": "Chosen from the data"},
        "view-fact": {"zh": "数值卡片", "en": "Figure cards"},
        "view-small-multiples": {"zh": "分图（各自坐标轴）", "en": "Small multiples (own axes)"},
        "no-fact": {
            "zh": "数值卡片最多显示6个指标；已按数据选择图表类型。",
            "en": "Figure cards show at most 6 indicators; the chart type was chosen from the data instead.",
        },
        "no-small-multiples": {
            "zh": "分图需要至少两个有数值的指标；已按数据选择图表类型。",
            "en": "Small multiples need two indicators with figures; the chart type was chosen from the data instead.",
        },
        "fact-latest-of": {"zh": "{n}个数值中的最新一个", "en": "the latest of {n} figures"},
        "small-multiples-title": {"zh": "{names}（各自坐标轴）", "en": "{names} (each on its own scale)"},
        "small-multiples-note": {
            "zh": "各分图纵轴刻度不同，请勿直接比较高低。",
            "en": "Each panel has its own value scale: compare shapes, not heights.",
        },
        "legend-band": {"zh": "▒ 改革节点所在时段（日期不详或逐步推开）", "en": "▒ milestone within this span"},
        "choose-indicator": {"zh": "请在上方选择一个指标。", "en": "Choose an indicator above."},
        "no-data-in-range": {"zh": "所选年份内没有数据。", "en": "No figures in the chosen years."},
        "no-before-after": {
            "zh": "所选指标没有设市前和设市后的数值，无法作前后对比；已显示随时间变化图。",
            "en": "The chosen indicators have no figures from both before and after the founding; showing them over time instead.",
        },
        "mixed-units": {
            "zh": "所选指标单位不同，只显示与“{name}”单位相同的指标：",
            "en": "The chosen indicators have different units; only those in the unit of “{name}” are drawn:",
        },
        "legend-title": {"zh": "图例", "en": "Legend"},
        "legend-span": {"zh": "时段数值（覆盖整个时段）", "en": "value over a whole period"},
        "legend-connector": {"zh": "┈ 连接线（两期之间无数据）", "en": "┈ connector (no figures in between)"},
        "legend-event": {"zh": "┊ 改革节点", "en": "┊ reform milestone"},
        "index-title": {"zh": "{name}（指数，{base}=100）", "en": "{name} (index, {base} = 100)"},
        "index-axis": {"zh": "指数（基期=100）", "en": "Index (base = 100)"},
        "index-explainer": {
            "zh": "原文只给出相对倍数（如“翻了一番”），没有绝对数，因此以基期为100的指数表示。",
            "en": "The source gives only a multiple (e.g. “doubled”), not a count, so it is shown as an index with the base period = 100.",
        },
        "base-period": {"zh": "基期", "en": "base"},
        "at-founding": {"zh": "设市时", "en": "At founding"},
        "latest-figure": {"zh": "最新", "en": "Latest"},
        "before-after-title": {"zh": "{names}：设市前后", "en": "{names}: before and after the founding"},
        "source-citation": {"zh": "{publisher}《{title}》（{date}）", "en": "{publisher}, “{title}” ({date})"},
        "source-citation-dated": {"zh": "{publisher}《{title}》，{date}", "en": "{publisher}, “{title}”, {date}"},
        "chart-title-more": {"zh": "{first}、{second}等{n}项指标", "en": "{first}, {second} and {more} more"},
        "chart-table-caption": {"zh": "图表中的数值", "en": "The values in the chart"},
        "provenance-heading": {"zh": "数据出处", "en": "Where these figures come from"},
        "provenance-more": {
            "zh": "以上为每个指标最近的{k}个数值；另有{n}个较早的数值，出处均见",
            "en": "Above: the latest {k} values of each indicator; {n} earlier values and their sources are in the ",
        },
        "provenance-more-one": {
            "zh": "以上为每个指标最近的{k}个数值；另有1个较早的数值，出处见",
            "en": "Above: the latest {k} values of each indicator; 1 earlier value and its source are in the ",
        },
        "provenance-more-link": {"zh": "数据表", "en": "data table"},
        "statements-heading": {"zh": "相对表述", "en": "Relative statements"},
        "formula": {"zh": "公式", "en": "Formula"},
        "inputs": {"zh": "所用数据", "en": "Inputs"},
        "conflict-note": {
            "zh": "另有{n}个来源给出不同数值，见数据表。",
            "en": "{n} other sources give a different value; see the data table.",
        },
        "conflict-note-one": {
            "zh": "另有1个来源给出不同数值，见数据表。",
            "en": "1 other source gives a different value; see the data table.",
        },
        # table & sources
        "table-heading": {"zh": "数据表", "en": "Data table"},
        "table-intro-selected": {
            "zh": "当前视图所含数据（{n}条）。",
            "en": "The figures behind the current view ({n} rows).",
        },
        "table-intro-selected-one": {
            "zh": "当前视图所含数据（1条）。",
            "en": "The figure behind the current view (1 row).",
        },
        "table-intro-all": {
            "zh": "全部数据（{n}条）。在“指标图表”中选择指标可缩小范围。",
            "en": "All figures ({n} rows). Choose indicators on the chart page to narrow this down.",
        },
        "table-cut": {
            "zh": "下表列出前{shown}条（共{n}条）；全部数据请用上方的 CSV 或 Excel 下载。",
            "en": "The first {shown} of {n} rows are listed below; the CSV and Excel downloads above hold every row.",
        },
        "indicator-table-heading": {"zh": "指标一览", "en": "Indicators at a glance"},
        "indicator-table-intro": {
            "zh": "每个指标在所选年份内的首个值、最新值及其变化；计算值附公式。",
            "en": "Each indicator's first and latest value within the chosen years, and the change; computed values with their formula.",
        },
        "observations-heading": {"zh": "全部数值及出处", "en": "Every value and its source"},
        "col-first": {"zh": "首个值", "en": "First value"},
        "col-latest": {"zh": "最新值", "en": "Latest value"},
        "col-change": {"zh": "变化", "en": "Change"},
        "col-relative-change": {"zh": "相对变化", "en": "Change in per cent"},
        "col-indicator": {"zh": "指标", "en": "Indicator"},
        "col-period": {"zh": "时期", "en": "Period"},
        "col-value": {"zh": "数值", "en": "Value"},
        "col-qualifier": {"zh": "精确度", "en": "Exactness"},
        "col-measure": {"zh": "口径", "en": "Measure"},
        "col-source": {"zh": "来源", "en": "Source"},
        "col-quote": {"zh": "原文", "en": "Quote"},
        "col-note": {"zh": "说明", "en": "Note"},
        "not-preferred": {"zh": "（未采用：另一来源优先）", "en": "(not shown: another source is preferred)"},
        "not-preferred-by": {"zh": "（未采用，依据：{rule}）", "en": "(not shown; decided by: {rule})"},
        "preferred-by": {"zh": "（采用，依据：{rule}）", "en": "(shown; decided by: {rule})"},
        "preferred-by-hover": {
            "zh": "另有{n}个来源，采用依据：{rule}",
            "en": "{n} other sources; shown by: {rule}",
        },
        "preferred-by-hover-one": {
            "zh": "另有1个来源，采用依据：{rule}",
            "en": "1 other source; shown by: {rule}",
        },
        "sources-heading": {"zh": "数据来源", "en": "Sources"},
        "published": {"zh": "发布日期", "en": "Published"},
        "accessed": {"zh": "访问日期", "en": "Accessed"},
        "publisher": {"zh": "发布者", "en": "Publisher"},
        "no-url": {"zh": "（无网址记录）", "en": "(no web address recorded)"},
        "quotes-taken": {"zh": "摘录的原文（{n}处）", "en": "Quotes taken from it ({n})"},
        "not-curated": {"zh": "未采集的数字及原因", "en": "Numbers not curated, and why"},
        "events-heading": {"zh": "改革节点", "en": "Reform milestones"},
        # notices
        "notice-heading": {"zh": "提示", "en": "Notice"},
        "notice-data-heading": {"zh": "部分数据未能载入", "en": "Some data could not be loaded"},
        "notice-data-intro": {
            "zh": "以下记录有错误，未显示（其余数据正常）：",
            "en": "These records have errors and are not shown (everything else is):",
        },
        "notice-data-more": {"zh": "……另有{n}条", "en": "… and {n} more"},
        "query-too-long": {
            "zh": "链接参数过长（{value}个字符），已忽略。",
            "en": "The link's parameters are too long ({value} characters) and were ignored.",
        },
        "query-unreadable": {
            "zh": "链接参数无法读取，已忽略。",
            "en": "The link's parameters could not be read and were ignored.",
        },
        "unknown-parameter": {
            "zh": "未知的链接参数“{value}”已忽略。",
            "en": "Unknown link parameter “{value}” was ignored.",
        },
        "bad-lang": {"zh": "未知语言“{value}”已忽略。", "en": "Unknown language “{value}” was ignored."},
        "bad-tab": {"zh": "未知页面“{value}”已忽略。", "en": "Unknown page “{value}” was ignored."},
        "bad-view": {"zh": "未知图表类型“{value}”已忽略。", "en": "Unknown chart type “{value}” was ignored."},
        "unknown-indicator": {"zh": "未知指标“{value}”已忽略。", "en": "Unknown indicator “{value}” was ignored."},
        "too-many-indicators": {
            "zh": "最多同时显示{value}个指标，其余已忽略。",
            "en": "At most {value} indicators are drawn together; the rest were ignored.",
        },
        "bad-year": {"zh": "年份“{value}”无效，已忽略。", "en": "Year “{value}” is not valid and was ignored."},
        "years-swapped": {
            "zh": "起止年份顺序颠倒（{value}），已调换。",
            "en": "The years were in the wrong order ({value}) and were swapped.",
        },
        "footer": {
            "zh": "数据整理自公开报道，每个数字均注明原文出处；“约”“≥”“≤”表示非确数；计算值由公式得出。",
            "en": "Figures curated from published reports, each with its source text; ≈, ≥ and ≤ mark figures that are not exact; computed values come from formulas.",
        },
        "source-line": {"zh": "来源：{sources}", "en": "Source: {sources}"},
        "footer-version": {
            "zh": "数据版本：{date}更新（校验码 {digest}）",
            "en": "Data version: updated {date} (checksum {digest})",
        },
        "data-as-of": {"zh": "数据截至{date}（版本 {version}）", "en": "Data as of {date} (version {version})"},
        # measures (how a value relates to its period)
        "measure-stock": {"zh": "时点数", "en": "level at the date"},
        "measure-flow": {"zh": "期间累计", "en": "total over the period"},
        "measure-mean_per_month": {"zh": "期间月均", "en": "monthly average over the period"},
        "measure-maximum": {"zh": "期间最高", "en": "largest in the period"},
        "measure-plan": {"zh": "年度预算/计划", "en": "budget or plan for the period"},
        "measure-rank": {"zh": "排名", "en": "rank"},
        "measure-ratio_to_base": {"zh": "相对基期倍数", "en": "multiple of the base period"},
        "measure-change": {"zh": "两期之差/之比", "en": "change between two periods"},
        # --- exports ---
        "downloads-heading": {"zh": "下载与分享", "en": "Download and share"},
        "downloads-displayed": {"zh": "下载当前数据", "en": "Displayed data"},
        "downloads-displayed-help": {
            "zh": "当前所选指标和年份内的数值，每个数值附出处原文。",
            "en": "The chosen indicators within the chosen years, every value with its source.",
        },
        "downloads-full": {"zh": "全部数据", "en": "Full data"},
        "downloads-full-help": {"zh": "所有指标的全部数值。", "en": "Every value of every indicator."},
        "download-csv-tidy": {"zh": "CSV 长表", "en": "CSV, tidy"},
        "download-csv-wide": {"zh": "CSV 宽表", "en": "CSV, wide"},
        "download-xlsx": {"zh": "Excel", "en": "Excel"},
        "download-zip": {"zh": "zip（含说明）", "en": "zip with metadata"},
        "download-csv-tidy-title": {"zh": "一行一个数值，含出处原文", "en": "One row per value, with the source quote"},
        "download-csv-wide-title": {
            "zh": "一行一个时期，一列一个指标",
            "en": "One row per period, one column per indicator",
        },
        "download-xlsx-title": {
            "zh": "Excel 工作簿：数据、指标、来源、说明",
            "en": "Excel workbook: data, indicators, sources, readme",
        },
        "download-json": {"zh": "指标说明 JSON", "en": "Indicator metadata (JSON)"},
        "download-json-title": {
            "zh": "指标名称、单位、类别、出处与原文、说明及数据版本，供程序读取",
            "en": "Names, unit, category, sources with quotes, notes and data version, for scripts",
        },
        "download-datapackage": {"zh": "数据包描述 datapackage.json", "en": "Data package (datapackage.json)"},
        "download-datapackage-title": {
            "zh": "Frictionless 数据包：CSV 每一列的类型、单位、含义和取值范围，供程序读取",
            "en": "Frictionless Data Package: each CSV column's type, unit, meaning and allowed values, for scripts",
        },
        "download-zip-title": {
            "zh": "CSV 加指标、来源说明和 README",
            "en": "The CSV with indicators, sources and a README",
        },
        "download-encoding": {"zh": "CSV 编码", "en": "CSV encoding"},
        "encoding-bom": {"zh": "适合 Excel（UTF-8 带 BOM）", "en": "For Excel (UTF-8 with BOM)"},
        "encoding-plain": {"zh": "纯 UTF-8（适合程序）", "en": "Plain UTF-8 (for programs)"},
        "downloads-image": {"zh": "图表图片", "en": "Chart image"},
        "download-png": {"zh": "PNG（高清，适合幻灯片）", "en": "PNG (2×, for slides)"},
        "download-svg": {"zh": "SVG（矢量图）", "en": "SVG (vector)"},
        "download-briefing": {"zh": "汇报 PPT", "en": "Briefing slides (PowerPoint)"},
        "download-briefing-title": {
            "zh": "当前视图的图表，每个指标一页：图表、最新数值和变化，出处和原文摘录在备注中",
            "en": "This view's chart, then one slide per indicator: chart, latest value and change, sources and quotes in the speaker notes",
        },
        "download-briefing-all": {"zh": "全部指标汇报 PPT", "en": "Briefing of every indicator (PowerPoint)"},
        "preset-slide": {"zh": "PNG：16:9 幻灯片（{width}×{height}）", "en": "PNG for a 16:9 slide ({width}×{height})"},
        "preset-slide-4x3": {
            "zh": "PNG：4:3 幻灯片（{width}×{height}）",
            "en": "PNG for a 4:3 slide ({width}×{height})",
        },
        "preset-document": {
            "zh": "PNG：文档配图，A4 版心宽（{width}×{height}）",
            "en": "PNG for a document, A4 column width ({width}×{height})",
        },
        "copy-image": {"zh": "复制图片", "en": "Copy image"},
        "copy-image-title": {
            "zh": "复制 16:9 幻灯片尺寸的图片，可直接粘贴到 PPT、WPS 或 Word",
            "en": "Copy the 16:9 slide image, to paste into PowerPoint, WPS or Word",
        },
        "copy-image-done": {"zh": "图片已复制，可以粘贴了。", "en": "Image copied: paste it where you need it."},
        "copy-image-downloaded": {
            "zh": "此浏览器不允许复制图片，已改为下载。",
            "en": "This browser does not allow copying images; it was downloaded instead.",
        },
        "copy-image-failed": {
            "zh": "图片暂时无法生成，请稍后再试。",
            "en": "The image could not be made just now; please try again.",
        },
        "share-heading": {"zh": "分享与引用", "en": "Share and cite"},
        "share-link-label": {"zh": "此视图的链接", "en": "Link to this view"},
        "copy-link": {"zh": "复制链接", "en": "Copy link"},
        "share-qr-alt": {"zh": "此视图链接的二维码", "en": "QR code of the link to this view"},
        "share-qr-help": {
            "zh": "投影时可让与会者用手机扫码打开此视图。",
            "en": "On a projected screen, people can scan this to open the view on their phones.",
        },
        "cite-heading": {"zh": "引用本图表", "en": "Cite this chart"},
        "cite-help": {
            "zh": "引用时请同时注明原始出处；查阅日期为今天。",
            "en": "Cite the original sources too; the access date is today.",
        },
        "cite-gbt7714": {"zh": "GB/T 7714 格式（中文）", "en": "GB/T 7714 (Chinese)"},
        "cite-english": {"zh": "英文", "en": "English"},
        "cite-bibtex": {"zh": "BibTeX", "en": "BibTeX"},
        "copy-citation": {"zh": "复制{style}", "en": "Copy {style}"},
        "embed-heading": {"zh": "嵌入网页", "en": "Embed in a web page"},
        "embed-help": {
            "zh": "把下面的代码粘贴到网页中即可显示此图表，图表下方附有返回本看板的链接。",
            "en": "Paste this code into a web page to show this chart, with a link back to this dashboard under it.",
        },
        "embed-not-allowed": {
            "zh": "目前其他网站还不能嵌入本看板的图表。需由管理员把要嵌入的网站加入设置 embed.frame_ancestors（见部署说明 docs/deployment.md），请联系本看板的管理员。",
            "en": "Other sites cannot embed this dashboard's charts yet: an operator must add the site to the setting embed.frame_ancestors (see docs/deployment.md). Please ask the dashboard's operator.",
        },
        "embed-view-link": {
            "zh": "在“龙港改革成效指标”看板中查看",
            "en": "View on the Longgang reform indicators dashboard",
        },
        "embed-code-label": {"zh": "嵌入代码", "en": "Embed code"},
        "copy-embed": {"zh": "复制嵌入代码", "en": "Copy embed code"},
        "copied": {"zh": "已复制", "en": "Copied"},
        "embed-noscript": {
            "zh": "此图表需要 JavaScript；下面是它的图片。",
            "en": "This chart needs JavaScript; here is a picture of it.",
        },
        "http-unknown-indicator": {"zh": "未知指标：{value}", "en": "Unknown indicator: {value}"},
        "http-unknown-file": {
            "zh": "未知文件类型“{value}”，可用：{allowed}",
            "en": "Unknown file type “{value}”; use {allowed}",
        },
        "http-unknown-parameter": {
            "zh": "未知参数“{value}”，可用参数：{allowed}",
            "en": "Unknown parameter “{value}”; allowed: {allowed}",
        },
        "http-bad-value": {
            "zh": "参数 {name} 的值“{value}”无效，可用：{allowed}",
            "en": "Invalid {name} “{value}”; use {allowed}",
        },
        "http-bad-number": {"zh": "参数 {name} 的值“{value}”不是整数", "en": "{name} “{value}” is not a whole number"},
        "http-bad-year": {
            "zh": "年份“{value}”无效：请写 2000 至 2100 之间的年份",
            "en": "Year “{value}” is not valid: write a year from 2000 to 2100",
        },
        "http-years-swapped": {"zh": "起始年份晚于结束年份（{value}）", "en": "from is after to ({value})"},
        "http-too-many": {"zh": "最多同时选择 {value} 个指标", "en": "At most {value} indicators at a time"},
        "http-bad-query": {"zh": "链接参数无法读取", "en": "The query string could not be read"},
        "http-no-image": {
            "zh": "暂时无法生成图片，请稍后再试。",
            "en": "The image could not be made just now; please try again.",
        },
        "http-busy": {
            "zh": "正在生成的图片和汇报材料较多，请 {seconds} 秒后再试。",
            "en": "Many images and briefings are being made just now; please try again in {seconds} seconds.",
        },
        "http-no-data": {"zh": "数据暂时无法载入。", "en": "The data cannot be loaded just now."},
        "briefing-title": {"zh": "龙港改革成效指标汇报", "en": "Longgang reform indicators: briefing"},
        "briefing-made": {"zh": "生成日期：{date}", "en": "Made on {date}"},
        "briefing-counts": {
            "zh": "{n}项指标 · 数据来自{sources}个公开来源",
            "en": "{n} indicators · figures from {sources} published sources",
        },
        "briefing-one-source": {
            "zh": "{n}项指标 · 数据来自1个公开来源",
            "en": "{n} indicators · figures from 1 published source",
        },
        "briefing-quotes": {"zh": "原文摘录", "en": "Quotes from the sources"},
        "briefing-years": {"zh": "年份：{span}", "en": "Years: {span}"},
        "briefing-contents": {"zh": "目录", "en": "Contents"},
        "briefing-contents-line": {"zh": "{category}（{n}项）：第{pages}页", "en": "{category} ({n}): slides {pages}"},
        "briefing-latest": {"zh": "最新数值", "en": "Latest figures"},
        "briefing-no-values": {"zh": "所选年份内没有数值。", "en": "No figures in the chosen years."},
        "briefing-more-sources": {
            "zh": "来源：{first}等{n}个来源（详见备注）",
            "en": "Sources: {first} and others, {n} in all (see the notes)",
        },
        "briefing-inputs": {"zh": "计算所用数值的原文", "en": "Quotes of the values it is computed from"},
    },
    by="key",
)


def t(key: str, lang: Lang, **values: object) -> str:
    """The text for ``key`` in ``lang`` (or its fallback, :mod:`indicators.locales`), placeholders filled in.

    Raises:
        KeyError: For a key no language has.
    """
    text = locales.text_in(TEXTS[key], lang)
    assert text is not None, f"the interface text {key!r} has no {locales.BASE_LANGUAGE!r} text"
    return text.format(**values) if values else text


def tn(key: str, lang: Lang, n: int, **values: object) -> str:
    """The text for ``key`` about ``n`` things: the ``<key>-one`` text when n is 1 and there is one.

    Chinese has one form for every count; English says "1 other source", "2 other sources".
    """
    singular = f"{key}-one"
    chosen = singular if n == 1 and singular in TEXTS else key
    return t(chosen, lang, n=n, **values)


def dropdown_labels(lang: Lang) -> dict[str, str]:
    """The texts of Dash's dropdown (its ``labels`` property) in a language."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection")
    return {key: t(f"dropdown-{key.replace('_', '-')}", lang) for key in keys} | {
        "no_options_found": t("dropdown-no-options", lang)
    }


def add_texts(lang: Lang, texts: dict[str, str]) -> None:
    """Add a language's interface texts (a registered locale's); keys it leaves out fall back.

    Raises:
        KeyError: For a key that is not an interface text (a typo would silently never show).
    """
    unknown = sorted(set(texts) - set(TEXTS))
    if unknown:
        raise KeyError(f"not interface texts: {', '.join(unknown[:5])}")
    for key, text in texts.items():
        TEXTS[key][lang] = text

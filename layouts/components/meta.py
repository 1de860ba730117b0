"""What the browser's tab and a link preview say about a view: the document title and its description."""

from __future__ import annotations

from dataclasses import dataclass

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import NumberStyle
from indicators.locales import text_column
from layouts.i18n import t
from layouts.kpi import kpi_lines
from layouts.view_state import Tab, ViewState

#: Indicators named in a title before "and N more": a browser tab shows only the start of it anyway.
TITLE_NAMES = 2
#: Indicators whose latest value the description gives.
DESCRIBED = 3


@dataclass(frozen=True)
class PageMeta:
    """The ``<title>`` of a view, its ``<meta name="description">`` and the language tag of both."""

    title: str
    description: str
    tag: str

    def as_store(self, lang: str, tab: Tab) -> dict:
        """What the view-state store holds for ``assets/app.js`` (applyLanguage)."""
        return {"lang": lang, "tab": tab.value, "tag": self.tag, "title": self.title, "description": self.description}


def page_meta(dataset: Dataset, state: ViewState, style: NumberStyle = NumberStyle.MYRIAD) -> PageMeta:
    """The title names the view's indicators (or its tab) before the app; the description gives their latest values.

    ``国家高新技术企业 · 指标图表 · 龙港改革成效指标`` and ``国家高新技术企业：105家（最新：2022年8月23日）``.
    """
    lang = state.lang
    locale = locales.get(lang)
    ids = [i for i in state.indicators if i in dataset.indicators.index]
    names = [str(dataset.indicators.loc[i, text_column("name", lang)]) for i in ids]
    parts = []
    if names and state.tab in (Tab.CHART, Tab.TABLE):
        shown = locale.list_separator.join(names[:TITLE_NAMES])
        more = len(names) - TITLE_NAMES
        parts.append(t("title-more", lang, names=shown, n=len(names), more=more) if more > 0 else shown)
    parts += [t(f"tab-{state.tab.value}", lang), t("app-title", lang)]
    title = " · ".join(parts)
    if names and state.tab in (Tab.CHART, Tab.TABLE):
        described = []
        for indicator_id, name in zip(ids[:DESCRIBED], names, strict=False):
            lines = kpi_lines(dataset, indicator_id, lang, style)
            value = locale.parenthesized(lines.value, lines.period) if lines.period else lines.value
            described.append(locale.labelled(name, value))
        description = locale.semicolon.join(described)
    else:
        description = t("app-subtitle", lang)
    return PageMeta(title, description, locale.tag)

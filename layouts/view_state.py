"""The view a URL describes (tab, language, indicators, years, chart mode), parsed defensively.

The URL is the only place the view lives, so a copied link opens the same view and browser
back/forward work. Anything in the query string that is not understood is ignored with a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import parse_qs, urlencode

from indicators import locales
from indicators.formatting import Lang
from layouts.charts import DEFAULT_KIND, view_names


class Tab(StrEnum):
    """The pages of the dashboard."""

    OVERVIEW = "overview"
    CHART = "chart"
    TABLE = "table"
    SOURCES = "sources"


#: Longest query string looked at; anything longer is ignored as a whole (a hostile or broken link).
MAX_QUERY_LENGTH = 2000
#: Most indicators drawn together.
MAX_INDICATORS = 8
MIN_YEAR, MAX_YEAR = 2000, 2100
_YEAR = re.compile(r"\d{4}")
KNOWN_KEYS = ("lang", "tab", "ind", "from", "to", "view")


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the page shows."""

    lang: Lang = "zh"
    tab: Tab = Tab.OVERVIEW
    indicators: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    #: The chart kind asked for: ``auto`` (the data's own) or a kind of :data:`layouts.charts.CHART_KINDS`
    #: that users may choose.
    view: str = DEFAULT_KIND

    def with_(self, **changes) -> ViewState:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_search(self, default_lang: Lang = "zh") -> str:
        """The query string of this view (defaults left out, so links stay short)."""
        params: list[tuple[str, str]] = []
        if self.lang != default_lang:
            params.append(("lang", self.lang))
        if self.tab is not Tab.OVERVIEW:
            params.append(("tab", self.tab.value))
        if self.indicators:
            params.append(("ind", ",".join(self.indicators)))
        if self.year_from is not None:
            params.append(("from", str(self.year_from)))
        if self.year_to is not None:
            params.append(("to", str(self.year_to)))
        if self.view != DEFAULT_KIND:
            params.append(("view", self.view))
        return f"?{urlencode(params, safe=',')}" if params else ""


@dataclass(frozen=True)
class Notice:
    """Something in the URL that was ignored: a message key and the offending text."""

    key: str
    value: str = ""


@dataclass(frozen=True)
class ParsedView:
    """A view state and what had to be ignored to get it."""

    state: ViewState
    notices: tuple[Notice, ...] = field(default_factory=tuple)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_search(
    search: str | None, known_indicators: set[str] | frozenset[str], default_lang: Lang = "zh"
) -> ParsedView:
    """Parse a query string into a view; never raises.

    Args:
        search: ``location.search`` (with or without the leading ``?``).
        known_indicators: Ids that may be asked for.
        default_lang: Language when the URL names none.
    """
    state = ViewState(lang=default_lang)
    notices: list[Notice] = []
    if not isinstance(search, str):  # a forged request may send anything
        return ParsedView(state, (Notice("query-unreadable"),) if search is not None else ())
    search = search.lstrip("?")
    if not search:
        return ParsedView(state)
    if len(search) > MAX_QUERY_LENGTH:
        return ParsedView(state, (Notice("query-too-long", str(len(search))),))
    try:
        params = parse_qs(search, keep_blank_values=True, strict_parsing=False, max_num_fields=20)
    except ValueError:
        return ParsedView(state, (Notice("query-unreadable"),))

    def one(key: str) -> str | None:
        values = params.get(key)
        return values[-1].strip() if values else None

    for key in params:
        if key not in KNOWN_KEYS:
            notices.append(Notice("unknown-parameter", _clip(key)))
    lang = one("lang")
    if lang is not None:
        if lang in locales.codes():
            state = state.with_(lang=lang)
        else:
            notices.append(Notice("bad-lang", _clip(lang)))
    tab = one("tab")
    if tab is not None:
        try:
            state = state.with_(tab=Tab(tab))
        except ValueError:
            notices.append(Notice("bad-tab", _clip(tab)))
    view = one("view")
    if view is not None:
        if view in view_names():
            state = state.with_(view=view)
        else:
            notices.append(Notice("bad-view", _clip(view)))
    ind = one("ind")
    if ind:
        chosen: list[str] = []
        for item in ind.split(","):
            item = item.strip()
            if not item or item in chosen:
                continue
            if item not in known_indicators:
                notices.append(Notice("unknown-indicator", _clip(item)))
            elif len(chosen) >= MAX_INDICATORS:
                notices.append(Notice("too-many-indicators", str(MAX_INDICATORS)))
                break
            else:
                chosen.append(item)
        state = state.with_(indicators=tuple(chosen))
    for key, attr in (("from", "year_from"), ("to", "year_to")):
        value = one(key)
        if value is None or value == "":
            continue
        if _YEAR.fullmatch(value) and MIN_YEAR <= int(value) <= MAX_YEAR:
            state = state.with_(**{attr: int(value)})
        else:
            notices.append(Notice("bad-year", _clip(value)))
    if state.year_from is not None and state.year_to is not None and state.year_from > state.year_to:
        notices.append(Notice("years-swapped", f"{state.year_from}-{state.year_to}"))
        state = state.with_(year_from=state.year_to, year_to=state.year_from)
    return ParsedView(state, tuple(notices))

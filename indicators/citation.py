"""The "cite this" texts: a view of the dashboard as a reference, in GB/T 7714, in English and as BibTeX.

Each names the dashboard's view (its title, link and data version) with the day it was accessed,
and the publications its figures come from with the day the curator read them, so that a reader
can go from a quoted figure to its source. GB/T 7714-2015 (the Chinese standard for references)
lists the view as an online database ``[DB/OL]`` and each source as an online publication
``[EB/OL]``, numbered; the English text is one paragraph; BibTeX has an entry for the view and
one per source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from indicators.dataset import Dataset
from indicators.locales import text_column
from indicators.selections import in_years
from indicators.version import data_version

#: Who made the dataset, as references name it.
AUTHOR = "reform-indicators"
#: The dashboard's name in the two languages references are written in.
DASHBOARD = {"zh": "龙港改革成效指标", "en": "Longgang reform indicators"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Citations:
    """A view as a reference, three ways."""

    #: GB/T 7714-2015, for Chinese readers: numbered entries, the view first, then its sources.
    gbt7714: str
    #: One English paragraph naming the view and its sources.
    english: str
    #: BibTeX entries: ``@misc`` for the view and for each source.
    bibtex: str


@dataclass(frozen=True)
class _Source:
    id: str
    title_zh: str
    title_en: str
    publisher_zh: str
    publisher_en: str
    url: str | None
    published: date
    accessed: date


def view_sources(
    dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> list[str]:
    """Ids of the sources of the values a view shows (its indicators within its years), in id order."""
    rows = in_years(dataset.rows_of(indicator_ids), year_from, year_to)
    rows = rows[rows["preferred"]]
    if rows.empty:  # nothing within the years: the indicators' sources still say where they come from
        rows = dataset.rows_of(indicator_ids)
    ids = {s for value in rows["source_id"].dropna() for s in str(value).split(";") if s}
    return sorted(ids & set(dataset.sources.index))


def cite_view(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    url: str,
    *,
    accessed: date,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Citations:
    """The references of a view.

    Args:
        dataset: The loaded data.
        indicator_ids: The view's indicators (known ids, in the view's order).
        url: The view's link on the dashboard.
        accessed: The day the reader looked at it (today).
        year_from: First year the view shows (None: open).
        year_to: Last year the view shows (None: open).
    """
    version = data_version(dataset)
    sources = [_source(dataset, s) for s in view_sources(dataset, indicator_ids, year_from, year_to)]
    names = {lang: _names(dataset, indicator_ids, lang) for lang in DASHBOARD}
    years = _years(year_from, year_to)
    updated = version.updated.date()
    gbt = [
        f"[1] {AUTHOR}. {DASHBOARD['zh']}：{names['zh']}{years['zh']}[DB/OL]. 数据版本 {version.label}. "
        f"({updated.isoformat()})[{accessed.isoformat()}]. {url}."
    ]
    for n, source in enumerate(sources, start=2):
        link = f" {source.url}." if source.url else ""
        gbt.append(
            f"[{n}] {source.publisher_zh}. {source.title_zh}[EB/OL]. "
            f"({source.published.isoformat()})[{source.accessed.isoformat()}].{link}"
        )
    english = (
        f"{AUTHOR} ({updated.year}). “{names['en']}{years['en']}”. {DASHBOARD['en']} ({DASHBOARD['zh']}), "
        f"data version {version.label}. {url} (accessed {_english_date(accessed)})."
    )
    if sources:
        english += " Figures from: " + "; ".join(_english_source(source) for source in sources) + "."
    key = _bibtex_key(f"{AUTHOR}-{updated.year}-{'-'.join(indicator_ids)[:60]}")
    entries = [
        _bibtex_entry(
            key,
            {
                "author": AUTHOR,
                "title": f"{DASHBOARD['en']}: {names['en']}{years['en']}",
                "year": str(updated.year),
                "version": version.label,
                "url": url,
                "urldate": accessed.isoformat(),
                "note": "Figures from: " + "; ".join(_english_source(source) for source in sources)
                if sources
                else None,
            },
        )
    ]
    for source in sources:
        entries.append(
            _bibtex_entry(
                _bibtex_key(source.id),
                {
                    "author": source.publisher_zh,
                    "title": source.title_zh,
                    "year": str(source.published.year),
                    "date": source.published.isoformat(),
                    "url": source.url,
                    "urldate": source.accessed.isoformat(),
                    "note": f"{source.publisher_en}: {source.title_en}",
                    "language": "chinese",
                },
            )
        )
    return Citations("\n".join(gbt), english, "\n\n".join(entries))


def _names(dataset: Dataset, indicator_ids: Sequence[str], lang: str) -> str:
    names = [str(dataset.indicators.loc[i, text_column("name", lang)]) for i in indicator_ids]
    return ("、" if lang == "zh" else "; ").join(names)


def _years(year_from: int | None, year_to: int | None) -> dict[str, str]:
    if year_from is None and year_to is None:
        return {"zh": "", "en": ""}
    span = f"{year_from or '…'}–{year_to or '…'}"
    return {"zh": f"（{span}年）", "en": f" ({span})"}


def _source(dataset: Dataset, source_id: str) -> _Source:
    row = dataset.sources.loc[source_id]
    return _Source(
        id=source_id,
        title_zh=str(row[text_column("title", "zh")]),
        title_en=str(row[text_column("title", "en")]),
        publisher_zh=str(row[text_column("publisher", "zh")]),
        publisher_en=str(row[text_column("publisher", "en")]),
        url=row["url"] if isinstance(row["url"], str) else None,
        published=pd.Timestamp(row["date_published"]).date(),
        accessed=pd.Timestamp(row["date_accessed"]).date(),
    )


def _english_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _english_source(source: _Source) -> str:
    publisher = source.publisher_zh
    if source.publisher_en and source.publisher_en != source.publisher_zh:
        publisher += f" ({source.publisher_en})"
    title = f"“{source.title_zh}”"
    if source.title_en and source.title_en != source.title_zh:
        title += f" ({source.title_en})"
    link = f", {source.url}" if source.url else ""
    return f"{publisher}, {title}, {_english_date(source.published)}{link}, accessed {_english_date(source.accessed)}"


#: Fields written as they are (links and dates); names and titles are protected from BibTeX's case changes.
_VERBATIM = frozenset({"url", "urldate", "date", "year", "version"})
_PROTECTED = frozenset({"author", "title"})
_LATEX = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_text(value: str) -> str:
    """A field's text with LaTeX's special characters escaped (braces too, so they always balance)."""
    return "".join(_LATEX.get(ch, "\\" + ch if ch in "{}&%$#_" else ch) for ch in value)


def _bibtex_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", text).strip("-") or "reference"


def _bibtex_entry(key: str, fields: dict[str, str | None]) -> str:
    lines = [f"@misc{{{key},"]
    for name, value in fields.items():
        if not value:
            continue
        if name in _VERBATIM:
            text = value.replace("{", "%7B").replace("}", "%7D")  # only braces could break a verbatim field
        else:
            text = _bibtex_text(value)
            text = f"{{{text}}}" if name in _PROTECTED else text
        lines.append(f"  {name} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines)

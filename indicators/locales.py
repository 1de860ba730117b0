"""Languages as data: what differs between them, chosen by the language code (``zh``, ``en``, ...).

A :class:`Locale` carries a language's tags, punctuation, number and date conventions; code reads
these instead of branching on the code. Texts (the interface's in :mod:`layouts.i18n`, the curated
YAML's ``{zh: ..., en: ...}``) are looked up along the locale's fallback chain: its own language, then
its ``fallback``, and so on, ending in Chinese, the language of the sources, which every text has.

A new language is one :func:`register` call (usually an entry in :data:`BUILT_IN`), its interface
texts, and the curated texts it has (docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: The language every curated text and every interface text has (the sources are Chinese).
BASE_LANGUAGE = "zh"


@dataclass(frozen=True)
class Locale:
    """What a language needs to be written right."""

    #: The code in links and settings (``?lang=en``) and the key of its texts.
    code: str
    #: BCP 47 tag for ``<html lang>``, ``lang`` attributes and documents (zh-CN, en).
    tag: str
    #: Its name in itself, for the language switch.
    native_name: str
    #: Locale name of plotly.js (toolbar and dates); ``en`` is plotly's own.
    plotly: str = "en"
    #: The language of office documents (slides), which want a region (en-US).
    office: str = "en-US"
    #: Where a text missing in this language is looked up next (None: straight to the base language).
    fallback: str | None = None
    #: Text breaks between characters (CJK) rather than between words, and a character is about twice
    #: as wide as a Latin letter: wrapping and label widths follow this.
    cjk: bool = False
    #: Large numbers in 万/亿 (myriads) rather than thousands, millions and billions.
    myriad: bool = False
    #: Words for 10**6, 10**9, 10**12 when numbers are not written in myriads.
    scales: tuple[tuple[int, str], ...] = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
    #: Punctuation.
    colon: str = ": "
    comma: str = ", "
    #: Between the items of a list, between two names, and between the parts of a longer enumeration.
    list_separator: str = ", "
    pair_separator: str = " and "
    semicolon: str = "; "
    #: A parenthetical remark, ``{}`` for its text, with the space before it.
    parenthetical: str = " ({})"
    full_stop: str = "."
    #: Between the items of a chart's key line.
    wide_space: str = "   "
    #: A dash before an attribution ("— source").
    dash: str = " — "
    #: Short month names (None: months are written as numbers in the patterns).
    months: tuple[str, ...] | None = (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )
    #: Dates at each precision; {y} year, {m} month number, {mon} month name, {d} day, {q} quarter.
    date_day: str = "{d} {mon} {y}"
    date_month: str = "{mon} {y}"
    date_quarter: str = "Q{q} {y}"
    date_year: str = "{y}"
    #: Months of one year: {y}, {m1}/{mon1} the first, {m2}/{mon2} the last.
    month_range: str = "{mon1}–{mon2} {y}"
    #: Between the two ends of any other span.
    range_separator: str = " – "
    #: d3 time formats of a date axis: days, months and years apart. What follows a line break is
    #: written under the first tick and wherever it changes (plotly's date "head"): every axis names
    #: its year once, and ticks stay short.
    axis_day: str = "%-d %b\n%Y"
    axis_month: str = "%b\n%Y"
    axis_year: str = "%Y"
    #: A monthly average, ``{q}`` for the quantity; and what an axis title of monthly averages adds
    #: (inside its closing parenthesis, where it has one: 投诉（件/月）).
    per_month: str = "{q} a month"
    per_month_axis: str = " per month"

    def chain(self) -> tuple[str, ...]:
        """The languages a text is looked up in, in order: this one, its fallbacks, the base language."""
        codes = [self.code]
        step = self.fallback
        while step is not None and step not in codes:
            codes.append(step)
            step = _LOCALES[step].fallback if step in _LOCALES else None
        if BASE_LANGUAGE not in codes:
            codes.append(BASE_LANGUAGE)
        return tuple(codes)

    @property
    def suffix(self) -> str:
        """The code as a column suffix (``name_en_XA``): an identifier, so rows read as attributes."""
        return self.code.replace("-", "_")

    def parenthesized(self, text: str, remark: str) -> str:
        """``text（remark）`` or ``text (remark)``."""
        return text + self.parenthetical.format(remark)

    def labelled(self, label: str, text: str) -> str:
        """``label：text`` or ``label: text``."""
        return f"{label}{self.colon}{text}"


ZH = Locale(
    code="zh",
    tag="zh-CN",
    native_name="中文",
    plotly="zh-CN",
    office="zh-CN",
    cjk=True,
    myriad=True,
    colon="：",
    comma="，",
    list_separator="、",
    pair_separator="、",
    semicolon="；",
    parenthetical="（{}）",
    full_stop="。",
    wide_space="　",
    dash=" —— ",
    months=None,
    date_day="{y}年{m}月{d}日",
    date_month="{y}年{m}月",
    date_quarter="{y}年第{q}季度",
    date_year="{y}年",
    month_range="{y}年{m1}月—{m2}月",
    range_separator="—",
    axis_day="%-m月%-d日\n%Y年",
    axis_month="%-m月\n%Y年",
    axis_year="%Y年",
    per_month="{q}/月",
    per_month_axis="/月",
)
EN = Locale(code="en", tag="en", native_name="English")
#: The languages the dashboard ships with.
BUILT_IN = (ZH, EN)

_LOCALES: dict[str, Locale] = {locale.code: locale for locale in BUILT_IN}
_LOCK = threading.Lock()


def register(locale: Locale) -> None:
    """Add (or replace) a language; links, settings, texts and frames accept it from now on."""
    if locale.fallback is not None and locale.fallback not in _LOCALES:
        raise ValueError(f"locale {locale.code!r} falls back to {locale.fallback!r}, which is not registered")
    with _LOCK:
        _LOCALES[locale.code] = locale


def unregister(code: str) -> None:
    """Remove a language added with :func:`register` (the built-in ones stay)."""
    if code in {locale.code for locale in BUILT_IN}:
        raise ValueError(f"{code!r} is built in")
    with _LOCK:
        _LOCALES.pop(code, None)


def registered_json() -> list[dict]:
    """The languages registered besides the built-in ones, in order, as JSON-ready fields.

    For another process that must build the same frames (the data's builder): :func:`register_json`.
    """
    built_in = {locale.code for locale in BUILT_IN}
    return [dataclasses.asdict(_LOCALES[code]) for code in codes() if code not in built_in]


def register_json(found: list[dict]) -> None:
    """Register the languages :func:`registered_json` gave, in its order (lists become tuples again).

    Raises:
        ValueError: When an entry is not a language.
    """

    def tuples(value: object) -> object:
        return tuple(tuples(item) for item in value) if isinstance(value, list) else value

    for fields in found:
        try:
            register(Locale(**{name: tuples(value) for name, value in fields.items()}))
        except TypeError as exc:
            raise ValueError(f"not a language: {exc}") from None


def codes() -> tuple[str, ...]:
    """Every language code, the built-in ones first."""
    return tuple(_LOCALES)


def get(code: str) -> Locale:
    """The locale of a language code.

    Raises:
        KeyError: For a code that is not registered.
    """
    return _LOCALES[code]


def text_column(prefix: str, lang: str) -> str:
    """The column of a text in a language in the frames of indicators, sources and events (``name_en``)."""
    return f"{prefix}_{get(lang).suffix}"


def column(columns: object, prefix: str, lang: str) -> str:
    """The frame column of a text in a language: ``<prefix>_<language>`` along its fallback chain.

    Frames of indicators, sources and events have a column per registered language; observation
    notes have Chinese and English ones (and any other language a note is written in).
    """
    for code in get(lang).chain():
        name = f"{prefix}_{code.replace('-', '_')}"
        if name in columns:  # type: ignore[operator]
            return name
    return f"{prefix}_{BASE_LANGUAGE}"


def text_in(texts: object, lang: str) -> str | None:
    """A text in a language, along its fallback chain.

    ``texts`` is a mapping of language codes to texts, an object with one attribute per language
    (the curated YAML's ``Text``), a plain string (the same in every language) or None.
    """
    if texts is None or isinstance(texts, str):
        return texts
    for code in get(lang).chain():
        value = texts.get(code) if isinstance(texts, Mapping) else getattr(texts, code, None)
        if value is None and not isinstance(texts, Mapping):
            value = (getattr(texts, "model_extra", None) or {}).get(code)
        if value:
            return value
    return None


#: The tables of texts that languages fill in, each with its shape: ``language`` tables map a code to
#: its texts ({"zh": {...}, "en": {...}}), ``key`` tables map a text's key to its languages
#: ({"title": {"zh": ..., "en": ...}}). Translators and the pseudo-locale test go through them all.
_TABLES: list[tuple[str, dict, str]] = []


#: Texts of languages read from files before their table was registered: (code, table name, texts).
_PENDING: list[tuple[str, str, object]] = []


def translatable(name: str, table: dict, by: str = "language") -> dict:
    """Register a table of texts by language (``by="language"``) or by key (``by="key"``); returns it."""
    if by not in ("language", "key"):
        raise ValueError("by must be 'language' or 'key'")
    _TABLES.append((name, table, by))
    for code, _, texts in [item for item in _PENDING if item[1] == name]:
        _fill(code, table, by, texts, name)
    return table


def _fill(code: str, table: dict, by: str, texts: object, name: str) -> None:
    """Put a language's texts into one table, checking they are the table's own keys."""
    if by == "key":
        if not isinstance(texts, dict):
            raise ValueError(f"the texts of {name!r} must be a mapping of keys to texts")
        unknown = sorted(set(texts) - set(table))
        if unknown:
            raise ValueError(f"{name!r} has no texts {', '.join(map(repr, unknown[:5]))}")
        for key, text in texts.items():
            table[key][code] = text
        return
    model = table.get(BASE_LANGUAGE)
    if isinstance(model, dict):
        if not isinstance(texts, dict) or set(map(str, texts)) != set(map(str, model)):
            raise ValueError(f"the texts of {name!r} must have exactly the keys {', '.join(map(str, model))}")
        texts = {key: texts[str(key)] for key in model}  # the table's own keys (enum members)
    elif isinstance(model, tuple):
        if not isinstance(texts, list | tuple) or len(texts) != len(model):
            raise ValueError(f"the texts of {name!r} must be a list of {len(model)} texts")
        texts = tuple(texts)
    table[code] = texts


def add_texts(code: str, texts: dict[str, object]) -> None:
    """Add a language's texts, by table name (:func:`translatable_tables`).

    Tables not loaded yet (their module is not imported) get them when they register.
    """
    get(code)
    tables = {name: (table, by) for name, table, by in _TABLES}
    for name, section in texts.items():
        if name in tables:
            _fill(code, *tables[name], section, name)
        else:
            _PENDING.append((code, name, section))


def load_language(path: str | Path) -> Locale:
    """Register a language from a YAML file: ``locale:`` (:class:`Locale`'s fields) and ``texts:``.

    ``texts`` holds the language's texts by table name (:func:`translatable_tables`); what it leaves
    out falls back. A third language needs no code (docs/architecture.md).

    Raises:
        ValueError: With the file and what is wrong in it.
    """
    import yaml  # only where language files are used

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = dict(data["locale"])
        for name in ("months", "scales"):
            if name in fields:
                fields[name] = tuple(tuple(item) if isinstance(item, list) else item for item in fields[name])
        locale = Locale(**fields)
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: not a language file: {exc}") from None
    register(locale)
    try:
        add_texts(locale.code, data.get("texts") or {})
    except (TypeError, ValueError, AttributeError) as exc:
        remove_translation(locale.code)
        unregister(locale.code)
        raise ValueError(f"{path}: not a language file: {exc}") from None
    return locale


def translatable_tables() -> list[tuple[str, dict, str]]:
    """Every registered table of texts: (name, table, shape)."""
    return list(_TABLES)


def add_translation(code: str, translate: Callable[[object], object], *, source: str = "en") -> None:
    """Fill in every table for a registered language, from the ``source`` language's texts.

    ``translate`` turns a text (or a tuple or mapping of texts) of the source language into the
    language's. Existing entries of the language are kept. Used for pseudo-locales; a real translation
    supplies its texts the same way, one table at a time.
    """
    get(code)  # the language must be registered first
    for _name, table, by in _TABLES:
        if by == "language":
            if code not in table and source in table:
                table[code] = translate(table[source])
        else:
            for texts in table.values():
                if code not in texts and source in texts:
                    texts[code] = translate(texts[source])


def remove_translation(code: str) -> None:
    """Drop a language's entries from every table (undoes :func:`add_translation` and :func:`add_texts`)."""
    _PENDING[:] = [item for item in _PENDING if item[0] != code]
    for _name, table, by in _TABLES:
        if by == "language":
            table.pop(code, None)
        else:
            for texts in table.values():
                texts.pop(code, None)

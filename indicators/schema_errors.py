"""Pydantic's complaints about a record's shape, turned into problems a curator can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from indicators import locales
from indicators.documents import RawRecord
from indicators.problems import Problem
from indicators.qualifiers import HEDGE_WORDS
from indicators.schema import Category, Event, Indicator, Observation, Source, Unit

#: The model of each kind of record.
MODELS: dict[str, type[BaseModel]] = {
    "unit": Unit,
    "category": Category,
    "indicator": Indicator,
    "source": Source,
    "event": Event,
    "observation": Observation,
}

#: Fields holding one text or a ``{zh, en}`` mapping (:data:`indicators.schema.Note`).
_TRANSLATABLE = frozenset({"note", "reason"})
#: Fields holding a ``{zh, en}`` mapping (:class:`indicators.schema.Text`), often written in flow style.
_TEXTS = frozenset({"name", "title", "publisher", "description", "axis", "processing", "patterns"})


def suggest(word: object, choices: Iterable[str]) -> str:
    """``did you mean ...?`` for the choices close to ``word``, or an empty text."""
    close = difflib.get_close_matches(str(word), list(choices), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def record_id(data: object) -> str | None:
    """The ``id`` of a raw record, when it has one."""
    if isinstance(data, dict):
        value = data.get("id")
        return str(value) if value is not None else None
    return None


def pydantic_problems(exc: ValidationError, raw: RawRecord, record: str | None) -> list[Problem]:
    """One problem per thing pydantic found wrong with a record (a note's forms reported once)."""
    problems = []
    reported: set[tuple] = set()
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        cut = next((n for n, part in enumerate(loc[:-1]) if part in _TRANSLATABLE), None)
        if cut is not None:
            # A note is a text or a {zh, en} mapping: pydantic reports a miss against each form;
            # one message naming both reads better.
            field = loc[: cut + 1]
            if field not in reported:
                reported.add(field)
                where = ".".join(str(part) for part in field)
                problems.append(Problem(raw.file, raw.line, record, *_note_problem(where, _at(raw.data, field))))
            continue
        where = ".".join(str(part) for part in loc) or "record"
        problems.append(Problem(raw.file, raw.line, record, *_explain(error, where, raw)))
    return problems


def _at(data: object, path: tuple) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


_COMMA_HINT = (
    "a comma inside {zh: ..., en: ...} ends the text there: put the text in quotes "
    '(zh: "浙江龙港, 领改革之先") or write zh: and en: on lines of their own'
)


def _note_problem(where: str, given: object) -> tuple[str, str]:
    name = where.rsplit(".", 1)[-1]
    hint = f"write {name}: <text>, or {name}: with both zh: <text> and en: <text> under it"
    if isinstance(given, dict):
        missing = [lang for lang in ("zh", "en") if not str(given.get(lang) or "").strip()]
        extra = sorted(str(key) for key in given if key not in locales.codes())
        if extra:
            if any(given.get(key) is None for key in extra):
                hint = _COMMA_HINT
            return f"{where} has unknown keys {', '.join(map(repr, extra))}", hint
        if missing:
            return f"{where} has no {' or '.join(missing)} text", hint
        return f"{where} texts must be texts", hint
    if isinstance(given, str):
        return f"{where} is empty", f"write the {name}, or leave the field out"
    return f"{where} must be a text, got {given!r}", hint


def _explain(error: dict, where: str, raw: RawRecord) -> tuple[str, str]:
    """Turn a pydantic error into (what is wrong, what would be right)."""
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return f"required field {where!r} is missing", f"add '{where}: ...' to this {raw.kind}"
    if kind == "extra_forbidden":
        allowed = fields_of(raw.kind)
        suggestion = suggest(where.split(".")[-1], allowed)
        return f"unknown field {where!r}", suggestion or f"allowed fields: {', '.join(allowed)}"
    if where in _TEXTS and isinstance(given, dict):
        # `title: {zh: 浙江龙港, 领改革之先, en: ...}` reads 领改革之先 as a key without a value.
        stray = [str(key) for key, value in given.items() if value is None and key not in locales.codes()]
        if stray:
            keys = ", ".join(map(repr, stray))
            return f"{where} has stray key{'s' if len(stray) > 1 else ''} {keys}", _COMMA_HINT
    if kind == "enum" or kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = f"use one of {expected}"
        if where == "qualifier" and isinstance(given, str) and given.strip() in HEDGE_WORDS:
            meaning = HEDGE_WORDS[given.strip()].value
            hint = f"'{given}' means {meaning!r}; write qualifier: {meaning}"
        elif isinstance(given, str) and (close := suggest(given, _enum_values(expected))):
            hint = f"{close} ({hint})"
        return f"{where} {given!r} is not allowed", hint
    if kind == "string_too_short":
        if where == "quote":
            return "quote is empty", "copy the short clause of the source that holds the figure, word for word"
        return f"{where} is empty", f"write the {where}"
    if kind == "string_pattern_mismatch":
        if where.startswith("text."):
            return f"{where} {given!r} is not valid", _TEXT_REF_HINT
        return (
            f"{where} {given!r} is not a valid id",
            "ids are lower case letters, digits and _ (indicators) "
            "or - (other records), starting with a letter or digit",
        )
    if where == "url":
        return (
            f"url {given!r} is not a web address",
            "write the full address starting with https:// (or url: null if the source has none)",
        )
    if where == "date_published":
        detail = error["msg"].removeprefix("Value error, ")
        hint = "write the day, month or year: 2022-08-23, 2022-08 or 2022"
        if detail.startswith(repr(given)):  # the period parser names the text itself
            return f"date_published {detail}", hint
        return f"date_published {given!r} is not a date ({detail})", hint
    if where.startswith("date_"):
        return f"{where} {given!r} is not a date", "write an ISO date such as 2022-08-23"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return f"{where}: {message} (got {given!r})" if given is not None and not isinstance(
        given, dict
    ) else f"{where}: {message}", ""


_TEXT_REF_HINT = (
    "file: a path inside the texts folder (no '..', not absolute); sha256: the 64 hex digits that "
    "'python -m indicators draft' or 'sha256sum FILE' prints"
)


def _enum_values(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def fields_of(kind: str) -> list[str]:
    """The fields a record of ``kind`` may have."""
    model = MODELS.get(kind)
    return list(model.model_fields) if model else []

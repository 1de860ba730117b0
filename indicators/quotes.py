"""Quotes checked against their source's text, with the nearest passage as a hint when one is not found.

A quote must stand in the text word for word, with two allowances (docs/data-format.md):

* full-width and half-width forms of the same punctuation match (，and ,  ：and :  （and (  ％ and %);
* whitespace is ignored (spaces, non-breaking spaces, line breaks).

Nothing else is normalised: digits, letters, Chinese characters (simplified or traditional) and
quotation marks (“ ” and ") must be as printed.
"""

from __future__ import annotations

import difflib
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from indicators.problems import Problem
from indicators.texts import SourceText


def _fold(ch: str) -> str:
    """A punctuation character's half-width form; whitespace folds to nothing; anything else is itself."""
    if ch.isspace():
        return ""
    category = unicodedata.category(ch)
    if category[0] == "P" or (category[0] == "S" and "\uff00" <= ch <= "\uffef"):
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return ch


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as quotes are compared with it, and the offset in ``text`` of each character kept."""
    kept: list[str] = []
    offsets: list[int] = []
    for offset, ch in enumerate(text):
        folded = _fold(ch)
        if folded:
            kept.append(folded)
            offsets.append(offset)
    return "".join(kept), offsets


@dataclass(frozen=True, slots=True)
class Passage:
    """Where some words stand in a text: offsets, and the 1-based line and column of the start."""

    start: int
    end: int
    line: int
    column: int
    text: str


class TextIndex:
    """A source text prepared for finding quotes in it."""

    def __init__(self, text: str):
        self.text = text
        self.normalised, self._offsets = normalise(text)
        self._line_starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both from 1, of an offset in the text."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _passage(self, start: int, end: int) -> Passage:
        line, column = self.position(start)
        return Passage(start, end, line, column, self.text[start:end])

    def find(self, quote: str) -> list[Passage]:
        """Every place the quote stands in the text (spans in the original text)."""
        needle = normalise(quote)[0]
        if not needle:
            return []
        found, at = [], self.normalised.find(needle)
        while at >= 0:
            last = at + len(needle) - 1
            found.append(self._passage(self._offsets[at], self._offsets[last] + 1))
            at = self.normalised.find(needle, at + 1)
        return found

    @cached_property
    def _matcher(self) -> difflib.SequenceMatcher:
        # The text is the second sequence: its index is built once for every quote looked up.
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(self.normalised)
        return matcher

    def nearest(self, quote: str) -> Passage | None:
        """The passage of the quote's length around the longest run of the text it shares, if any."""
        needle = normalise(quote)[0]
        if not needle or not self.normalised:
            return None
        matcher = self._matcher
        matcher.set_seq1(needle)
        i, j, size = matcher.find_longest_match(0, len(needle), 0, len(self.normalised))
        if size < min(2, len(needle)):
            return None
        start = max(0, j - i)
        end = min(len(self.normalised), start + len(needle))
        return self._passage(self._offsets[start], self._offsets[end - 1] + 1)


@dataclass(frozen=True, slots=True)
class QuotedItem:
    """A text a curator says stands in a source: an observation's or event's quote, a not_curated text."""

    source_id: str
    text: str
    file: str
    line: int | None
    record: str | None
    what: str  # "quote" or "not_curated text"


def quoted_items(observations: pd.DataFrame, events: pd.DataFrame, sources: dict, files: dict) -> list[QuotedItem]:
    """Every quote and ``not_curated`` text of the data, with where it is written.

    Args:
        observations: The observations frame (``obs_id``, ``source_id``, ``quote``, ``file``, ``line``).
        events: The events frame (``event_id``, ``source_id``, ``quote``, ``file``, ``line``).
        sources: Source models by id.
        files: (file, line) of each source, by id.
    """
    items = [
        QuotedItem(source, quote, file, _line(line), obs_id.split(":", 1)[1], "quote")
        for obs_id, source, quote, file, line in observations[
            ["obs_id", "source_id", "quote", "file", "line"]
        ].itertuples(index=False)
    ]
    quoted_events = events[events["quote"].notna() & events["source_id"].notna()]
    items += [
        QuotedItem(source, quote, file, _line(line), event_id, "quote")
        for event_id, source, quote, file, line in quoted_events[
            ["event_id", "source_id", "quote", "file", "line"]
        ].itertuples(index=False)
    ]
    for source_id, source in sources.items():
        file, line = files.get(source_id, (source_id, None))
        items += [
            QuotedItem(source_id, entry.text, file, line, f"{source_id} not_curated[{n}]", "not_curated text")
            for n, entry in enumerate(source.not_curated)
        ]
    return items


def _line(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def check_quotes(items: Iterable[QuotedItem], texts: dict[str, SourceText]) -> list[Problem]:
    """An error for every quote (or not_curated text) that its source's text does not hold.

    Sources whose text is not at hand are skipped (:func:`indicators.texts.text_problems` says so).
    """
    problems = []
    indexes: dict[str, TextIndex] = {}
    for item in items:
        text = texts.get(item.source_id)
        if text is None or not text.usable:
            continue
        index = indexes.get(item.source_id)
        if index is None:
            index = indexes[item.source_id] = TextIndex(text.content or "")
        if index.find(item.text):
            continue
        nearest = index.nearest(item.text)
        hint = "copy the clause from the text word for word"
        if nearest is not None:
            shown = " ".join(nearest.text.split())
            hint = f"the nearest passage, at {text.file}:{nearest.line}:{nearest.column}, is “{shown}”; {hint}"
        problems.append(
            Problem(
                item.file,
                item.line,
                item.record,
                f"{item.what} “{item.text}” is not in the text of {item.source_id} ({text.file})",
                hint,
            )
        )
    return problems

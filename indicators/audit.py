"""The coverage audit: every number in a source's text is covered by a quote, or explained, or listed.

A number is *covered* when it stands inside a passage that an observation (or event) of the source
quotes, and *explained* when it stands inside a ``not_curated`` text of the source. Every other number
is *uncovered*: a figure the curator may have missed. The audit of a source holds every number found,
each with its line, column and sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from indicators.number_finder import FoundNumber, find_numbers
from indicators.quotes import Passage, QuotedItem, TextIndex
from indicators.texts import SourceText

#: Where a sentence ends (a number's sentence is shown with it); commas stay inside.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


class Coverage(StrEnum):
    """What accounts for a number found in a text."""

    COVERED = "covered"  # inside a quote
    EXPLAINED = "explained"  # inside a not_curated text
    UNCOVERED = "uncovered"


@dataclass(frozen=True, slots=True)
class AuditedNumber:
    """A number of a text with where it is and what accounts for it."""

    number: FoundNumber
    line: int
    column: int
    sentence: str
    coverage: Coverage
    by: str = ""  # the record whose quote covers it, or the not_curated text that explains it


@dataclass(frozen=True, slots=True)
class SourceAudit:
    """The audit of one source's text."""

    source_id: str
    text: SourceText
    numbers: tuple[AuditedNumber, ...]

    def count(self, coverage: Coverage) -> int:
        """How many numbers are covered, explained or uncovered."""
        return sum(1 for n in self.numbers if n.coverage is coverage)

    @property
    def uncovered(self) -> list[AuditedNumber]:
        """The numbers nothing accounts for."""
        return [n for n in self.numbers if n.coverage is Coverage.UNCOVERED]


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding ``text[start:end]``."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, whitespace collapsed."""
    left, right = sentence_span(text, start, end)
    return " ".join(text[left:right].split())


def excerpt(sentence: str, words: str, width: int = 40) -> str:
    """A long sentence cut to ``width`` characters either side of ``words`` (marked … where cut)."""
    at = sentence.find(words)
    if len(sentence) <= 2 * width + len(words) or at < 0:
        return sentence
    left, right = max(0, at - width), min(len(sentence), at + len(words) + width)
    return f"{'…' if left else ''}{sentence[left:right]}{'…' if right < len(sentence) else ''}"


def audit_text(
    source_id: str, text: SourceText, quotes: Iterable[tuple[str, str]], explanations: Iterable[str]
) -> SourceAudit:
    """Audit one text.

    Args:
        source_id: The source.
        text: Its text (``usable``).
        quotes: (record, quote) of every observation and event of the source.
        explanations: The texts of its ``not_curated`` entries.
    """
    content = text.content or ""
    index = TextIndex(content)
    covering = [(record, passage) for record, quote in quotes for passage in index.find(quote)]
    explaining = [(words, passage) for words in explanations for passage in index.find(words)]
    audited = []
    for number in find_numbers(content):
        line, column = index.position(number.start)
        coverage, by = Coverage.UNCOVERED, ""
        if (record := _inside(number, covering)) is not None:
            coverage, by = Coverage.COVERED, record
        elif (words := _inside(number, explaining)) is not None:
            coverage, by = Coverage.EXPLAINED, words
        sentence = sentence_around(content, number.start, number.end)
        audited.append(AuditedNumber(number, line, column, sentence, coverage, by))
    return SourceAudit(source_id, text, tuple(audited))


def _inside(number: FoundNumber, passages: list[tuple[str, Passage]]) -> str | None:
    return next((label for label, p in passages if p.start <= number.start and number.end <= p.end), None)


def audit_sources(items: Iterable[QuotedItem], texts: dict[str, SourceText]) -> list[SourceAudit]:
    """The audit of every source whose text is at hand, in source order.

    Args:
        items: Every quote and not_curated text of the data (:func:`indicators.quotes.quoted_items`).
        texts: The texts found, by source id.
    """
    quotes: dict[str, list[tuple[str, str]]] = {}
    explanations: dict[str, list[str]] = {}
    for item in items:
        if item.what == "quote":
            quotes.setdefault(item.source_id, []).append((item.record or "", item.text))
        else:
            explanations.setdefault(item.source_id, []).append(item.text)
    return [
        audit_text(source_id, text, quotes.get(source_id, []), explanations.get(source_id, []))
        for source_id, text in texts.items()
        if text.usable
    ]

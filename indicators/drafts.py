"""Draft observations for the numbers of a text that nothing covers yet, for the curator to complete.

A draft holds what the text says for sure: the number in base units, the qualifier its hedge word
gives (约, 近, 多, 余, 以上 ...), the clause as quote, and the time phrase found near it (今年1到3月,
设市以来) for the curator to turn into a period. Each record carries a ``draft:`` block with where
the number was found; the loader rejects a record while it has one, so a draft is never loaded until
the curator has completed and checked it and deleted that block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml

from indicators.audit import AuditedNumber, Coverage, SourceAudit, excerpt, sentence_span
from indicators.number_finder import NumberKind
from indicators.numerals import DIGITS, SMALL_UNITS
from indicators.schema import SourceKind

_N = rf"(?:\d+|[{''.join(DIGITS)}{''.join(SMALL_UNITS)}]+)"
#: Phrases that say when: relative (今年, 目前, 设市以来, 近两个月来) or absolute (2019年, 1到3月).
TIME_PHRASE = re.compile(
    rf"(?:撤镇设市|设市|建市|成立|挂牌)以来"
    rf"|近{_N}个?(?:年|月|天|周)来?"
    rf"|(?:今年|去年|前年|本年|当年|{_N}年)"
    rf"(?:{_N}(?:到|至|—|-){_N}月|{_N}月(?:{_N}日)?|上半年|下半年|年底|年末|年初|第{_N}季度|前{_N}个?月)?(?:以来)?"
    rf"|{_N}(?:到|至){_N}月"
    rf"|目前|当前|现在|至今|截至[^，,。；;\n]{{1,12}}|以来"
)
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")
#: The longest quote drafted: a quote is the short clause that holds the figure.
MAX_QUOTE = 60
#: Hedge words that make the period, not the value, approximate when a time phrase starts with them.
_PERIOD_HEDGES = ("近", "约", "大约")


@dataclass(frozen=True, slots=True)
class DraftedText:
    """Where the drafted text is kept, as its source's ``text:`` will reference it."""

    file: str
    sha256: str


def time_phrase(sentence: str, offset: int) -> str:
    """The time phrase that dates the number at ``offset`` of ``sentence``.

    The last one before it in the sentence (设市以来,共办理…1000多起), else the first after it in its
    clause (…105家,截至目前); "" when there is none.
    """
    phrases = [m for m in TIME_PHRASE.finditer(sentence) if not (m.start() <= offset < m.end())]
    before = [m for m in phrases if m.end() <= offset]
    if before:
        return before[-1].group(0)
    clause_end = _CLAUSE_END.search(sentence, offset)
    limit = clause_end.start() if clause_end else len(sentence)
    after = [m for m in phrases if m.start() >= offset and m.end() <= limit]
    return after[0].group(0) if after else ""


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    clause = text[left:right].strip()
    if len(clause) <= MAX_QUOTE:
        return clause
    # A list (6大类、39项): the part holding the number, else a window around it.
    offset = start - left - (len(text[left:right]) - len(text[left:right].lstrip()))
    parts, position = [], 0
    for part in clause.split("、"):
        parts.append((position, part))
        position += len(part) + 1
    part = next((p for at, p in parts if at <= offset < at + len(p) + 1), clause)
    if len(part) <= MAX_QUOTE:
        return part
    return clause[max(0, offset - MAX_QUOTE // 2) : offset + MAX_QUOTE // 2]


def _found(text: str, audited: AuditedNumber) -> str:
    number = audited.number
    end = number.end
    for word in (number.hedge, number.unit_word, number.hedge):
        if word and text.startswith(word, end):
            end += len(word)
    return text[number.start : end]


def draft_observation(text: str, audited: AuditedNumber) -> dict[str, object]:
    """One draft record for an uncovered number of ``text``."""
    number = audited.number
    left, right = sentence_span(text, number.start, number.end)
    phrase = time_phrase(text[left:right], number.start - left)
    found = _found(text, audited)
    block: dict[str, object] = {"found": found, "line": audited.line, "column": audited.column}
    block["sentence"] = excerpt(audited.sentence, found)
    block["period_phrase"] = phrase or "(none found: read the context)"
    if phrase.startswith(_PERIOD_HEDGES):
        block["period_hedge"] = f"{phrase[0]}: if it hedges this figure's period, set period_qualifier: approximately"
    if number.unit_word:
        block["unit_word"] = number.unit_word
    if number.hedge:
        block["hedge"] = number.hedge
    record: dict[str, object] = {"draft": block, "id": f"line-{audited.line}-{audited.column}", "indicator": None}
    if number.kind is NumberKind.RANK:
        record["measure"] = "rank"
    elif number.kind is NumberKind.RATIO:
        record["measure"] = "ratio_to_base"
        record["base_period"] = None
    record["period"] = None
    value = number.value
    record["value"] = int(value) if float(value).is_integer() else value
    record["qualifier"] = number.qualifier.value
    record["quote"] = _clause(text, number.start, number.end)
    return record


def drafts_for(audit: SourceAudit) -> list[dict[str, object]]:
    """Draft records for the uncovered numbers of an audited text (dates and time spans are periods)."""
    text = audit.text.content or ""
    records = []
    for audited in audit.numbers:
        if audited.coverage is not Coverage.UNCOVERED or audited.number.kind is NumberKind.DATE:
            continue
        if audited.number.kind is NumberKind.DURATION and _in_time_phrase(text, audited):
            continue
        records.append(draft_observation(text, audited))
    return records


def _in_time_phrase(text: str, audited: AuditedNumber) -> bool:
    number = audited.number
    window_start = max(0, number.start - 8)
    return any(
        m.start() + window_start <= number.start and number.end <= m.end() + window_start
        for m in TIME_PHRASE.finditer(text[window_start : number.end + 8])
    )


_SOURCE_TEMPLATE = """\
source:
  draft: fill in every field, then delete this line
  id: {source_id}
  title:
    zh:            # the title as printed
    en:            # an English translation
  publisher:
    zh:
    en:
  kind:            # {kinds}
  url:             # the full web address, or null when none is known (never invented)
  date_published:  # 2022-08-23, or 2022-08 / 2022 when only the month or year is known
  date_accessed: {today}
  text:
    file: {file}
    sha256: {sha256}
  not_curated: []  # numbers that are not indicator values: - {{text: <clause>, reason: <why>}}
"""

_HEADER = """\
# Draft written by `python -m indicators draft` for source {source_id}: {count} number(s) of the text
# that no quote covers and no not_curated entry explains. Nothing here is loaded while it has a
# `draft:` block. For each record: choose the indicator, turn the period phrase into a period
# (docs/data-format.md), check value, qualifier and quote against the text, add a note on how the
# figure was read, then delete the `draft:` block. A number that is not an indicator value goes under
# the source's not_curated instead, with the reason.
"""


def draft_yaml(audit: SourceAudit, drafted: DraftedText, *, new_source: bool, today: date | None = None) -> str:
    """The YAML of a draft: a source skeleton when the source is new, then the draft observations."""
    records = drafts_for(audit)
    parts = [_HEADER.format(source_id=audit.source_id, count=len(records))]
    if new_source:
        kinds = ", ".join(kind.value for kind in SourceKind)
        parts.append(
            _SOURCE_TEMPLATE.format(
                source_id=audit.source_id,
                kinds=kinds,
                today=(today or date.today()).isoformat(),
                file=_yaml_scalar(drafted.file),
                sha256=drafted.sha256,
            )
        )
    body = yaml.safe_dump({"observations": records}, allow_unicode=True, sort_keys=False, width=1000)
    parts.append(body if records else "observations: []\n")
    return "".join(parts)


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()

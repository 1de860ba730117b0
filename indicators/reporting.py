"""The problem list every check writes to, with the checks all record kinds share (shape, ids, references)."""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from indicators.checked import Located
from indicators.documents import RawRecord
from indicators.problems import Problem, Severity
from indicators.schema_errors import pydantic_problems, record_id, suggest

M = TypeVar("M", bound=BaseModel)


class Reporter:
    """Collects every problem found, and the ids of records rejected (by kind)."""

    def __init__(self, file_problems: list[Problem]):
        self.problems: list[Problem] = list(file_problems)
        # Records rejected by id, so that records pointing at them say so instead of "unknown".
        self.rejected: dict[str, set[str]] = defaultdict(set)

    def error(self, raw: RawRecord | Located, record: str | None, message: str, hint: str = "") -> None:
        """Record an error against a record."""
        self.problems.append(Problem(raw.file, raw.line, record, message, hint))

    def warn(self, raw: RawRecord | Located, record: str | None, message: str, hint: str = "") -> None:
        """Record a warning (the record is kept)."""
        self.problems.append(Problem(raw.file, raw.line, record, message, hint, Severity.WARNING))

    def models(self, kind: str, model: type[M], raws: list[RawRecord]) -> list[tuple[RawRecord, M]]:
        """The records of ``raws`` that have the shape of ``model``, each with its raw record."""
        valid = []
        for raw in raws:
            identifier = record_id(raw.data)
            if not isinstance(raw.data, dict):
                self.error(
                    raw,
                    identifier,
                    f"{kind} must be a mapping of fields, got {raw.data!r}",
                    "write it as 'id: ...' lines under '- '",
                )
                continue
            if self.draft(raw, kind, identifier):
                continue
            try:
                valid.append((raw, model.model_validate(raw.data)))
            except ValidationError as exc:
                self.problems.extend(pydantic_problems(exc, raw, identifier))
                if identifier:
                    self.rejected[kind].add(identifier)
        return valid

    def draft(self, raw: RawRecord, kind: str, record: str | None) -> bool:
        """Reject a record still marked ``draft:`` (written by ``python -m indicators draft``)."""
        if not (isinstance(raw.data, dict) and "draft" in raw.data):
            return False
        self.error(
            raw,
            record,
            f"{kind} is a draft, not yet confirmed by the curator; it is not loaded",
            "complete and check every field against the text, then delete its 'draft:' block",
        )
        if record:
            self.rejected[kind].add(record)
        return True

    def unique(self, kind: str, items: list[tuple[RawRecord, M]]) -> dict[str, Located[M]]:
        """Records by id; a second record with the same id is rejected."""
        result: dict[str, Located[M]] = {}
        for raw, model in items:
            identifier = model.id  # type: ignore[attr-defined]
            if identifier in result:
                first = result[identifier]
                self.error(
                    raw,
                    identifier,
                    f"duplicate {kind} id {identifier!r}; it is already defined at {first.file}:{first.line}",
                    f"give this {kind} a different id, or remove one of the two",
                )
                self.rejected[kind].add(identifier)
                continue
            result[identifier] = Located(model, raw.file, raw.line)
        return result

    def reference(
        self, raw: RawRecord | Located, record: str | None, kind: str, value: str, known: dict, field: str
    ) -> bool:
        """Check that ``value`` names a known record of ``kind``; report it otherwise."""
        if value in known:
            return True
        if value in self.rejected[kind]:
            self.error(
                raw,
                record,
                f"{field} {value!r} names a {kind} that was rejected (see the error reported for it)",
                f"fix the {kind} {value!r}",
            )
        else:
            hint = suggest(value, known) or (
                f"known {kind} ids: {', '.join(sorted(known)[:12])}" if known else f"define the {kind} first"
            )
            self.error(raw, record, f"unknown {kind} {value!r} in {field!r}", hint)
        return False

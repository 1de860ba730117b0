"""Problems found in the curated data, each pointing at the file, line and record to fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters: errors reject a record, warnings keep it, notices only inform."""

    ERROR = "error"
    WARNING = "warning"
    #: Something a check could not do (a source's text is not at hand), said so that it is not missed.
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the curated data.

    Attributes:
        file: Path of the file, relative to the data directory.
        line: 1-based line of the record (or of the syntax error), when known.
        record: Id of the record concerned (an observation, indicator, source ...), when known.
        message: What is wrong, in one sentence.
        hint: What would be right, or how to fix it.
        severity: ``error`` rejects the record; ``warning`` keeps it.
    """

    file: str
    line: int | None
    record: str | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        """``file:line`` as editors and terminals understand it."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        record = f" [{self.record}]" if self.record else ""
        hint = f" Fix: {self.hint}" if self.hint else ""
        return f"{self.location}{record} {self.severity}: {self.message}{hint}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (for /healthz and the app's notice)."""
        return {**asdict(self), "severity": str(self.severity)}


class DataError(Exception):
    """Raised by strict loading when the data holds errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the curated data:\n{lines}")

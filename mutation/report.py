"""Scores of a mutation run, and the section of ``docs/testing.md`` that records them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mutation.operators import Mutant, shorten
from mutation.runner import Verdict
from mutation.targets import Equivalent

BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"


@dataclass
class ModuleScore:
    """Verdicts on one module's mutants."""

    module: str
    tests: tuple[str, ...]
    verdicts: list[Verdict] = field(default_factory=list)
    equivalents: list[tuple[Mutant, Equivalent]] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        """How many mutants got this verdict."""
        return sum(v.status == status for v in self.verdicts)

    @property
    def judged(self) -> int:
        """Mutants that count: all but the equivalent ones."""
        return len(self.verdicts)

    @property
    def score(self) -> float:
        """Share of the counted mutants that the tests caught (killed or timed out), in per cent."""
        if not self.verdicts:
            return 100.0
        return 100.0 * (self.count("killed") + self.count("timeout")) / self.judged

    @property
    def survivors(self) -> list[Mutant]:
        """Mutants no test caught."""
        return [v.mutant for v in self.verdicts if v.status == "survived" and v.mutant is not None]


def table(scores: Sequence[ModuleScore]) -> list[str]:
    """The score table, one row per module, in Markdown."""
    rows = [
        "| module | mutants | equivalent | killed | timed out | survived | score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        rows.append(
            f"| `{s.module}` | {s.judged + len(s.equivalents)} | {len(s.equivalents)} | {s.count('killed')} "
            f"| {s.count('timeout')} | {s.count('survived')} | {s.score:.1f}% |"
        )
    return rows


def section(scores: Sequence[ModuleScore], *, command: str, stale: Sequence[Equivalent], seconds: float) -> str:
    """The generated part of docs/testing.md: score table, survivors, equivalents, tests used."""
    out = [
        BEGIN,
        f"Written by `{command}` ({seconds:.0f} s). Score = (killed + timed out) / (mutants − equivalent).",
        "",
        *table(scores),
        "",
        "### Surviving mutants",
        "",
    ]
    survivors = [(s.module, m) for s in scores for m in s.survivors]
    if survivors:
        out += [f"- `{module}` {_code(m.describe())}" for module, m in survivors]
    else:
        out.append("None.")
    out += ["", "### Equivalent mutants (not counted)", ""]
    equivalents = [(s.module, m, e) for s in scores for m, e in s.equivalents]
    if equivalents:
        out += [f"- `{module}` {_code(m.describe())}: {e.reason}" for module, m, e in equivalents]
    else:
        out.append("None.")
    if stale:
        out += ["", "Listed as equivalent but no longer a mutant (remove from `mutation/targets.py`):", ""]
        for e in stale:
            out.append(f"- `{e.module}` {_code(f'{e.scope} {e.kind}: {shorten(e.before)} → {shorten(e.after)}')}")
    out += ["", "### Tests run against each module's mutants", ""]
    out += [f"- `{s.module}`: {', '.join(f'`{t}`' for t in s.tests)}" for s in scores]
    out.append(END)
    return "\n".join(out)


def _code(text: str) -> str:
    """Inline code that survives backticks inside it."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def replace_section(document: str, generated: str) -> str:
    """``document`` with its generated section replaced (appended when it has none yet)."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _match: generated, document, count=1)
    return document.rstrip("\n") + "\n\n" + generated + "\n"

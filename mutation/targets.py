"""What is mutated, which tests judge each module, and the mutants known to be equivalent.

A module's tests are the fast tests that pin its behaviour: the example tests first (they fail
soonest), then the property tests. An *equivalent* mutant changes the code but not what any caller
can observe; it is listed here, with the reason, and left out of the score. Each entry names a
mutant by its module, scope, kind and code before and after (see :attr:`Mutant.identity`), so it
survives line moves; an entry that no longer names a mutant is reported, so the list cannot rot.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A module under mutation and the test files that judge its mutants."""

    module: str
    tests: tuple[str, ...]

    @property
    def path(self) -> str:
        """The module's file, relative to the repository root."""
        return self.module.replace(".", "/") + ".py"


@dataclass(frozen=True)
class Equivalent:
    """A mutant that changes no observable behaviour, and why."""

    module: str
    scope: str
    kind: str
    before: str
    after: str
    reason: str

    @property
    def identity(self) -> tuple[str, str, str, str, str]:
        """Matches :attr:`mutation.operators.Mutant.identity`."""
        return (self.module, self.scope, self.kind, self.before, self.after)


TARGETS: tuple[Target, ...] = (
    Target(
        "indicators.qualifiers",
        (
            "tests/test_qualifiers.py",
            "tests/test_formulas.py",
            "tests/test_formatting.py",
            "tests/test_properties_qualifiers.py",
        ),
    ),
    Target(
        "indicators.formatting",
        ("tests/test_formatting.py", "tests/test_properties_values.py"),
    ),
    Target(
        "indicators.periods",
        ("tests/test_periods.py", "tests/test_formatting.py", "tests/test_properties_periods.py"),
    ),
    Target(
        "indicators.formulas",
        ("tests/test_formulas.py", "tests/test_properties_qualifiers.py"),
    ),
)

EQUIVALENTS: tuple[Equivalent, ...] = ()


def target(module: str) -> Target:
    """The target of a module given by its dotted name or its last part (``periods``)."""
    for candidate in TARGETS:
        if module in {candidate.module, candidate.module.rpartition(".")[2]}:
            return candidate
    names = ", ".join(t.module.rpartition(".")[2] for t in TARGETS)
    raise KeyError(f"no mutation target {module!r}; the targets are {names}")

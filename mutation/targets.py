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
    occurrence: int = 1

    @property
    def identity(self) -> tuple[str, str, str, str, str, int]:
        """Matches :attr:`mutation.operators.Mutant.identity`."""
        return (self.module, self.scope, self.kind, self.before, self.after, self.occurrence)


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

_SLOTS = "slots only change how instances are stored (memory), not what any caller sees"
_STRIP = "rstrip/lstrip take a set of characters, and no number ever holds an X"
_NEVER_REACHED = (
    "never reached: every unit has a Chinese pattern (the schema's default is {n}) and every "
    "language's fallback chain ends in Chinese"
)

EQUIVALENTS: tuple[Equivalent, ...] = (
    Equivalent("indicators.formatting", "_trim", "constant", "'0'", "'XX0XX'", _STRIP),
    Equivalent("indicators.formatting", "_trim", "constant", "'.'", "'XX.XX'", _STRIP, occurrence=2),
    Equivalent(
        "indicators.formatting",
        "format_number",
        "compare",
        "value < 0",
        "value <= 0",
        "at 0 the second test (0 rounds to 0) already leaves the sign out",
    ),
    Equivalent(
        "indicators.formatting",
        "format_number",
        "constant",
        "10",
        "11",
        "max(magnitude, 10**4) only lifts 9999.5-9999.99 (shown as 10000) to a number that names 万; "
        "any floor from 10**4 up to 10**8 names 万 too",
        occurrence=2,
    ),
    Equivalent(
        "indicators.formatting",
        "format_number",
        "constant",
        "4",
        "5",
        "as above: 10**5 names 万 as 10**4 does",
        occurrence=2,
    ),
    Equivalent(
        "indicators.formatting",
        "format_quantity",
        "compare",
        "value > 0",
        "value >= 0",
        "at 0 the number equals the number 0, which the next test already leaves unsigned",
    ),
    Equivalent("indicators.formatting", "format_quantity", "constant", "'+−'", "'XX+−XX'", _STRIP),
    Equivalent(
        "indicators.formatting",
        "unit_pattern",
        "return",
        "return '{n}'",
        "return None",
        _NEVER_REACHED,
    ),
    Equivalent("indicators.formatting", "unit_pattern", "constant", "'{n}'", "'XX{n}XX'", _NEVER_REACHED),
    Equivalent(
        "indicators.periods",
        "Period",
        "constant",
        "repr=False",
        "repr=True",
        "the key is start and end again; repr is for debugging and never shown",
    ),
    Equivalent(
        "indicators.periods",
        "Period",
        "constant",
        "compare=False",
        "compare=True",
        "the key is (start, end), which equality compares already",
    ),
    Equivalent("indicators.periods", "Period", "constant", "slots=True", "slots=False", _SLOTS),
    Equivalent(
        "indicators.periods",
        "parse_period",
        "constant",
        "maxsize=65536",
        "maxsize=65537",
        "a cache size changes speed, not results",
    ),
    Equivalent(
        "indicators.formulas",
        "<module>",
        "swap",
        "'first', 'latest'",
        "'latest', 'first'",
        "SELECTORS is only searched (name in SELECTORS); its order is never read",
    ),
    Equivalent("indicators.formulas", "Reference", "constant", "slots=True", "slots=False", _SLOTS),
    Equivalent("indicators.formulas", "Formula", "constant", "slots=True", "slots=False", _SLOTS),
    Equivalent("indicators.formulas", "Quantity", "constant", "slots=True", "slots=False", _SLOTS),
)


def target(module: str) -> Target:
    """The target of a module given by its dotted name or its last part (``periods``)."""
    for candidate in TARGETS:
        if module in {candidate.module, candidate.module.rpartition(".")[2]}:
            return candidate
    names = ", ".join(t.module.rpartition(".")[2] for t in TARGETS)
    raise KeyError(f"no mutation target {module!r}; the targets are {names}")

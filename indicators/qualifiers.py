"""How exact a figure is: the qualifier vocabulary and how qualifiers combine in arithmetic.

A qualifier says in which direction the true value may differ from the recorded number:

* ``exact``: stated without a hedge word (the value is as printed);
* ``at_least``: the true value is this or more (多, 余, 以上, 超过: "1000多起", "10万余起");
* ``at_most``: the true value is this or less (不到, 不足, 以内);
* ``approximately``: the true value is near this, either side (约, 近, 左右: "近200个").

They form a small lattice: ``exact`` below, ``approximately`` on top, ``at_least`` and ``at_most`` in
between. Combining two qualifiers takes their join, the *weakest* of the two (at least + at most is
only approximately). Subtracting or dividing by a one-sided value flips its direction: 0 minus "70 or
more" is "-70 or less".
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from indicators import locales


class Qualifier(StrEnum):
    """How the true value relates to the recorded number."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


#: Chinese hedge words and the qualifier each one means; used for hints when a curator writes the word.
HEDGE_WORDS: dict[str, Qualifier] = {
    "约": Qualifier.APPROXIMATELY,
    "近": Qualifier.APPROXIMATELY,
    "左右": Qualifier.APPROXIMATELY,
    "大约": Qualifier.APPROXIMATELY,
    "多": Qualifier.AT_LEAST,
    "余": Qualifier.AT_LEAST,
    "以上": Qualifier.AT_LEAST,
    "超过": Qualifier.AT_LEAST,
    "逾": Qualifier.AT_LEAST,
    "突破": Qualifier.AT_LEAST,
    "至少": Qualifier.AT_LEAST,
    "不到": Qualifier.AT_MOST,
    "不足": Qualifier.AT_MOST,
    "以内": Qualifier.AT_MOST,
    "至多": Qualifier.AT_MOST,
}

#: Marks used on charts and in compact labels, per language.
SYMBOLS: dict[str, dict[Qualifier, str]] = locales.translatable(
    "qualifier symbols",
    {
        "zh": {Qualifier.EXACT: "", Qualifier.APPROXIMATELY: "约", Qualifier.AT_LEAST: "≥", Qualifier.AT_MOST: "≤"},
        "en": {Qualifier.EXACT: "", Qualifier.APPROXIMATELY: "≈", Qualifier.AT_LEAST: "≥", Qualifier.AT_MOST: "≤"},
    },
    by="language",
)

#: Names for legends, tables and exports.
LABELS: dict[str, dict[Qualifier, str]] = locales.translatable(
    "qualifier labels",
    {
        "zh": {
            Qualifier.EXACT: "确数",
            Qualifier.APPROXIMATELY: "约数（约、近）",
            Qualifier.AT_LEAST: "下限（多、余、以上）",
            Qualifier.AT_MOST: "上限（不到、不足）",
        },
        "en": {
            Qualifier.EXACT: "exact",
            Qualifier.APPROXIMATELY: "approximately (约, 近)",
            Qualifier.AT_LEAST: "at least / more than (多, 余, 以上)",
            Qualifier.AT_MOST: "at most / less than (不到, 不足)",
        },
    },
    by="language",
)


def flip(qualifier: Qualifier) -> Qualifier:
    """The qualifier of ``-x`` (or of ``1/x`` for positive x): one-sided bounds change side."""
    if qualifier is Qualifier.AT_LEAST:
        return Qualifier.AT_MOST
    if qualifier is Qualifier.AT_MOST:
        return Qualifier.AT_LEAST
    return qualifier


def join(a: Qualifier, b: Qualifier) -> Qualifier:
    """The weaker of two qualifiers (their least upper bound in the lattice)."""
    if a is b or b is Qualifier.EXACT:
        return a
    if a is Qualifier.EXACT:
        return b
    return Qualifier.APPROXIMATELY


def weakest(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """The join of any number of qualifiers; ``exact`` for none."""
    result = Qualifier.EXACT
    for qualifier in qualifiers:
        result = join(result, qualifier)
    return result


def directed(qualifier: Qualifier, sign: float) -> Qualifier:
    """The qualifier an input passes on to a result that moves with ``sign`` as the input grows."""
    if sign > 0:
        return qualifier
    if sign < 0:
        return flip(qualifier)
    return Qualifier.EXACT

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

Everything else that depends on the qualifier (words, marks, labels, marker symbols, rank) is one
record per kind in :data:`QUALIFIERS`. Its texts are registered with :mod:`indicators.locales` as
tables by language ("qualifier labels" ...), so a language file or a translation fills in the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from enum import StrEnum

from indicators import locales


class Qualifier(StrEnum):
    """How the true value relates to the recorded number."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True)
class QualifierKind:
    """Everything that depends on which qualifier a figure has: its meaning, words, marks and rank.

    Per-language entries are dicts keyed by language code (``zh``, ``en``); read them with
    :meth:`text`, which follows the language's fallback chain.

    Attributes:
        directions: Signs of (true value − recorded number) the qualifier allows: {0} for exact, {0, 1}
            for at least. How qualifiers combine follows from these (see :func:`join`).
        rank: Preference when sources give the same figure with different qualifiers (lower wins).
        hedge_words: Chinese words that mean it, as curators write them (``多`` in "1000多起").
        symbol: Compact mark before a number in chart labels (``≥1000起``); empty for exact.
        mark: Mark of its chart marker in legends and lists (``△≥``).
        label: Its name in legends, tables and exports.
        words: How a value with it is written out; ``{q}`` is the value with its unit.
        meaning: What it means, for the notes of an export.
        marker: Plotly marker symbol of a recorded value.
        derived_marker: Plotly marker symbol of a computed value.
    """

    directions: frozenset[int]
    rank: int
    hedge_words: tuple[str, ...]
    symbol: dict[str, str]
    mark: dict[str, str]
    label: dict[str, str]
    words: dict[str, str]
    meaning: dict[str, str]
    marker: str
    derived_marker: str

    def text(self, field: str, lang: str) -> str:
        """A per-language entry (``symbol``, ``mark``, ``label``, ``words``, ``meaning``) in a language.

        Looked up along the language's fallback chain, which ends in Chinese, which every entry has.
        """
        entries: dict[str, str] = getattr(self, field)
        return next(entries[code] for code in locales.get(lang).chain() if code in entries)


#: The one table of qualifier kinds; every consumer (formatting, charts, validation, exports) reads it.
QUALIFIERS: dict[Qualifier, QualifierKind] = {
    Qualifier.EXACT: QualifierKind(
        directions=frozenset({0}),
        rank=0,
        hedge_words=(),
        symbol={"zh": "", "en": ""},
        mark={"zh": "●", "en": "●"},
        label={"zh": "确数", "en": "exact"},
        words={"zh": "{q}", "en": "{q}"},
        meaning={"zh": "原文数字，无约数或上下限用词", "en": "the figure as printed, without a hedge word"},
        marker="circle",
        derived_marker="diamond",
    ),
    Qualifier.APPROXIMATELY: QualifierKind(
        directions=frozenset({-1, 0, 1}),
        rank=2,
        hedge_words=("约", "近", "左右", "大约"),
        symbol={"zh": "约", "en": "≈"},
        # 约 is in its label's own words (约数（约、近）): written once, not "○约 约数", "○约 约2倍".
        mark={"zh": "○", "en": "○≈"},
        label={"zh": "约数（约、近）", "en": "approximately (约, 近)"},
        words={"zh": "约{q}", "en": "about {q}"},
        meaning={"zh": "接近该数，可能略高或略低", "en": "near the figure, either side"},
        marker="circle-open",
        derived_marker="diamond-open",
    ),
    Qualifier.AT_LEAST: QualifierKind(
        directions=frozenset({0, 1}),
        rank=1,
        hedge_words=("多", "余", "以上", "超过", "逾", "突破", "至少"),
        symbol={"zh": "≥", "en": "≥"},
        mark={"zh": "△≥", "en": "△≥"},
        label={"zh": "下限（多、余、以上）", "en": "at least / more than (多, 余, 以上)"},
        words={"zh": "至少{q}", "en": "at least {q}"},
        meaning={
            "zh": "不少于该数（“1000多起”记为1000、下限）",
            "en": 'the figure or more ("1000多起" is recorded as 1000, at_least)',
        },
        marker="triangle-up-open",
        derived_marker="diamond-open",
    ),
    Qualifier.AT_MOST: QualifierKind(
        directions=frozenset({-1, 0}),
        rank=1,
        hedge_words=("不到", "不足", "以内", "至多"),
        symbol={"zh": "≤", "en": "≤"},
        mark={"zh": "▽≤", "en": "▽≤"},
        label={"zh": "上限（不到、不足）", "en": "at most / less than (不到, 不足)"},
        words={"zh": "至多{q}", "en": "at most {q}"},
        meaning={"zh": "不超过该数", "en": "the figure or less"},
        marker="triangle-down-open",
        derived_marker="diamond-open",
    ),
}


class _ByLanguage(MutableMapping):
    """One per-language field of the records seen as a table by language (``{"zh": {qualifier: text}}``).

    It is what :func:`indicators.locales.translatable` registers: a language file, a translation or the
    pseudo-locale reads and writes the records' own dicts through it, every qualifier at once.
    """

    def __init__(self, field: str, qualifiers: tuple[Qualifier, ...]) -> None:
        self.field, self.qualifiers = field, qualifiers

    def _entries(self, qualifier: Qualifier) -> dict[str, str]:
        return getattr(QUALIFIERS[qualifier], self.field)

    def __getitem__(self, code: str) -> dict[Qualifier, str]:
        if code not in self:
            raise KeyError(code)
        return {q: self._entries(q)[code] for q in self.qualifiers}

    def __setitem__(self, code: str, texts: dict[Qualifier, str]) -> None:
        for q in self.qualifiers:
            self._entries(q)[code] = texts[q]

    def __delitem__(self, code: str) -> None:
        if code not in self:
            raise KeyError(code)
        for q in self.qualifiers:
            del self._entries(q)[code]

    def __contains__(self, code: object) -> bool:
        return all(code in self._entries(q) for q in self.qualifiers)

    def __iter__(self) -> Iterator[str]:
        codes = dict.fromkeys(code for q in self.qualifiers for code in self._entries(q))
        return (code for code in codes if code in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


_EVERY = tuple(Qualifier)
_HEDGED = tuple(q for q in Qualifier if q is not Qualifier.EXACT)
#: The records' texts as the tables languages fill in (language files name them; see docs/architecture.md).
#: "qualifier words" has no entry for exact: an exact value is written as it is.
TEXT_TABLES: dict[str, _ByLanguage] = {
    "qualifier symbols": _ByLanguage("symbol", _EVERY),
    "qualifier labels": _ByLanguage("label", _EVERY),
    "qualifier words": _ByLanguage("words", _HEDGED),
    "chart marks": _ByLanguage("mark", _EVERY),
    "qualifier meanings": _ByLanguage("meaning", _EVERY),
}
for _name, _table in TEXT_TABLES.items():
    locales.translatable(_name, _table, by="language")

#: Each hedge word and the qualifier it means (an index of :data:`QUALIFIERS`, for reading YAML).
HEDGE_WORDS: dict[str, Qualifier] = {word: q for q, kind in QUALIFIERS.items() for word in kind.hedge_words}
#: Each qualifier by the directions it allows (the sets are closed under the operations below).
_BY_DIRECTIONS: dict[frozenset[int], Qualifier] = {kind.directions: q for q, kind in QUALIFIERS.items()}


def _allowing(directions: Iterable[int]) -> Qualifier:
    """The qualifier that allows exactly these directions."""
    return _BY_DIRECTIONS[frozenset(directions)]


def flip(qualifier: Qualifier) -> Qualifier:
    """The qualifier of ``-x`` (or of ``1/x`` for positive x): one-sided bounds change side."""
    return _allowing(-d for d in QUALIFIERS[qualifier].directions)


def join(a: Qualifier, b: Qualifier) -> Qualifier:
    """The weaker of two qualifiers (their least upper bound in the lattice)."""
    return _allowing(QUALIFIERS[a].directions | QUALIFIERS[b].directions)


def weakest(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """The join of any number of qualifiers; ``exact`` for none."""
    result = Qualifier.EXACT
    for qualifier in qualifiers:
        result = join(result, qualifier)
    return result


def directed(qualifier: Qualifier, sign: float) -> Qualifier:
    """The qualifier an input passes on to a result that moves with ``sign`` as the input grows."""
    step = (sign > 0) - (sign < 0)
    return _allowing(d * step for d in QUALIFIERS[qualifier].directions)


def zero_product(a: Qualifier, b: Qualifier) -> Qualifier:
    """The qualifier of ``x * y`` where both are recorded as 0.

    Both partial derivatives vanish, so the product moves by dx*dy, whose sign is the product of the
    signs the two qualifiers allow ("0 or more" times "0 or more" is "0 or more").
    """
    return _allowing(x * y for x in QUALIFIERS[a].directions for y in QUALIFIERS[b].directions)

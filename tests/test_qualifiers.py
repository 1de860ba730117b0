"""The qualifier table, entry by entry, and the lattice its directions make.

Every entry of :data:`indicators.qualifiers.QUALIFIERS` is checked against one expected table below,
one test case per (qualifier, field, language), so a changed word, mark, label or marker fails by name.
"""

from __future__ import annotations

import dataclasses

import pytest

from indicators import locales
from indicators.qualifiers import (
    HEDGE_WORDS,
    QUALIFIERS,
    TEXT_TABLES,
    Qualifier,
    QualifierKind,
    directed,
    flip,
    join,
    weakest,
    zero_product,
)

LANGUAGES = [locale.code for locale in locales.BUILT_IN]
E, A, L, M = Qualifier.EXACT, Qualifier.APPROXIMATELY, Qualifier.AT_LEAST, Qualifier.AT_MOST

#: What every qualifier kind must say, field by field: the reference the table is checked against.
EXPECTED: dict[Qualifier, dict[str, object]] = {
    E: {
        "directions": {0},
        "rank": 0,
        "hedge_words": (),
        "symbol": {"zh": "", "en": ""},
        "mark": {"zh": "●", "en": "●"},
        "label": {"zh": "确数", "en": "exact"},
        "words": {"zh": "{q}", "en": "{q}"},
        "meaning": {"zh": "原文数字，无约数或上下限用词", "en": "the figure as printed, without a hedge word"},
        "marker": "circle",
        "derived_marker": "diamond",
    },
    A: {
        "directions": {-1, 0, 1},
        "rank": 2,
        "hedge_words": ("约", "近", "左右", "大约"),
        "symbol": {"zh": "约", "en": "≈"},
        "mark": {"zh": "○", "en": "○≈"},
        "label": {"zh": "约数（约、近）", "en": "approximately (约, 近)"},
        "words": {"zh": "约{q}", "en": "about {q}"},
        "meaning": {"zh": "接近该数，可能略高或略低", "en": "near the figure, either side"},
        "marker": "circle-open",
        "derived_marker": "diamond-open",
    },
    L: {
        "directions": {0, 1},
        "rank": 1,
        "hedge_words": ("多", "余", "以上", "超过", "逾", "突破", "至少"),
        "symbol": {"zh": "≥", "en": "≥"},
        "mark": {"zh": "△≥", "en": "△≥"},
        "label": {"zh": "下限（多、余、以上）", "en": "at least / more than (多, 余, 以上)"},
        "words": {"zh": "至少{q}", "en": "at least {q}"},
        "meaning": {
            "zh": "不少于该数（“1000多起”记为1000、下限）",
            "en": 'the figure or more ("1000多起" is recorded as 1000, at_least)',
        },
        "marker": "triangle-up-open",
        "derived_marker": "diamond-open",
    },
    M: {
        "directions": {-1, 0},
        "rank": 1,
        "hedge_words": ("不到", "不足", "以内", "至多"),
        "symbol": {"zh": "≤", "en": "≤"},
        "mark": {"zh": "▽≤", "en": "▽≤"},
        "label": {"zh": "上限（不到、不足）", "en": "at most / less than (不到, 不足)"},
        "words": {"zh": "至多{q}", "en": "at most {q}"},
        "meaning": {"zh": "不超过该数", "en": "the figure or less"},
        "marker": "triangle-down-open",
        "derived_marker": "diamond-open",
    },
}
FIELDS = [f.name for f in dataclasses.fields(QualifierKind)]
PER_LANGUAGE = [name for name in FIELDS if isinstance(EXPECTED[E][name], dict)]
PLAIN = [name for name in FIELDS if name not in PER_LANGUAGE]


def test_the_table_has_one_kind_per_qualifier_in_the_enum_order():
    assert list(QUALIFIERS) == list(Qualifier)
    assert all(isinstance(kind, QualifierKind) for kind in QUALIFIERS.values())


def test_the_expected_table_covers_every_field():
    for qualifier, fields in EXPECTED.items():
        assert set(fields) == set(FIELDS), qualifier


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PER_LANGUAGE)
@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_every_language_entry(qualifier, name, lang):
    entry = getattr(QUALIFIERS[qualifier], name)
    assert set(entry) == set(LANGUAGES), f"{qualifier} {name} covers {sorted(entry)}"
    assert entry[lang] == EXPECTED[qualifier][name][lang]


@pytest.mark.parametrize("name", PLAIN)
@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_every_plain_entry(qualifier, name):
    value = getattr(QUALIFIERS[qualifier], name)
    expected = EXPECTED[qualifier][name]
    assert (set(value) if name == "directions" else value) == expected


def test_word_patterns_hold_the_value_once():
    for qualifier, kind in QUALIFIERS.items():
        for lang in LANGUAGES:
            assert kind.words[lang].count("{q}") == 1, (qualifier, lang)


@pytest.mark.parametrize(
    ("word", "qualifier"),
    [(word, q) for q, fields in EXPECTED.items() for word in fields["hedge_words"]],
)
def test_each_hedge_word_means_its_qualifier(word, qualifier):
    assert HEDGE_WORDS[word] is qualifier


def test_hedge_words_index_has_every_word_once_and_nothing_else():
    words = [word for fields in EXPECTED.values() for word in fields["hedge_words"]]
    assert list(HEDGE_WORDS) == words


def test_ranks_prefer_exact_then_one_sided_then_approximate():
    assert sorted(Qualifier, key=lambda q: QUALIFIERS[q].rank) == [E, L, M, A]


# --- the lattice --------------------------------------------------------------------------------------

#: join of every pair: exact is the identity, approximately absorbs, opposite bounds make approximately.
JOIN = {
    (E, E): E, (E, A): A, (E, L): L, (E, M): M,
    (A, E): A, (A, A): A, (A, L): A, (A, M): A,
    (L, E): L, (L, A): A, (L, L): L, (L, M): A,
    (M, E): M, (M, A): A, (M, L): A, (M, M): M,
}  # fmt: skip


@pytest.mark.parametrize(("pair", "expected"), JOIN.items(), ids=[f"{a}+{b}" for a, b in JOIN])
def test_join_of_every_pair(pair, expected):
    assert join(*pair) is expected


def test_join_accepts_the_plain_text_of_a_qualifier():
    assert join("at_least", "at_most") is A


def test_weakest():
    assert weakest([]) is E
    assert weakest([E, L, E]) is L
    assert weakest([L, M]) is A


@pytest.mark.parametrize(("qualifier", "expected"), [(E, E), (A, A), (L, M), (M, L)])
def test_flip(qualifier, expected):
    assert flip(qualifier) is expected


@pytest.mark.parametrize("sign", [2.5, 1, -1, -0.5, 0, 0.0])
@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_directed_keeps_flips_or_drops_by_sign(qualifier, sign):
    expected = qualifier if sign > 0 else flip(qualifier) if sign < 0 else E
    assert directed(qualifier, sign) is expected


#: Sign of the product of two values recorded as 0: the product of the signs each allows.
ZERO_PRODUCT = {
    (E, E): E, (E, A): E, (E, L): E, (E, M): E,
    (A, E): E, (A, A): A, (A, L): A, (A, M): A,
    (L, E): E, (L, A): A, (L, L): L, (L, M): M,
    (M, E): E, (M, A): A, (M, L): M, (M, M): L,
}  # fmt: skip


@pytest.mark.parametrize(("pair", "expected"), ZERO_PRODUCT.items(), ids=[f"{a}*{b}" for a, b in ZERO_PRODUCT])
def test_zero_product_of_every_pair(pair, expected):
    assert zero_product(*pair) is expected


def test_kinds_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUALIFIERS[E].rank = 3  # type: ignore[misc]


# --- the texts as tables languages fill in ------------------------------------------------------------


def test_texts_follow_the_language_chain_and_keep_empty_entries():
    assert QUALIFIERS[A].text("label", "zh") == "约数（约、近）"
    assert QUALIFIERS[A].text("words", "en") == "about {q}"
    assert QUALIFIERS[E].text("symbol", "en") == ""  # empty is an entry, not a gap to fall back from


def test_every_text_table_is_registered_by_language():
    registered = {name: (table, by) for name, table, by in locales.translatable_tables()}
    assert set(TEXT_TABLES) == {
        "qualifier symbols",
        "qualifier labels",
        "qualifier words",
        "chart marks",
        "qualifier meanings",
    }
    for name, table in TEXT_TABLES.items():
        assert registered[name][0] is table and registered[name][1] == "language", name


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("qualifier symbols", "symbol"),
        ("qualifier labels", "label"),
        ("qualifier words", "words"),
        ("chart marks", "mark"),
        ("qualifier meanings", "meaning"),
    ],
)
def test_each_table_is_a_view_of_the_records(name, field):
    table = TEXT_TABLES[name]
    shown = [q for q in Qualifier if name != "qualifier words" or q is not E]  # an exact value has no words
    assert list(table) == LANGUAGES and len(table) == len(LANGUAGES)
    for lang in LANGUAGES:
        assert table[lang] == {q: EXPECTED[q][field][lang] for q in shown}
        assert lang in table
    assert "fr" not in table and table.get("fr") is None


@pytest.fixture
def french():
    locales.register(locales.Locale(code="fr", tag="fr", native_name="Français", fallback="en"))
    yield "fr"
    locales.remove_translation("fr")
    locales.unregister("fr")


def test_a_language_fills_in_the_records_through_the_tables(french):
    assert QUALIFIERS[L].text("words", french) == "at least {q}"  # nothing yet: English
    locales.add_texts(
        french,
        {"qualifier words": {"approximately": "environ {q}", "at_least": "au moins {q}", "at_most": "au plus {q}"}},
    )
    assert QUALIFIERS[L].words["fr"] == "au moins {q}"
    assert QUALIFIERS[L].text("words", french) == "au moins {q}"
    assert "fr" not in QUALIFIERS[E].words  # an exact value stays as it is
    assert TEXT_TABLES["qualifier words"]["fr"][M] == "au plus {q}"
    assert list(TEXT_TABLES["qualifier words"]) == [*LANGUAGES, "fr"]
    assert "fr" not in TEXT_TABLES["qualifier labels"]
    locales.remove_translation(french)
    assert all("fr" not in kind.words for kind in QUALIFIERS.values())


def test_a_language_gives_words_for_the_hedged_qualifiers_only(french):
    with pytest.raises(ValueError, match="exactly the keys approximately, at_least, at_most"):
        locales.add_texts(french, {"qualifier words": {"exact": ""}})


def test_a_language_missing_from_some_records_is_not_in_the_table():
    table = TEXT_TABLES["chart marks"]
    QUALIFIERS[A].mark["xx"] = "?"
    try:
        assert "xx" not in table and "xx" not in list(table)
        with pytest.raises(KeyError, match="xx"):
            table["xx"]
        with pytest.raises(KeyError, match="xx"):
            del table["xx"]
        assert QUALIFIERS[A].mark["xx"] == "?"
    finally:
        del QUALIFIERS[A].mark["xx"]

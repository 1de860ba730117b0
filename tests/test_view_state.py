import pytest

from layouts.view_state import MAX_INDICATORS, Tab, ViewState, parse_search

KNOWN = frozenset({"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})


def test_empty_query_is_the_default_view():
    parsed = parse_search("", KNOWN, "zh")
    assert parsed.state == ViewState() and parsed.notices == ()


def test_full_view_round_trips_through_the_url():
    state = ViewState(
        lang="en", tab=Tab.CHART, indicators=("b", "a"), year_from=2019, year_to=2021, view="before-after"
    )
    search = state.to_search("zh")
    assert search == "?lang=en&tab=chart&ind=b,a&from=2019&to=2021&view=before-after"
    assert parse_search(search, KNOWN, "zh").state == state


def test_defaults_are_left_out_of_links():
    assert ViewState(lang="zh").to_search("zh") == ""
    assert ViewState(lang="zh").to_search("en") == "?lang=zh"


@pytest.mark.parametrize(
    ("search", "keys"),
    [
        ("?lang=fr", ["bad-lang"]),
        ("?tab=admin", ["bad-tab"]),
        ("?view=3d", ["bad-view"]),
        ("?ind=a,nope,b", ["unknown-indicator"]),
        ("?from=19x9", ["bad-year"]),
        ("?from=1800", ["bad-year"]),
        ("?from=2022&to=2019", ["years-swapped"]),
        ("?debug=1&lang=en", ["unknown-parameter"]),
        ("?ind=" + ",".join(sorted(KNOWN)), ["too-many-indicators"]),
        ("?" + "x" * 3000, ["query-too-long"]),
        ("?ind=<script>alert(1)</script>", ["unknown-indicator"]),
        ("?tab=chart&tab=../../etc/passwd", ["bad-tab"]),
    ],
)
def test_bad_parameters_are_ignored_with_a_notice(search, keys):
    parsed = parse_search(search, KNOWN, "zh")
    assert [n.key for n in parsed.notices] == keys


def test_the_good_part_of_a_bad_link_is_kept():
    parsed = parse_search("?tab=chart&ind=a,nope,b&from=abcd&lang=en", KNOWN, "zh")
    assert parsed.state == ViewState(lang="en", tab=Tab.CHART, indicators=("a", "b"))
    assert len(parse_search("?ind=" + ",".join(sorted(KNOWN)), KNOWN, "zh").state.indicators) == MAX_INDICATORS


def test_notice_values_are_clipped():
    parsed = parse_search("?ind=" + "z" * 500, KNOWN, "zh")
    assert len(parsed.notices[0].value) <= 40

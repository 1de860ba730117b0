from datetime import date

import pytest

from indicators.periods import PERIOD_FORMS_HINT, PeriodError, Precision, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2022-08-23", date(2022, 8, 23), date(2022, 8, 23), Precision.DAY),
        ("2022-08", date(2022, 8, 1), date(2022, 8, 31), Precision.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
        ("2022-Q1", date(2022, 1, 1), date(2022, 3, 31), Precision.QUARTER),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31), Precision.QUARTER),
        ("2019", date(2019, 1, 1), date(2019, 12, 31), Precision.YEAR),
        ("2022-01/2022-03", date(2022, 1, 1), date(2022, 3, 31), Precision.QUARTER),
        ("2022-01/2022-06", date(2022, 1, 1), date(2022, 6, 30), Precision.INTERVAL),
        ("2019-09-25/2022-08-23", date(2019, 9, 25), date(2022, 8, 23), Precision.INTERVAL),
        ("P2M/2022-08-23", date(2022, 6, 24), date(2022, 8, 23), Precision.INTERVAL),
        ("P3Y/2019-09-24", date(2016, 9, 25), date(2019, 9, 24), Precision.INTERVAL),
        ("2022-01-01/P6M", date(2022, 1, 1), date(2022, 6, 30), Precision.INTERVAL),
        ("2022-01-31/P1M", date(2022, 1, 31), date(2022, 2, 27), Precision.INTERVAL),
        ("P1W/2022-08-23", date(2022, 8, 17), date(2022, 8, 23), Precision.INTERVAL),
        (" 2022 ", date(2022, 1, 1), date(2022, 12, 31), Precision.YEAR),
    ],
)
def test_accepted_forms(text, start, end, precision):
    period = parse_period(text)
    assert (period.start, period.end, period.precision) == (start, end, precision)


def test_same_span_written_two_ways_has_one_key():
    assert parse_period("2022-Q1").key == parse_period("2022-01/2022-03").key


@pytest.mark.parametrize(
    ("text", "months"),
    [("2022-01/2022-03", 3.0), ("P2M/2022-08-23", 2.0), ("2019", 12.0), ("P3Y/2019-09-24", 36.0)],
)
def test_length_in_months(text, months):
    assert parse_period(text).months == months


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "not a real calendar date"),
        ("2022-02-30", "not a real calendar date"),
        ("22-08-23", "is not a date, month, quarter or year"),
        ("2022-Q5", "is not a date, month, quarter or year"),
        ("1800", "outside 1900-2100"),
        ("2022-06/2022-01", "ends (2022-01-31) before it starts (2022-06-01)"),
        ("P1M/P2M", "duration on both sides"),
        ("P0D/2022-01-01", "is empty"),
        ("2022/2023/2024", "more than one '/'"),
        ("", "is not a date"),
    ],
)
def test_rejected_forms(text, message):
    with pytest.raises(PeriodError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_period(text)


def test_non_text_is_rejected():
    with pytest.raises(PeriodError, match="must be text"):
        parse_period(2022)  # type: ignore[arg-type]


# --- edges: which calendar unit an interval names ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2022-01/2022-12", Precision.YEAR),  # January to December is the year
        ("2022-01-01/2022-12-31", Precision.YEAR),
        ("2021-01/2022-12", Precision.INTERVAL),  # two years
        ("2021-01/2021-11", Precision.INTERVAL),
        ("2021-02/2021-12", Precision.INTERVAL),
        ("2022-08-23/2022-08-23", Precision.DAY),  # a same-day interval is that day
        ("2022-03/2022-03", Precision.MONTH),
        ("2022-03-01/2022-03-31", Precision.MONTH),
        ("2021-03/2022-03", Precision.INTERVAL),  # same month of two years
        ("2022-03-15/2022-03-31", Precision.INTERVAL),  # starts mid-month, ends on a month end
        ("2022-03-01/2022-03-30", Precision.INTERVAL),  # starts on the 1st, ends before the month end
        ("2022-04/2022-06", Precision.QUARTER),  # quarters other than Q1, as month ranges
        ("2022-07/2022-09", Precision.QUARTER),
        ("2022-10/2022-12", Precision.QUARTER),
        ("2022-02/2022-04", Precision.INTERVAL),  # three months that are no quarter
        ("2022-03/2022-05", Precision.INTERVAL),
        ("2022-04/2022-05", Precision.INTERVAL),
        ("2021-01/2022-03", Precision.INTERVAL),  # fifteen months, not Q1
        ("2022-04-01/P3M", Precision.QUARTER),
        ("P1Y/2022-12-31", Precision.YEAR),
    ],
)
def test_interval_precision(text, precision):
    assert parse_period(text).precision is precision


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022-Q2", date(2022, 4, 1), date(2022, 6, 30)),
        ("2022-Q3", date(2022, 7, 1), date(2022, 9, 30)),
        ("P1W2D/2022-08-23", date(2022, 8, 15), date(2022, 8, 23)),  # 9 days
        ("2022-08-15/P1W2D", date(2022, 8, 15), date(2022, 8, 23)),
        ("2022-01-01/P1M3D", date(2022, 1, 1), date(2022, 2, 3)),  # a month, then 3 days
        ("P1M3D/2022-03-31", date(2022, 2, 26), date(2022, 3, 31)),
        ("P1Y2M/2022-12-31", date(2021, 11, 1), date(2022, 12, 31)),
        ("2022-12-15/P1M", date(2022, 12, 15), date(2023, 1, 14)),  # across the new year
        ("P2M/2023-01-31", date(2022, 12, 1), date(2023, 1, 31)),
        ("2024-01-31/P1M", date(2024, 1, 31), date(2024, 2, 28)),  # 31 January + 1 month is 29 February
        ("P1D/2022-03-01", date(2022, 3, 1), date(2022, 3, 1)),
        ("1900/2100", date(1900, 1, 1), date(2100, 12, 31)),  # the first and last years allowed
    ],
)
def test_durations_and_quarters(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("2022-08-23", None, 1),
        ("2024-02", 1, 29),
        ("2022-01/2022-12", 12, 365),
        ("2021-11/2022-02", 4, 120),
        ("2022-01-31/P1M", 1, 28),  # counted forward from the start
        ("P1M/2022-03-30", 1, 31),  # counted back from the day after the end (28 Feb - 30 Mar)
        ("2022-03-15/2022-03-31", None, 17),
        ("2022-01-15/2022-02-20", None, 37),
    ],
)
def test_whole_months_and_days(text, months, days):
    period = parse_period(text)
    assert (period.months, period.days) == (months, days)


def test_a_parsed_period_cannot_be_changed():
    # parse_period hands the same cached Period to every caller; a change would reach them all.
    period = parse_period("2022-Q1")
    with pytest.raises(AttributeError):
        period.end = date(2022, 12, 31)  # type: ignore[misc]
    assert {period: "q1"}[parse_period("2022-Q1")] == "q1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2101", "year 2101 in '2101' is outside 1900-2100"),
        ("1899-12-31", "year 1899"),
        ("P1M/1800", "year 1800 in '1800'"),  # the side's own error, not "reaches outside"
        ("2022-02-30/P1M", "not a real calendar date"),
        ("P1Y/1900-06-30", "'P1Y/1900-06-30' is outside 1900-2100"),  # a duration past the first year
        ("P100000Y/2022-01-01", "reaches outside the years 1900-2100"),
        ("P0Y0M/2022-01-01", "duration 'P0Y0M' is empty"),
        ("2022-01-01/2022-Q5", "'2022-Q5' is not a date, month, quarter or year"),
        ("2022-08-24/2022-08-23", "ends \\(2022-08-23\\) before it starts \\(2022-08-24\\)"),
    ],
)
def test_rejected_edges(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_a_same_day_interval_is_allowed_but_not_one_ending_the_day_before():
    assert parse_period("2022-08-23/2022-08-23").days == 1
    with pytest.raises(PeriodError, match="before it starts"):
        parse_period("2022-08-23/2022-08-22")


def test_the_forms_hint_gives_examples_that_parse():
    assert PERIOD_FORMS_HINT.startswith("write an ISO 8601 date or period: 2022-08-23, ")
    assert PERIOD_FORMS_HINT.endswith(" or P2M/2022-08-23")
    for example in ("2022-08-23", "2022-08", "2022-Q1", "2022", "2022-01/2022-03", "2019-09-25/2022-08-23"):
        assert f" {example}," in PERIOD_FORMS_HINT or f" {example} " in PERIOD_FORMS_HINT
        parse_period(example)


def test_precision_names_are_the_values_the_frames_hold():
    assert [p.value for p in Precision] == ["day", "month", "quarter", "year", "interval"]

from datetime import date

import pytest

from indicators.periods import PeriodError, Precision, parse_period


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

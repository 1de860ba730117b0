"""Properties of ISO 8601 periods: every valid form parses to the days it names, nothing else crashes."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from indicators.periods import PeriodError, parse_period
from tests.strategies import WrittenPeriod, calendar_periods, month_durations


@given(calendar_periods())
def test_every_calendar_form_parses_to_the_days_it_names(written):
    period = parse_period(written.text)
    assert (period.start, period.end) == (written.start, written.end)
    assert period.start <= period.end
    assert period.days == (period.end - period.start).days + 1


@given(st.one_of(calendar_periods(), month_durations()))
def test_the_span_written_as_start_slash_end_is_the_same_period(written):
    period = parse_period(written.text)
    again = parse_period(f"{period.start}/{period.end}")
    assert again.key == period.key
    assert again.months == period.months


@given(month_durations())
@example(WrittenPeriod("P1M/2022-03-30", None, None, months=1, anchor=date(2022, 3, 30)))  # starts 28 Feb
def test_month_durations_cover_exactly_n_months(written):
    period = parse_period(written.text)
    assert period.start <= period.end
    if written.text.startswith("P"):
        assert period.end == written.anchor  # PnM/date: the n months up to that day
    else:
        assert period.start == written.anchor  # date/PnM: the n months from that day
    assert period.months == written.months


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789-/PQYMWD ", max_size=24),
        st.from_regex(r"(P\d{1,3}[YMWD])?/?\d{4}(-(\d{2}|Q\d))?(-\d{2})?/?(P\d{1,3}[YMWD])?", fullmatch=True),
        st.builds(
            "{2}/P{0}{1}".format,
            st.integers(1, 10**15),
            st.sampled_from("YMWD"),
            st.dates().map(str),
        ),
        st.builds(
            "P{0}{1}/{2}".format,
            st.integers(1, 10**15),
            st.sampled_from("YMWD"),
            st.dates().map(str),
        ),
    )
)
@example("2022-01-01/P100000Y")  # runs off the calendar
@example("P99999999999999D/2022-01-01")  # too many days for a timedelta
@example("２０２２")  # full-width digits
def test_parse_period_raises_only_period_error(text):
    try:
        period = parse_period(text)
    except PeriodError:
        return
    assert period.start <= period.end
    assert date(1900, 1, 1) <= period.start and period.end <= date(2100, 12, 31)

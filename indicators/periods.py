"""ISO 8601 periods: the dates a figure is about.

Accepted forms (all dates inclusive):

* ``2022-08-23``: one day; a stock as of that day;
* ``2022-08``: a month; ``2022-Q1``: a quarter; ``2022``: a year;
* ``START/END``, each side any of the above: ``2022-01/2022-03`` is 1 January to 31 March 2022,
  ``2019-09-25/2022-08-23`` is "since the city was founded";
* one side of an interval may be an ISO duration ``PnYnMnWnD``: ``P2M/2022-08-23`` is the two months
  ending on 23 August 2022 (24 June to 23 August), ``2022-01-01/P6M`` the six months from 1 January.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache


class Precision(StrEnum):
    """What kind of span a period is; drives how it is labelled and drawn."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    INTERVAL = "interval"


class PeriodError(ValueError):
    """A period string that is not one of the accepted ISO 8601 forms."""


PERIOD_FORMS_HINT = (
    "write an ISO 8601 date or period: 2022-08-23, 2022-08, 2022-Q1, 2022, "
    "or an interval START/END such as 2022-01/2022-03, 2019-09-25/2022-08-23 or P2M/2022-08-23"
)

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"(\d{4})")
_DURATION = re.compile(r"P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class Period:
    """A closed span of calendar days, with the text it was written as."""

    text: str
    start: date
    end: date
    precision: Precision
    #: Identity of the span regardless of how it was written (``2022-01/2022-03`` == ``2022-Q1``).
    #: Stored rather than computed: the loader keys every observation by it.
    key: tuple[date, date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.start, self.end))

    @property
    def days(self) -> int:
        """Number of calendar days covered, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int | None:
        """Length in whole months, as a duration would write it; None when it is no whole number of months.

        Counted forward from the start, as ``date/PnM`` is (``2022-01-31/P1M`` ends on 27 February), or
        back from the day after the end, as ``PnM/date`` is (``P1M/2022-03-30`` starts on 28 February);
        whole calendar months count either way (``2022-01/2022-03`` is 3).
        """
        forward = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        if _add_months(self.start, forward) - timedelta(days=1) == self.end:
            return forward
        after = self.end + timedelta(days=1)
        back = (after.year - self.start.year) * 12 + after.month - self.start.month
        if _add_months(after, -back) == self.start:
            return back
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """Shift by whole months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _check_year(year: int, text: str) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(f"year {year} in {text!r} is outside {_MIN_YEAR}-{_MAX_YEAR}")


def _parse_point(text: str) -> tuple[date, date, Precision]:
    """Parse one side of an interval (or a whole simple period) into its first and last day."""
    try:
        if m := _DAY.fullmatch(text):
            year, month, day = map(int, m.groups())
            _check_year(year, text)
            d = date(year, month, day)
            return d, d, Precision.DAY
        if m := _MONTH.fullmatch(text):
            year, month = map(int, m.groups())
            _check_year(year, text)
            return date(year, month, 1), _month_end(year, month), Precision.MONTH
        if m := _QUARTER.fullmatch(text):
            year, quarter = int(m.group(1)), int(m.group(2))
            _check_year(year, text)
            first = 3 * quarter - 2
            return date(year, first, 1), _month_end(year, first + 2), Precision.QUARTER
        if m := _YEAR.fullmatch(text):
            year = int(m.group(1))
            _check_year(year, text)
            return date(year, 1, 1), date(year, 12, 31), Precision.YEAR
    except ValueError as exc:  # date() rejects 2022-02-30, month 13 ...
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{text!r} is not a real calendar date ({exc})") from None
    raise PeriodError(f"{text!r} is not a date, month, quarter or year")


def _parse_duration(text: str) -> tuple[int, int] | None:
    """``PnYnMnWnD`` as (months, days); None if ``text`` is not a duration."""
    m = _DURATION.fullmatch(text)
    if not m:
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    total_months, total_days = years * 12 + months, weeks * 7 + days
    if total_months == 0 and total_days == 0:
        raise PeriodError(f"duration {text!r} is empty")
    return total_months, total_days


@lru_cache(maxsize=65536)
def parse_period(text: str) -> Period:
    """Parse an ISO 8601 period string.

    Args:
        text: One of the forms in this module's docstring.

    Returns:
        The period with its first and last day (inclusive).

    Raises:
        PeriodError: If the text is not an accepted form, names an impossible date, or ends before
            it starts.
    """
    if not isinstance(text, str):
        raise PeriodError(f"period must be text in quotes, got {type(text).__name__} {text!r}")
    text = text.strip()
    if "/" not in text:
        start, end, precision = _parse_point(text)
        return Period(text, start, end, precision)

    left, _, right = text.partition("/")
    if "/" in right:
        raise PeriodError(f"{text!r} has more than one '/'")
    left_duration, right_duration = _parse_duration(left), _parse_duration(right)
    if left_duration and right_duration:
        raise PeriodError(f"{text!r} has a duration on both sides; one side must be a date")
    try:
        if right_duration:
            start, _, _ = _parse_point(left)
            months, days = right_duration
            end = _add_months(start, months) + timedelta(days=days) - timedelta(days=1)
        elif left_duration:
            _, end, _ = _parse_point(right)
            months, days = left_duration
            start = _add_months(end + timedelta(days=1), -months) - timedelta(days=days)
        else:
            start, _, _ = _parse_point(left)
            _, end, _ = _parse_point(right)
    except (ValueError, OverflowError) as exc:  # a duration of 100000 years runs off the calendar
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{text!r} reaches outside the years {_MIN_YEAR}-{_MAX_YEAR}") from None
    for day in (start, end):  # durations may reach past the years a written date is checked for
        _check_year(day.year, text)
    if end < start:
        raise PeriodError(f"{text!r} ends ({end}) before it starts ({start})")
    return Period(text, start, end, _interval_precision(start, end))


def _interval_precision(start: date, end: date) -> Precision:
    """Name an interval by the simplest calendar unit it happens to match."""
    if start == end:
        return Precision.DAY
    if start.day == 1 and end == _month_end(end.year, end.month):
        if start.year == end.year and start.month == end.month:
            return Precision.MONTH
        if start.year == end.year and start.month % 3 == 1 and end.month == start.month + 2:
            return Precision.QUARTER
        if start.year == end.year and start.month == 1 and end.month == 12:
            return Precision.YEAR
    return Precision.INTERVAL

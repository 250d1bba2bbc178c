"""The business-day calendar: every date and deadline of the platform goes through here.

A day is not a business day when it is a Saturday or Sunday, a national holiday
(the ``holidays`` package, Mexico), or inside a NonBusinessPeriod that applies
to the procedure's calendar:

- ``GENERAL``: the secretariat's own procedures; periods the secretariat declares.
- ``TRANSPARENCY``: information and ARCO requests; periods the secretariat *and*
  the transparency institute (ITAIPCH) declare.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NonBusinessPeriod

GENERAL = "general"
TRANSPARENCY = "transparency"
CALENDARS = (GENERAL, TRANSPARENCY)

# Safety stop for loops: no legal deadline runs further than this.
MAX_BUSINESS_DAYS = 5000


@lru_cache(maxsize=256)
def national_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("MX", years=year, language="es"))


def _declarers(calendar: str) -> list[str]:
    if calendar == GENERAL:
        return [NonBusinessPeriod.DeclaredBy.SECRETARIAT]
    if calendar == TRANSPARENCY:
        return [
            NonBusinessPeriod.DeclaredBy.SECRETARIAT,
            NonBusinessPeriod.DeclaredBy.TRANSPARENCY_INSTITUTE,
        ]
    raise ValueError(f"Unknown calendar {calendar!r}; expected one of {CALENDARS}")


class BusinessCalendar:
    """Answers business-day questions for one calendar, reading the declared
    periods from the database once (not once per day)."""

    def __init__(self, calendar: str = GENERAL, periods=None):
        self.calendar = calendar
        if periods is None:
            periods = NonBusinessPeriod.objects.filter(
                declared_by__in=_declarers(calendar)
            ).values_list("start_date", "end_date")
        self.periods = sorted(tuple(p) for p in periods)

    def declared_non_business(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.periods)

    def is_business_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        if day in national_holidays(day.year):
            return False
        return not self.declared_non_business(day)

    def add_business_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` business days after ``start`` (before, when negative).

        ``start`` itself never counts: a request received on Friday with a
        1-business-day deadline is due on Monday (or the next business day).
        """
        if abs(days) > MAX_BUSINESS_DAYS:
            raise ValueError(f"{days} business days is beyond any legal deadline")
        step = dt.timedelta(days=1 if days >= 0 else -1)
        current, remaining = start, abs(days)
        while remaining:
            current += step
            if self.is_business_day(current):
                remaining -= 1
        return current

    def business_days_between(self, start: dt.date, end: dt.date) -> int:
        """Business days after ``start`` up to and including ``end``; negative when
        ``end`` is before ``start``. So add_business_days(d, n) is n days after d."""
        if end < start:
            return -self.business_days_between(end, start)
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_business_day(current):
                count += 1
        return count

    def non_business_reason(self, day: dt.date) -> str:
        """Why ``day`` is not a business day ("" when it is one): the declared period's
        description (a long suspension reads as one run, weekends included), else the
        weekend day or the holiday's name."""
        if not self.declared_non_business(day):
            if day.weekday() >= 5:
                return _("sábado") if day.weekday() == 5 else _("domingo")
            return national_holidays(day.year).get(day, "")
        if not hasattr(self, "_descriptions"):
            self._descriptions = list(
                NonBusinessPeriod.objects.filter(declared_by__in=_declarers(self.calendar))
                .order_by("start_date")
                .values_list("start_date", "end_date", "description")
            )
        for start, end, description in self._descriptions:
            if start <= day <= end:
                return description
        return _("día declarado inhábil")

    def skipped_days(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """The non-business days after ``start`` up to and including ``end``, each with
        the reason it does not count (explains how a deadline was computed)."""
        skipped, current = [], start
        while current < end:
            current += dt.timedelta(days=1)
            if not self.is_business_day(current):
                skipped.append((current, self.non_business_reason(current)))
        return skipped

    def next_business_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a business day, otherwise the next one."""
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day


def is_business_day(day: dt.date, calendar: str = GENERAL) -> bool:
    return BusinessCalendar(calendar).is_business_day(day)


def add_business_days(start: dt.date, days: int, calendar: str = GENERAL) -> dt.date:
    return BusinessCalendar(calendar).add_business_days(start, days)


def business_days_between(start: dt.date, end: dt.date, calendar: str = GENERAL) -> int:
    return BusinessCalendar(calendar).business_days_between(start, end)


def parse_year(value: str | None) -> int:
    """A year from a query string; the current year when absent or not plausible."""
    today = timezone.localdate()
    try:
        year = int(value or today.year)
    except ValueError:
        return today.year
    return year if 1990 <= year <= 2100 else today.year


def year_overview(year: int) -> dict:
    """What the calendar page shows: holidays and declared periods of one year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = NonBusinessPeriod.objects.filter(start_date__lte=last, end_date__gte=first).order_by(
        "start_date"
    )
    general = BusinessCalendar(GENERAL)
    transparency = BusinessCalendar(TRANSPARENCY)
    return {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1,
        "holidays": sorted(national_holidays(year).items()),
        "periods": periods,
        "business_days_general": general.business_days_between(first - dt.timedelta(1), last),
        "business_days_transparency": transparency.business_days_between(
            first - dt.timedelta(1), last
        ),
    }

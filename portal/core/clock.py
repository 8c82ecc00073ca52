"""Time as the portal counts it: naive UTC in the database, Québec calendar days for stays and calls.

``Clock`` is the service the operations ask for "now" and "today" (``services.clock``); tests replace it with a
:class:`FixedClock` through the app's services instead of patching module globals.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# Stay dates and call windows are Québec calendar days: the day changes at midnight in Québec, not in UTC.
QUEBEC_TZ = ZoneInfo("America/Toronto")


def utcnow() -> datetime:
    """Naive UTC: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def quebec_day(moment: datetime) -> date:
    """The Québec calendar day of a naive UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(QUEBEC_TZ).date()


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        return utcnow()

    def today(self) -> date:
        return quebec_day(self.now())


class FixedClock(Clock):
    """A clock stopped at one moment (naive UTC), for tests and demos."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    @classmethod
    def on_day(cls, day: date) -> FixedClock:
        """Noon in Québec on that day."""
        return cls(datetime.combine(day, time(12), tzinfo=QUEBEC_TZ).astimezone(UTC).replace(tzinfo=None))

    def now(self) -> datetime:
        return self.moment

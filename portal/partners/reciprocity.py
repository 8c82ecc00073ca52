"""Reciprocity ledger: person-days sent (outgoing) and received (incoming), per partner and per centre, per year.

Only stays that happen or happened count (approved, in progress, completed, closed). Person-days = participants ×
stay days (inclusive); a stay spanning a year boundary counts its days in each calendar year. The balance is
sent − received: positive, Québec has sent more than it hosted; negative, it owes the partner a visit.
The arithmetic is pure (Stay in, Balance out); `load_stays` reads the database.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Direction, Participant

S = ApplicationStatus
COUNTED_STATUSES = (S.APPROVED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED)


@dataclass(frozen=True)
class Stay:
    application_id: int
    centre_id: int
    partner_id: int | None
    direction: str
    start: date
    end: date
    participants: int


@dataclass
class Balance:
    sent: int = 0
    received: int = 0

    @property
    def balance(self) -> int:
        return self.sent - self.received

    def add(self, other: Balance) -> None:
        self.sent += other.sent
        self.received += other.received


def days_by_year(start: date, end: date) -> dict[int, int]:
    """Inclusive days of [start, end] in each calendar year."""
    if end < start:
        return {}
    days: dict[int, int] = {}
    for year in range(start.year, end.year + 1):
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        days[year] = (last - first).days + 1
    return days


def person_days_by_year(stay: Stay) -> dict[int, int]:
    return {year: days * stay.participants for year, days in days_by_year(stay.start, stay.end).items()}


def ledger(stays: Iterable[Stay], key: Callable[[Stay], int | None]) -> dict[int, dict[int, Balance]]:
    """{owner id: {year: Balance}} where key(stay) names the owner (partner or centre); stays without one skip."""
    result: dict[int, dict[int, Balance]] = defaultdict(lambda: defaultdict(Balance))
    for stay in stays:
        owner = key(stay)
        if owner is None:
            continue
        for year, person_days in person_days_by_year(stay).items():
            entry = result[owner][year]
            if stay.direction == Direction.INCOMING:
                entry.received += person_days
            else:
                entry.sent += person_days
    return {owner: dict(years) for owner, years in result.items()}


def by_partner(stays: Iterable[Stay]) -> dict[int, dict[int, Balance]]:
    return ledger(stays, lambda stay: stay.partner_id)


def by_centre(stays: Iterable[Stay]) -> dict[int, dict[int, Balance]]:
    return ledger(stays, lambda stay: stay.centre_id)


def totals(per_year: dict[int, dict[int, Balance]], year: int | None = None) -> dict[int, Balance]:
    """{owner: Balance} over every year, or for one year."""
    result: dict[int, Balance] = {}
    for owner, years in per_year.items():
        total = Balance()
        for stay_year, balance in years.items():
            if year is None or stay_year == year:
                total.add(balance)
        result[owner] = total
    return result


def most_out_of_line(balances: dict[int, Balance], limit: int | None = None) -> list[tuple[int, Balance]]:
    """Owners by absolute balance, largest first (ties: more person-days first, then id)."""
    ranked = sorted(balances.items(),
                    key=lambda item: (-abs(item[1].balance), -(item[1].sent + item[1].received), item[0]))
    return ranked[:limit] if limit is not None else ranked


def load_stays(**where) -> list[Stay]:
    """Counted stays from the database, optionally filtered on Application columns (partner_id=…, …)."""
    participants = (select(Participant.application_id, func.count(Participant.id).label("n"))
                    .group_by(Participant.application_id).subquery())
    query = (select(Application.id, Application.organisation_id, Application.partner_id, Application.direction,
                    Application.start_date, Application.end_date, func.coalesce(participants.c.n, 0))
             .outerjoin(participants, participants.c.application_id == Application.id)
             .where(Application.status.in_([str(s) for s in COUNTED_STATUSES]),
                    Application.start_date.is_not(None), Application.end_date.is_not(None)))
    for name, value in where.items():
        query = query.where(getattr(Application, name) == value)
    return [Stay(row[0], row[1], row[2], row[3], row[4], row[5], int(row[6])) for row in db.session.execute(query)]

"""Reciprocity ledger: person-days sent (outgoing) and received (incoming), per partner and per centre, per year.

Only stays that happen or happened count (approved, in progress, completed, closed). Person-days = participants ×
stay days (inclusive); a stay spanning a year boundary counts its days in each calendar year. The balance is
sent − received: positive, Québec has sent more than it hosted; negative, it owes the partner a visit.
The arithmetic is pure (Stay in, Balance out) and written again in SQL: `ranked_balances_from_applications` and
`stay_years_from_applications` let the database aggregate the stays and participants (GROUP BY); the dashboards
read the per-owner, per-year summary kept current from them (`rankings`, `ranked_balances`, `partner_balances`,
`stay_years`, `owner_years`; portal/partners/reciprocity_summary.py); `load_stays` reads the stays themselves.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, Select, bindparam, case, func, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Direction, Organisation, Participant, ReciprocityTotal
from portal.models.summaries import ALL_YEARS, summary_rows

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


# --- the same arithmetic in SQL (PostgreSQL and SQLite) ------------------------------------------------------------

class _inclusive_days(FunctionElement):
    """Days of [first, last], both counted: last − first + 1."""

    type = Integer()
    inherit_cache = True


@compiles(_inclusive_days)
def _inclusive_days_default(element, compiler, **kw):
    first, last = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(({last}) - ({first}) + 1)"


@compiles(_inclusive_days, "sqlite")
def _inclusive_days_sqlite(element, compiler, **kw):
    first, last = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(CAST(julianday({last}) - julianday({first}) AS INTEGER) + 1)"


class _later(FunctionElement):
    type = Date()
    inherit_cache = True


class _earlier(FunctionElement):
    type = Date()
    inherit_cache = True


@compiles(_later)
def _later_default(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(_earlier)
def _earlier_default(element, compiler, **kw):
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(_later, "sqlite")
def _later_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(_earlier, "sqlite")
def _earlier_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


def _counted():
    return (Application.status.in_([str(s) for s in COUNTED_STATUSES]), Application.start_date.is_not(None),
            Application.end_date.is_not(None))


def _days(year: int | None):
    """Days of each stay (in `year`, when given) and the condition for a stay to have any."""
    if year is None:
        return _inclusive_days(Application.start_date, Application.end_date), Application.end_date >= \
            Application.start_date
    first, last = literal(date(year, 1, 1), Date), literal(date(year, 12, 31), Date)
    days = _inclusive_days(_later(Application.start_date, first), _earlier(Application.end_date, last))
    return days, (Application.start_date <= last) & (Application.end_date >= first) & \
        (Application.end_date >= Application.start_date)


def _sums(year: int | None):
    """(sent, received) person-days: one joined row per participant, so summing days counts participants × days."""
    days, overlaps = _days(year)
    incoming = Application.direction == Direction.INCOMING
    sent = func.coalesce(func.sum(case((incoming, 0), else_=days)), 0)
    received = func.coalesce(func.sum(case((incoming, days), else_=0)), 0)
    return sent, received, overlaps


def ranked_balances_from_applications(owner: str, year: int | None = None,
                                      limit: int | None = 20) -> list[tuple[int, Balance]]:
    """Partners (owner="partner") or centres ("centre") most out of balance first, like most_out_of_line, computed
    by the database from the applications and their participants (GROUP BY owner, ORDER BY, LIMIT). The
    dashboards read the summary instead (``ranked_balances``); this rebuilds it and checks it."""
    column = Application.partner_id if owner == "partner" else Application.organisation_id
    sent, received, overlaps = _sums(year)
    query = (select(column, sent, received)
             .join(Participant, Participant.application_id == Application.id)
             .where(*_counted(), overlaps, column.is_not(None))
             .group_by(column)
             .order_by(func.abs(sent - received).desc(), (sent + received).desc(), column)
             .limit(limit))
    return [(owner_id, Balance(int(s), int(r))) for owner_id, s, r in db.session.execute(query)]


def stay_years_from_applications() -> list[int]:
    """Calendar years touched by counted stays (from the first start to the last end)."""
    first, last = db.session.execute(
        select(func.min(Application.start_date), func.max(Application.end_date)).where(*_counted())).one()
    if first is None or last is None:
        return []
    first, last = (value if isinstance(value, date) else date.fromisoformat(str(value)) for value in (first, last))
    return list(range(first.year, last.year + 1))


# --- what the pages read: the summary kept current by every change (portal/partners/reciprocity_summary.py) -------

def _summed(owner: str, year):
    """One row per owner: its row of that year, or its all-years row (the summary keeps both). `year` may be a bound
    parameter."""
    sent, received = ReciprocityTotal.sent, ReciprocityTotal.received
    query = select(ReciprocityTotal.owner_id, sent, received).where(
        ReciprocityTotal.owner_kind == owner, ReciprocityTotal.year == (ALL_YEARS if year is None else year),
        sent + received > 0)
    return query, sent, received


def _ranked(owner: str, year, limit):
    """The `limit` owners of a kind most out of balance first, with their names (one per owner, from the summary;
    the names of those shown only, joined after the limit)."""
    query, sent, received = _summed(owner, year)
    first = query.order_by(func.abs(sent - received).desc(), (sent + received).desc(),
                           ReciprocityTotal.owner_id).limit(limit).subquery()
    return (select(first, Organisation.name).join(Organisation, Organisation.id == first.c.owner_id)
            .order_by(func.abs(first.c.sent - first.c.received).desc(), (first.c.sent + first.c.received).desc(),
                      first.c.owner_id))


def ranked_balances(owner: str, year: int | None = None, limit: int = 20) -> list[tuple[int, Balance]]:
    """Partners (owner="partner") or centres ("centre") most out of balance first, like most_out_of_line, from the
    summary: a few rows per owner and year, whatever the number of participants."""
    return [(owner_id, Balance(int(s), int(r))) for owner_id, s, r, _name in db.session.execute(
        _ranked(owner, year, limit))]


@dataclass(frozen=True)
class Ranking:
    """The dashboard's two rankings, and the names of the organisations in them."""

    partners: list[tuple[int, Balance]]
    centres: list[tuple[int, Balance]]
    names: dict[int, str]


OWNER_KINDS = ("partner", "centre")


@cache
def _rankings_statement():
    """Built once, its year and limit bound at each call: building this union costs more than running it."""
    return union_all(*(select(literal(owner).label("kind"),
                              _ranked(owner, bindparam("year"), bindparam("limit")).subquery())
                       for owner in OWNER_KINDS))


def rankings(year: int | None = None, limit: int = 20) -> Ranking:
    """`ranked_balances` of the partners and of the centres, with their names, in one statement."""
    ranked: dict[str, list[tuple[int, Balance]]] = {kind: [] for kind in OWNER_KINDS}
    names: dict[int, str] = {}
    bound = {"year": ALL_YEARS if year is None else year, "limit": limit}
    for kind, owner_id, sent, received, name in db.session.execute(_rankings_statement(), bound):
        ranked[kind].append((owner_id, Balance(int(sent), int(received))))
        names[owner_id] = name
    return Ranking(ranked["partner"], ranked["centre"], names)


def owner_years(owner: str, owner_id: int) -> tuple[list[tuple[int, Balance]], Balance | None]:
    """One partner's (or centre's) balance per calendar year, oldest first, and over all years (None: no counted
    stay), from its rows of the summary: one statement, whatever the number of its stays and participants."""
    rows = db.session.execute(
        select(ReciprocityTotal.year, ReciprocityTotal.sent, ReciprocityTotal.received)
        .where(ReciprocityTotal.owner_kind == owner, ReciprocityTotal.owner_id == owner_id,
               ReciprocityTotal.sent + ReciprocityTotal.received > 0)
        .order_by(ReciprocityTotal.year)).all()
    balances = [(year, Balance(int(sent), int(received))) for year, sent, received in rows]
    total = next((balance for year, balance in balances if year == ALL_YEARS), None)
    return [(year, balance) for year, balance in balances if year != ALL_YEARS], total


def partner_balance_rows() -> Select:
    """The summary's all-years rows of the partners: (partner id, person-days sent, received)."""
    query, _sent, _received = _summed("partner", None)
    return query


def partner_balances() -> dict[int, Balance]:
    """Every partner's balance over all years (one row per partner, from the summary)."""
    return {partner_id: Balance(int(s), int(r)) for partner_id, s, r in summary_rows(partner_balance_rows())}


def stay_years() -> list[int]:
    """Calendar years in which counted stays have person-days (from the first to the last)."""
    first, last = db.session.execute(
        select(func.min(ReciprocityTotal.year), func.max(ReciprocityTotal.year))
        .where(ReciprocityTotal.year > ALL_YEARS, (ReciprocityTotal.sent + ReciprocityTotal.received) > 0)).one()
    return [] if first is None else list(range(first, last + 1))

"""The reciprocity dashboard's summary (reciprocity_totals): person-days each partner and each centre sent and
received per calendar year, kept current in the transaction that changes a stay, so the dashboard ranks a few
thousand rows instead of joining every application to its participants.

A flush that changes a stay's status, dates, direction, partner or centre, or adds, moves or removes participants,
reads the affected applications' figures (portal/partners/reciprocity.py: counted status, dates, participants)
from the database before it, and again after it; the difference of their person-days per owner and year is added
to the stored rows with ``INSERT … ON CONFLICT DO UPDATE`` (rows in one order: concurrent transactions queue on the
row lock, never deadlock). Reading the database rather than attribute history also covers participants added by
id only and applications deleted with their participants. Bulk SQL outside the ORM calls ``rebuild``.

Each owner also has an all-years row (year ALL_YEARS, 0) that every change adds to alike: the dashboard's default
view ranks those one-per-owner rows instead of summing every owner's years on each request (migration 0015).

The same reads also keep the places taken at each partner per year (partner_bookings, portal/partners/bookings.py):
an application holds places from its submission, whether or not its stay is counted here yet.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Application, Participant, ReciprocityTotal
from portal.models.summaries import ALL_YEARS, add_to_row, replace_rows
from portal.partners import bookings, reciprocity

# Columns, and the relationships whose foreign key is only synced during the flush.
TRACKED = ("status", "start_date", "end_date", "direction", "partner_id", "organisation_id", "partner",
           "organisation")
OWNERS = (("partner", "partner_id"), ("centre", "organisation_id"))
PENDING = "reciprocity_summary_before"
Key = tuple[str, int, int]  # owner kind, owner id, year


def _changed(application: Application) -> bool:
    state = inspect(application)
    return any(state.attrs[name].history.has_changes() for name in TRACKED)


def _application_ids(session: Session) -> set[int]:
    """Persistent applications whose person-days this flush may change."""
    ids: set[int] = set()
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Application) and (obj in session.deleted or _changed(obj)):
            ids.add(obj.id)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Participant):
            history = inspect(obj).attrs.application_id.history
            ids.update(value for value in (*history.deleted, obj.application_id) if value is not None)
            parent = obj.__dict__.get("application")  # set through the relationship, id not synced yet
            if parent is not None and parent.id is not None:
                ids.add(parent.id)
    return ids


def _person_days(ids: set[int], session: Session) -> Counter:
    """Person-days of these applications as the database holds them now, per owner and year (sent − received
    kept as two signed counters: key + "sent"/"received")."""
    if not ids:
        return Counter()
    people = (select(Participant.application_id, func.count().label("n")).where(Participant.application_id.in_(ids))
              .group_by(Participant.application_id).subquery())
    rows = session.execute(
        select(Application.status, Application.start_date, Application.end_date, Application.direction,
               Application.partner_id, Application.organisation_id, people.c.n)
        .join(people, people.c.application_id == Application.id)
        .where(Application.id.in_(ids))).all()
    totals: Counter = Counter()
    for status, start, end, direction, partner_id, centre_id, count in rows:
        totals.update(bookings.contribution(status, _day(start) if start is not None else None, partner_id, count))
        if status not in reciprocity.COUNTED_STATUSES or start is None or end is None:
            continue
        column = "received" if direction == reciprocity.Direction.INCOMING else "sent"
        for year, days in reciprocity.days_by_year(_day(start), _day(end)).items():
            for kind, owner in (("partner", partner_id), ("centre", centre_id)):
                if owner is not None:
                    totals[(kind, owner, year, column)] += days * count
    return totals


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _before_flush(session: Session, _context, _instances) -> None:
    ids = _application_ids(session)
    session.info[PENDING] = (ids, _person_days(ids, session))


def _after_flush(session: Session, _context) -> None:
    ids, before = session.info.pop(PENDING, (set(), Counter()))
    ids = ids | {obj.id for obj in session.new if isinstance(obj, Application)} | _application_ids(session)
    after = _person_days(ids, session)
    changes: dict[Key, dict[str, int]] = {}
    booked: dict[tuple[int, int], int] = {}
    for key in set(before) | set(after):
        difference = after[key] - before[key]
        if not difference:
            continue
        if key[0] == bookings.KIND:
            booked[(key[1], key[2])] = difference
            continue
        for row in (key[:3], (key[0], key[1], ALL_YEARS)):
            changes.setdefault(row, {"sent": 0, "received": 0})[key[3]] += difference
    if changes or booked:
        connection = session.connection()
        for key in sorted(changes):
            connection.execute(_upsert(connection.dialect.name, key, changes[key]))
        for key in sorted(booked):
            connection.execute(bookings.upsert(connection.dialect.name, key, booked[key]))


def _upsert(dialect: str, key: Key, amounts: dict[str, int]):
    return add_to_row(dialect, ReciprocityTotal, {"owner_kind": key[0], "owner_id": key[1], "year": key[2]}, amounts)


def keep_current() -> None:
    """Hook the summary to every ORM session's flush (create_app calls it; once is enough)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)


def from_scratch() -> dict[Key, tuple[int, int]]:
    """The summary computed from the applications and participants (one GROUP BY per year, and one over all
    years): rebuild and tests."""
    result = {}
    for year in (*reciprocity.stay_years_from_applications(), None):
        for kind in ("partner", "centre"):
            for owner, balance in reciprocity.ranked_balances_from_applications(kind, year, None):
                result[(kind, owner, ALL_YEARS if year is None else year)] = (balance.sent, balance.received)
    return result


def stored(session: Session | None = None) -> dict[Key, tuple[int, int]]:
    """The summary as kept, without rows brought back to nothing."""
    session = session or db.session
    rows = session.scalars(select(ReciprocityTotal)).all()
    return {(row.owner_kind, row.owner_id, row.year): (row.sent, row.received) for row in rows
            if row.sent or row.received}


def rebuild(session: Session | None = None) -> int:
    """Recompute the whole summary from the applications (after bulk SQL); returns the rows written."""
    session = session or db.session
    return replace_rows(session, ReciprocityTotal, [
        {"owner_kind": kind, "owner_id": owner, "year": year, "sent": sent, "received": received}
        for (kind, owner, year), (sent, received) in from_scratch().items()])

"""The return visits owed per partner (reciprocity_obligation_totals), kept current in the flush that opens, moves,
meets, reopens or cancels an obligation, so the reciprocity dashboard ranks one row per partner instead of grouping
every obligation on each view.

Each partner has a row per due year with its open and met obligations, and an all-years row (due_year ALL_YEARS).
Seen in a year Y, an open obligation is due when its due year is Y or later (the yearly rows from Y on: a few per
partner) and overdue otherwise (the all-years open count less the due ones). Cancelled obligations count nowhere.

A flush's changes come from each obligation's attribute history (status, due year and partner, loaded before a
change: ``active_history`` on the model): obligations are only written through the ORM, by
portal/partners/obligations.py. The differences are added to the stored rows with ``INSERT … ON CONFLICT DO UPDATE``,
rows in one order, so concurrent transactions queue on the row lock and never deadlock. Bulk SQL outside the ORM
calls ``rebuild``.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import event, func, inspect, select, union_all
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ObligationStatus, ReciprocityObligation, ReciprocityObligationTotal
from portal.models.summaries import ALL_YEARS, add_to_row, replace_rows

COLUMNS = {ObligationStatus.OPEN: "open", ObligationStatus.MET: "met"}
TRACKED = ("partner_id", "due_year", "status")
Key = tuple[int, int]  # partner id, due year


def _add(changes: Counter, values: tuple[Any, Any, Any], sign: int) -> None:
    partner_id, due_year, status = values
    column = COLUMNS.get(status)
    if column is None or partner_id is None or due_year is None:
        return
    for year in (due_year, ALL_YEARS):
        changes[(partner_id, year, column)] += sign


def _old_values(obligation: ReciprocityObligation) -> tuple[Any, Any, Any]:
    state = inspect(obligation)
    values = []
    for name in TRACKED:
        history = state.attrs[name].history
        values.append(history.deleted[0] if history.deleted else getattr(obligation, name))
    return tuple(values)


def _new_values(obligation: ReciprocityObligation) -> tuple[Any, Any, Any]:
    return tuple(getattr(obligation, name) for name in TRACKED)


def _changed(obligation: ReciprocityObligation) -> bool:
    state = inspect(obligation)
    return any(state.attrs[name].history.has_changes() for name in TRACKED)


def _after_flush(session: Session, _context) -> None:
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, ReciprocityObligation):
            _add(changes, _new_values(obj), 1)
    for obj in session.deleted:
        if isinstance(obj, ReciprocityObligation):
            _add(changes, _old_values(obj), -1)
    for obj in session.dirty:
        if isinstance(obj, ReciprocityObligation) and obj not in session.deleted and _changed(obj):
            _add(changes, _old_values(obj), -1)
            _add(changes, _new_values(obj), 1)
    rows: dict[Key, dict[str, int]] = {}
    for (partner_id, year, column), difference in changes.items():
        if difference:
            rows.setdefault((partner_id, year), {"open": 0, "met": 0})[column] += difference
    if rows:
        connection = session.connection()
        for key in sorted(rows):
            connection.execute(_upsert(connection.dialect.name, key, rows[key]))


def _upsert(dialect: str, key: Key, amounts: dict[str, int]):
    return add_to_row(dialect, ReciprocityObligationTotal, {"partner_id": key[0], "due_year": key[1]}, amounts)


def keep_current() -> None:
    """Hook the summary to every ORM session's flush (create_app calls it; once is enough)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _counted(status: str):
    return func.coalesce(func.sum((ReciprocityObligation.status == status).cast(db.Integer)), 0)


def from_scratch_query():
    """(partner, due year, open, met) per due year and over all years, grouped from the obligations."""
    obligation = ReciprocityObligation
    counted = obligation.status.in_(list(COLUMNS))
    open_, met = _counted(ObligationStatus.OPEN), _counted(ObligationStatus.MET)
    yearly = (select(obligation.partner_id, obligation.due_year, open_, met).where(counted)
              .group_by(obligation.partner_id, obligation.due_year))
    all_years = (select(obligation.partner_id, func.cast(ALL_YEARS, db.Integer), open_, met).where(counted)
                 .group_by(obligation.partner_id))
    return union_all(yearly, all_years)


def from_scratch(session: Session | None = None) -> dict[Key, tuple[int, int]]:
    """The summary computed from the obligations: rebuild and tests."""
    session = session or db.session
    return {(partner, year): (int(open_), int(met))
            for partner, year, open_, met in session.execute(from_scratch_query()) if open_ or met}


def stored(session: Session | None = None) -> dict[Key, tuple[int, int]]:
    """The summary as kept, without rows brought back to nothing."""
    session = session or db.session
    rows = session.scalars(select(ReciprocityObligationTotal)).all()
    return {(row.partner_id, row.due_year): (row.open, row.met) for row in rows if row.open or row.met}


def rebuild(session: Session | None = None) -> int:
    """Recompute the whole summary from the obligations (after bulk SQL); returns the rows written."""
    session = session or db.session
    return replace_rows(session, ReciprocityObligationTotal, [
        {"partner_id": partner, "due_year": year, "open": open_, "met": met}
        for (partner, year), (open_, met) in from_scratch(session).items()])

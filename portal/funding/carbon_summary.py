"""The carbon page's summary (carbon_totals): per call, status and direction, the carbon the applications there
carry, kept current in the transaction that changes an application, so the page reads a few dozen rows whatever
the portal holds.

An application's share (its stored co2_kg and offset_cents, portal/funding/totals.py) counts in the bucket of its
call, status and direction while its status is one the page counts. After every flush, each application whose
status, call, direction or carbon changed takes its old share out of its old bucket and adds its new one: one
``INSERT … ON CONFLICT DO UPDATE`` per bucket, adding to what is stored, so two transactions moving applications of
the same call at once each add their own difference (the row lock orders them; buckets in one order, no deadlock).
Hooking the flush rather than each operation means no path that moves an application (workflow transition,
amendment, budget recomputation, demo, tests' factories) can forget it. Bulk SQL that bypasses the ORM (the
bench generator, a data repair) calls ``rebuild``, as does ``flask refresh-totals``.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.funding.carbon_report import APPROVED, UNDER_REVIEW
from portal.models import Application, CallCarbonTotal
from portal.models.summaries import add_to_row, replace_rows

COUNTED = (*UNDER_REVIEW, *APPROVED)
TRACKED = ("call_id", "status", "direction", "co2_kg", "offset_cents")
SUMS = ("co2_tenths_kg", "offset_cents", "computed", "applications")
Bucket = tuple[int, str, str]


def _tenths(kg: Decimal | float | None) -> int:
    return int((Decimal(str(kg)) * 10).to_integral_value()) if kg is not None else 0


def _share(values: dict) -> tuple[Bucket, Counter] | None:
    """The bucket these application values count in and what they add to it (None: not counted)."""
    if values["status"] not in COUNTED or values["call_id"] is None:
        return None
    return ((values["call_id"], str(values["status"]), str(values["direction"])),
            Counter(co2_tenths_kg=_tenths(values["co2_kg"]), offset_cents=values["offset_cents"] or 0,
                    computed=int(values["co2_kg"] is not None), applications=1))


def _before_and_after(application: Application, is_new: bool, is_deleted: bool) -> tuple[dict | None, dict | None]:
    state = inspect(application)
    now, before = {}, {}
    for name in TRACKED:
        history = state.attrs[name].history
        now[name] = getattr(application, name)
        before[name] = history.deleted[0] if history.deleted else now[name]
    return (None if is_new else before), (None if is_deleted else now)


def differences(session: Session) -> dict[Bucket, Counter]:
    """What this flush changes in each bucket, from the applications' values before and after it."""
    changes: dict[Bucket, Counter] = {}
    groups = ((session.new, True, False), (session.dirty, False, False), (session.deleted, False, True))
    for objects, is_new, is_deleted in groups:
        for application in objects:
            if not isinstance(application, Application):
                continue
            before, after = _before_and_after(application, is_new, is_deleted)
            for values, sign in ((before, -1), (after, 1)):
                share = values and _share(values)
                if share:
                    bucket, amounts = share
                    total = changes.setdefault(bucket, Counter())
                    for name in SUMS:
                        total[name] += sign * amounts[name]
    return {bucket: amounts for bucket, amounts in changes.items() if any(amounts[name] for name in SUMS)}


def _upsert(dialect: str, bucket: Bucket, amounts: Counter):
    return add_to_row(dialect, CallCarbonTotal, {"call_id": bucket[0], "status": bucket[1], "direction": bucket[2]},
                      {name: amounts[name] for name in SUMS})


def _after_flush(session: Session, _context) -> None:
    changes = differences(session)
    if not changes:
        return
    connection = session.connection()
    for bucket in sorted(changes):
        connection.execute(_upsert(connection.dialect.name, bucket, changes[bucket]))


def keep_current() -> None:
    """Hook the summary to every ORM session's flush (create_app calls it; once is enough)."""
    for name in TRACKED:  # the value before a change must be known even when the attribute was not read first
        attribute = getattr(Application, name)
        if not event.contains(attribute, "set", _note_set):
            event.listen(attribute, "set", _note_set, active_history=True)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _note_set(_target, value, _old, _initiator):
    return value


def from_scratch(session: Session | None = None) -> dict[Bucket, dict[str, int]]:
    """The summary computed from the applications themselves (one GROUP BY over the table): rebuild and tests."""
    session = session or db.session
    rows = session.execute(
        select(Application.call_id, Application.status, Application.direction,
               func.coalesce(func.sum(Application.co2_kg), 0), func.coalesce(func.sum(Application.offset_cents), 0),
               func.count(Application.co2_kg), func.count())
        .where(Application.status.in_(COUNTED))
        .group_by(Application.call_id, Application.status, Application.direction)).all()
    return {(call_id, str(status), str(direction)): {"co2_tenths_kg": _tenths(kg), "offset_cents": int(offset),
                                                     "computed": computed, "applications": count}
            for call_id, status, direction, kg, offset, computed, count in rows}


def stored(session: Session | None = None) -> dict[Bucket, dict[str, int]]:
    """The summary as kept, without its empty buckets (an application moved away leaves zeros behind)."""
    session = session or db.session
    rows = session.scalars(select(CallCarbonTotal)).all()
    return {(row.call_id, row.status, row.direction): {name: getattr(row, name) for name in SUMS}
            for row in rows if row.applications}


def rebuild(session: Session | None = None) -> int:
    """Recompute the whole summary from the applications (after bulk SQL); returns the buckets written."""
    session = session or db.session
    return replace_rows(session, CallCarbonTotal, [
        {"call_id": call_id, "status": status, "direction": direction, **amounts}
        for (call_id, status, direction), amounts in from_scratch(session).items()])

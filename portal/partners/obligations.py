"""Reciprocity as an obligation (design §2): an approved outgoing stay owes its partner a return visit.

The obligation opens at ministry approval (due the year of the planned reciprocal visit, else the year after the
stay ends), the partner proposes dates through its signed link, the outgoing stay's final report records the
incoming stay that made the return visit (which meets it), a cancellation cancels it. Counts for the dashboard come
from a summary per partner kept current by every change (portal/partners/obligation_summary.py). Operations only
add and flush; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from flask_babel import gettext
from sqlalchemy import BigInteger, bindparam, cast, func, select

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db, services
from portal.models import (
    Application,
    ApplicationStatus,
    Direction,
    FinalReport,
    ObligationStatus,
    Organisation,
    ReciprocityObligation,
    ReciprocityObligationTotal,
    User,
)
from portal.models.summaries import ALL_YEARS

S = ApplicationStatus
# An incoming stay counts as a return visit once it has happened or is happening.
VISIT_STATUSES = (S.IN_PROGRESS, S.COMPLETED, S.CLOSED)


def due_year_of(application: Application) -> int:
    """The year the return visit is due: the planned reciprocal visit's, else the year after the stay ends."""
    if application.reciprocal_start is not None:
        return application.reciprocal_start.year
    last = application.end_date or application.start_date or services.clock.today()
    return last.year + 1


def obligation_of(application: Application) -> ReciprocityObligation | None:
    return db.session.scalar(select(ReciprocityObligation)
                             .where(ReciprocityObligation.application_id == application.id))


def open_for(application: Application) -> ReciprocityObligation | None:
    """The obligation of an approved outgoing stay with a partner (idempotent); None for any other stay."""
    if application.direction != Direction.OUTGOING or application.partner_id is None:
        return None
    existing = obligation_of(application)
    if existing is not None:
        return existing
    obligation = ReciprocityObligation(application_id=application.id, partner_id=application.partner_id,
                                       due_year=due_year_of(application), status=ObligationStatus.OPEN,
                                       proposed_comment="")
    db.session.add(obligation)
    db.session.flush()
    add_event(None, "reciprocity.obligation_opened", "reciprocity_obligation", obligation.id,
              after={"application_id": application.id, "partner_id": obligation.partner_id,
                     "due_year": obligation.due_year})
    return obligation


def follow_dates(application: Application) -> None:
    """New stay dates (an accepted amendment) move the due year of an open obligation that follows them."""
    obligation = obligation_of(application)
    if obligation is not None and obligation.status == ObligationStatus.OPEN:
        obligation.due_year = due_year_of(application)


def cancel_for(application: Application, actor: User | None) -> None:
    """A cancelled outgoing stay owes no return visit (a met obligation stays met)."""
    obligation = obligation_of(application)
    if obligation is None or obligation.status != ObligationStatus.OPEN:
        return
    obligation.status = ObligationStatus.CANCELLED
    add_event(actor, "reciprocity.obligation_cancelled", "reciprocity_obligation", obligation.id,
              before={"status": str(ObligationStatus.OPEN)}, after={"status": str(ObligationStatus.CANCELLED)})


def propose_dates(obligation: ReciprocityObligation, start: date | None, end: date | None, comment: str) -> None:
    """The partner's proposed dates for the return visit (through its signed link; may be proposed again)."""
    if obligation.status != ObligationStatus.OPEN:
        raise Conflict(gettext("This return visit is no longer expected: no dates can be proposed."))
    if start is None or end is None:
        raise InvalidInput(gettext("Give the first and the last day of the visit."))
    if end < start:
        raise InvalidInput(gettext("Enter a last day of the visit on or after its first day."))
    before = {"proposed_start": _iso(obligation.proposed_start), "proposed_end": _iso(obligation.proposed_end)}
    obligation.proposed_start, obligation.proposed_end = start, end
    obligation.proposed_comment = (comment or "").strip()[:2000]
    obligation.proposed_at = utcnow()
    add_event(None, "reciprocity.dates_proposed", "reciprocity_obligation", obligation.id, before=before,
              after={"proposed_start": start.isoformat(), "proposed_end": end.isoformat()})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _candidates(outgoing: Application):
    return select(Application).where(Application.organisation_id == outgoing.organisation_id,
                                     Application.partner_id == outgoing.partner_id,
                                     Application.direction == Direction.INCOMING,
                                     Application.status.in_([str(s) for s in VISIT_STATUSES]))


def return_visit_candidates(outgoing: Application, limit: int = 100) -> list[Application]:
    """Incoming stays of the same centre with the same partner that have happened: what may meet the obligation."""
    return list(db.session.scalars(
        _candidates(outgoing).order_by(Application.start_date.desc(), Application.id.desc()).limit(limit)))


def record_return_visit(report: FinalReport, outgoing: Application, incoming_id: int | None, actor: User) -> None:
    """The final report of the outgoing stay names the incoming stay that made the return visit: it meets the
    obligation (None: not made yet, the obligation stays open)."""
    obligation = obligation_of(outgoing)
    if incoming_id is None:
        report.return_visit_application_id = None
        if obligation is not None and obligation.status == ObligationStatus.MET:
            _reopen(obligation, actor)
        return
    incoming = db.session.scalar(_candidates(outgoing).where(Application.id == incoming_id))
    if incoming is None:
        raise InvalidInput(gettext(
            "The return visit must be an incoming stay of your centre with the same partner that has taken place."))
    report.return_visit_application_id = incoming.id
    if obligation is not None and obligation.status != ObligationStatus.CANCELLED:
        obligation.status = ObligationStatus.MET
        obligation.met_by_application_id = incoming.id
        obligation.met_at = utcnow()
        add_event(actor, "reciprocity.obligation_met", "reciprocity_obligation", obligation.id,
                  after={"met_by_application_id": incoming.id})


def _reopen(obligation: ReciprocityObligation, actor: User) -> None:
    obligation.status = ObligationStatus.OPEN
    obligation.met_by_application_id = None
    obligation.met_at = None
    add_event(actor, "reciprocity.obligation_reopened", "reciprocity_obligation", obligation.id,
              before={"status": str(ObligationStatus.MET)}, after={"status": str(ObligationStatus.OPEN)})


# --- counts -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    due: int = 0  # open, due this year or later
    overdue: int = 0  # open, due year past
    met: int = 0


def _per_partner(year):
    """Per partner with obligations open or met: (partner_id, due, overdue, met) seen in `year` (a value or a bound
    parameter), from the summary (portal/partners/obligation_summary.py): its all-years row, less the open ones due
    from `year` on."""
    total = ReciprocityObligationTotal
    due_rows = (select(total.partner_id, cast(func.sum(total.open), BigInteger).label("due"))  # bigint, not numeric
                .where(total.due_year >= year)
                .group_by(total.partner_id).subquery())
    due = func.coalesce(due_rows.c.due, 0)
    return (select(total.partner_id, due.label("due"), (total.open - due).label("overdue"), total.met.label("met"))
            .outerjoin(due_rows, due_rows.c.partner_id == total.partner_id)
            .where(total.due_year == ALL_YEARS, (total.open + total.met) > 0).subquery())


@dataclass(frozen=True)
class Owed:
    """The dashboard's return visits: the counts, the partners most overdue first, and their names."""

    total: Counts
    partners: list[tuple[int, Counts]]
    names: dict[int, str]


@cache
def _owed_statement():
    """Built once, its year and limit bound at each call (building it costs about what running it does). The totals
    are summed over every partner before the limit; the names of the partners shown only are joined after it."""
    rows = _per_partner(bindparam("year"))
    totals = [func.sum(column).over().label(f"all_{column.name}") for column in (rows.c.due, rows.c.overdue, rows.c.met)]
    first = (select(rows, *totals).order_by(rows.c.overdue.desc(), rows.c.due.desc(), rows.c.partner_id)
             .limit(bindparam("limit")).subquery())
    return (select(first, Organisation.name).join(Organisation, Organisation.id == first.c.partner_id)
            .order_by(first.c.overdue.desc(), first.c.due.desc(), first.c.partner_id))


def owed(year: int, limit: int = 20) -> Owed:
    """Obligations due, overdue and met as seen in `year`, and the `limit` partners most overdue first with their
    names, in one statement."""
    found = db.session.execute(_owed_statement(), {"year": year, "limit": limit}).mappings().all()
    if not found:
        return Owed(Counts(), [], {})
    return Owed(Counts(*(int(found[0][f"all_{name}"]) for name in ("due", "overdue", "met"))),
                [(row["partner_id"], Counts(int(row["due"]), int(row["overdue"]), int(row["met"]))) for row in found],
                {row["partner_id"]: row["name"] for row in found})

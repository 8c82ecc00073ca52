"""Exceptions to the caps: a centre asks, with an amount and a reason, to go above the computed (capped) total;
the coordinator sees the request; the ministry approves or refuses it, recorded in the audit log. Only an
approved exception raises what may be requested: no text anywhere lifts a cap.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import Application, CapException, User

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
MAX_EXCEPTION_CENTS = 10_000_000_00  # 10 M$: more is a typing error


def exceptions_of(application: Application) -> list[CapException]:
    if application.id is None:
        return []
    return list(db.session.scalars(select(CapException).where(CapException.application_id == application.id)
                                   .order_by(CapException.id)))


def approved_cents(application: Application) -> int:
    """What the ministry approved above the caps for this application (0 when nothing)."""
    if application.id is None:
        return 0
    total = db.session.scalar(select(func.coalesce(func.sum(CapException.amount_cents), 0)).where(
        CapException.application_id == application.id, CapException.status == APPROVED))
    return int(total or 0)


def requested_cents(application: Application) -> int:
    """Approved plus still pending: what the centre may ask for before the ministry decides."""
    return sum(int(e.amount_cents) for e in exceptions_of(application) if e.status in (PENDING, APPROVED))


def request_exception(application: Application, amount_cents: int, reason: str, actor: User | None) -> CapException:
    problems = []
    if not 0 < amount_cents <= MAX_EXCEPTION_CENTS:
        problems.append(_("Enter the amount asked above the cap (more than 0)."))
    if not (reason or "").strip():
        problems.append(_("Explain why the cap is not enough."))
    if problems:
        raise InvalidInput("; ".join(problems), failed=problems)
    if any(e.status == PENDING for e in exceptions_of(application)):
        raise Conflict(_("An exception request is already waiting for the ministry's decision."))
    exception = CapException(application_id=application.id, amount_cents=amount_cents, reason=reason.strip(),
                             status=PENDING, requested_by_id=actor.id if actor else None, requested_at=utcnow(),
                             decision_comment="")
    db.session.add(exception)
    db.session.flush()
    add_event(actor, "application.cap_exception_requested", "application", application.id,
              after={"exception": exception.id, "amount_cents": amount_cents, "reason": exception.reason})
    return exception


def decide(exception: CapException, approve: bool, comment: str, actor: User | None) -> CapException:
    """The ministry's decision, once."""
    if exception.status != PENDING:
        raise Conflict(_("This exception request has already been decided."))
    exception.status = APPROVED if approve else REFUSED
    exception.decided_by_id = actor.id if actor else None
    exception.decided_at = utcnow()
    exception.decision_comment = (comment or "").strip()
    db.session.flush()
    add_event(actor, f"application.cap_exception_{exception.status}", "application", exception.application_id,
              before={"status": PENDING}, after={"exception": exception.id, "status": exception.status,
                                                 "amount_cents": int(exception.amount_cents),
                                                 "comment": exception.decision_comment})
    return exception

"""Amendments after approval (design §2): approved → amendment_requested → approved.

The centre's staff propose new dates and/or new amounts per budget line with a reason; the coordinator endorses
(or declines) it; the ministry accepts (or refuses) an endorsed one. On acceptance the difference between the new
total and what the envelope holds for the application is committed (up) or released (down) under the same locks as
an approval (application row, then call row): never overspent, never below zero. Every step is a Decision and an
AuditEvent; the Amendment row keeps the before/after of each line and of the dates. A form's one-time key makes a
resent form return its first result and change nothing.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.applications import policy
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.funding import totals
from portal.models import (
    Amendment,
    AmendmentStatus,
    Application,
    Call,
    Decision,
    FundingKind,
    MovementKind,
    User,
)
from portal.partners import obligations
from portal.workflow import money, notices
from portal.workflow.operations import guard, record
from portal.workflow.review import _key, _line_map, _replay, decision_with_key
from portal.workflow.transitions import Action

OPEN_STAGES = (AmendmentStatus.PROPOSED, AmendmentStatus.ENDORSED)


def pending(application: Application) -> Amendment | None:
    """The amendment waiting for a decision, if any (there is at most one: the state allows one at a time)."""
    return db.session.scalar(select(Amendment).where(Amendment.application_id == application.id,
                                                     Amendment.status.in_([str(s) for s in OPEN_STAGES]))
                             .order_by(Amendment.id.desc()).limit(1))


def history(application: Application) -> list[Amendment]:
    return list(db.session.scalars(select(Amendment).where(Amendment.application_id == application.id)
                                   .order_by(Amendment.id.desc())))


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message)
    return text


# What propose reads of the application (its call's window and program, its lines): options for the query that
# loads it (selectinload, so they fit the row lock).
PROPOSE_LOADS = (selectinload(Application.call).selectinload(Call.program), selectinload(Application.funding_lines))


def check_dates(application: Application, start: date | None, end: date | None) -> None:
    """New dates: both known, in order, inside the call's window, at least the program's minimum days."""
    if start is None or end is None:
        raise InvalidInput(gettext("Give the first and the last day of the stay."))
    if end < start:
        raise InvalidInput(gettext("The last day of the stay cannot be before its first day."))
    call = application.call
    if start < call.stays_start_from or end > call.stays_end_by:
        raise InvalidInput(gettext("The stay must take place between %(first)s and %(last)s.",
                                   first=call.stays_start_from.isoformat(), last=call.stays_end_by.isoformat()))
    minimum = call.program.min_days
    if (end - start).days + 1 < minimum:
        raise InvalidInput(gettext("The stay must last at least %(days)d days.", days=minimum))


def _new_amounts(application: Application, amounts: dict[Any, int] | None) -> dict[str, dict[str, int]]:
    """{line id: {"before", "after"}} for every line; a cap reduction cannot change, no amount is negative."""
    given = _line_map(application, amounts)
    result: dict[str, dict[str, int]] = {}
    for line in application.funding_lines:
        before = int(line.approved_cents or 0)
        after = given.get(line, before)
        if line.kind == FundingKind.CAP_REDUCTION and after != before:
            raise InvalidInput(gettext("A cap reduction line cannot be adjusted."))
        if line.kind != FundingKind.CAP_REDUCTION and after < 0:
            raise InvalidInput(gettext("An amount cannot be negative."))
        result[str(line.id)] = {"before": before, "after": after}
    return result


def propose(application: Application, actor: User, *, start: date | None, end: date | None,
            amounts: dict[Any, int] | None, reason: str, idempotency_key: str | None = None) -> Decision:
    """Staff of the centre: propose new dates and/or approved amounts per line (a reason is required)."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.PROPOSE_AMENDMENT)
    found = guard(application, actor, Action.PROPOSE_AMENDMENT, policy.can_edit)
    reason = _required(reason, gettext("A reason is required to propose an amendment."))
    start, end = start or application.start_date, end or application.end_date
    check_dates(application, start, end)
    lines = _new_amounts(application, amounts)
    after_cents = max(0, sum(line["after"] for line in lines.values()))
    before_cents = money.commitment_of(application)
    dates_changed = (start, end) != (application.start_date, application.end_date)
    if not dates_changed and all(line["before"] == line["after"] for line in lines.values()):
        raise InvalidInput(gettext("The amendment changes neither the dates nor the amounts."))
    amendment = Amendment(application_id=application.id, status=AmendmentStatus.PROPOSED, reason=reason,
                          old_start_date=application.start_date, old_end_date=application.end_date,
                          new_start_date=start, new_end_date=end, lines=lines, before_cents=before_cents,
                          after_cents=after_cents, proposed_by_id=actor.id, proposed_at=utcnow(), comment="")
    db.session.add(amendment)
    step = record(application, actor, Action.PROPOSE_AMENDMENT, found, comment=reason)
    step.decision.idempotency_key = key
    step.event.after = {**(step.event.after or {}), "amendment": _summary(amendment)}
    db.session.flush()
    notices.amendment(application, Action.PROPOSE_AMENDMENT, reason)
    return step.decision


def _summary(amendment: Amendment) -> dict[str, Any]:
    return {"new_start_date": _iso(amendment.new_start_date), "new_end_date": _iso(amendment.new_end_date),
            "lines": amendment.lines, "before_cents": amendment.before_cents, "after_cents": amendment.after_cents}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _open_amendment(application: Application, stage: str) -> Amendment:
    amendment = pending(application)
    if amendment is None or amendment.status != stage:
        raise Conflict(gettext("No amendment is waiting for this decision."))
    return amendment


def _decide(application: Application, actor: User, action: str, stage: str, comment: str,
            idempotency_key: str | None, comment_missing: str | None) -> tuple[Decision, Amendment]:
    """A step that does not move money: endorse, decline, refuse."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, action), pending(application) or history(application)[0]
    found = guard(application, actor, action, policy.can_read)
    amendment = _open_amendment(application, stage)
    comment = _required(comment, comment_missing) if comment_missing else (comment or "").strip()
    step = record(application, actor, action, found, comment=comment)
    step.decision.idempotency_key = key
    step.event.after = {**(step.event.after or {}), "amendment_id": amendment.id}
    return step.decision, amendment


def endorse(application: Application, actor: User, comment: str = "",
            idempotency_key: str | None = None) -> Decision:
    """Coordinator: endorse the proposed amendment; the ministry then decides."""
    decision, amendment = _decide(application, actor, Action.ENDORSE_AMENDMENT, AmendmentStatus.PROPOSED, comment,
                                  idempotency_key, None)
    if amendment.status == AmendmentStatus.PROPOSED:
        amendment.status = AmendmentStatus.ENDORSED
        amendment.endorsed_by_id, amendment.endorsed_at = actor.id, utcnow()
        db.session.flush()
        notices.amendment(application, Action.ENDORSE_AMENDMENT, decision.comment)
    return decision


def decline(application: Application, actor: User, comment: str, idempotency_key: str | None = None) -> Decision:
    """Coordinator: decline the proposed amendment (reason required); the application stays approved as it was."""
    return _close(application, actor, Action.DECLINE_AMENDMENT, AmendmentStatus.PROPOSED, comment, idempotency_key)


def refuse(application: Application, actor: User, comment: str, idempotency_key: str | None = None) -> Decision:
    """Ministry: refuse the endorsed amendment (reason required); nothing changes but the history."""
    return _close(application, actor, Action.REFUSE_AMENDMENT, AmendmentStatus.ENDORSED, comment, idempotency_key)


def _close(application: Application, actor: User, action: str, stage: str, comment: str,
           idempotency_key: str | None) -> Decision:
    decision, amendment = _decide(application, actor, action, stage, comment, idempotency_key,
                                  gettext("A reason is required to refuse an amendment."))
    if amendment.status == stage:
        amendment.status = AmendmentStatus.REFUSED
        amendment.decided_by_id, amendment.decided_at, amendment.comment = actor.id, utcnow(), decision.comment
        db.session.flush()
        notices.amendment(application, action, decision.comment)
    return decision


def accept(application: Application, actor: User, comment: str = "",
           idempotency_key: str | None = None) -> Decision:
    """Ministry: accept the endorsed amendment: new dates and amounts, and the difference committed or released."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.ACCEPT_AMENDMENT)
    guard(application, actor, Action.ACCEPT_AMENDMENT, policy.can_read)  # early 403/404/409, before any lock
    application = money.lock_application(application, selectinload(Application.funding_lines))
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.ACCEPT_AMENDMENT)
    found = guard(application, actor, Action.ACCEPT_AMENDMENT, policy.can_read)
    amendment = _open_amendment(application, AmendmentStatus.ENDORSED)
    call = money.lock_call(application.call_id)
    held = money.commitment_of(application)
    difference = amendment.after_cents - held
    money.ensure_fits(call, difference)

    before = {"committed_cents": call.committed_cents, "start_date": _iso(application.start_date),
              "end_date": _iso(application.end_date), "held_cents": held}
    lines = {str(line.id): line for line in application.funding_lines}
    for line_id, amounts in amendment.lines.items():
        if line_id in lines:
            lines[line_id].approved_cents = amounts["after"]
    totals.refresh(application)
    application.start_date, application.end_date = amendment.new_start_date, amendment.new_end_date
    obligations.follow_dates(application)
    step = record(application, actor, Action.ACCEPT_AMENDMENT, found, comment=(comment or "").strip())
    step.decision.idempotency_key = key
    db.session.flush()
    money.move(call, application, MovementKind.AMENDMENT, difference, step.decision)
    amendment.status = AmendmentStatus.ACCEPTED
    amendment.decided_by_id, amendment.decided_at, amendment.comment = actor.id, utcnow(), step.decision.comment
    step.event.before = {**(step.event.before or {}), **before}
    step.event.after = {**(step.event.after or {}), "committed_cents": call.committed_cents,
                        "start_date": _iso(application.start_date), "end_date": _iso(application.end_date),
                        "held_cents": amendment.after_cents, "amendment_id": amendment.id,
                        "lines": amendment.lines}
    db.session.flush()
    notices.amendment(application, Action.ACCEPT_AMENDMENT, step.decision.comment)
    return step.decision

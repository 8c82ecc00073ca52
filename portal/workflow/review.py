"""Review operations (design §2): coordinator review, ministry decision and the envelope commitment.

Each operation: guard (403 role, 404 access, 409 state), check the data, change, append a Decision and an
AuditEvent, queue mail to the centre's staff (and to ministry officers on a recommendation). Operations only add
to the session and flush; the caller commits once. A refusal raises DomainError before anything changes.
"""
from __future__ import annotations

from typing import Any

from flask_babel import force_locale, get_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.applications import policy
from portal.core.clock import utcnow
from portal.core.errors import Conflict
from portal.extensions import db
from portal.funding import totals
from portal.i18n.formatting import format_cents
from portal.i18n.labels import status_label
from portal.models import Application, AuditEvent, Call, Decision, FundingLine, MovementKind, Role, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url, application_endpoint
from portal.partners import obligations
from portal.workflow import money
from portal.workflow.operations import guard, record
from portal.workflow.transitions import Action, Transition


def _reviewer_access(actor: User, application: Application) -> bool:
    return policy.can_read(actor, application)


def _key(idempotency_key: str | None) -> str | None:
    return (idempotency_key or "").strip() or None


def decision_with_key(key: str | None) -> Decision | None:
    """The decision a form's one-time key has already produced, if any."""
    if key is None:
        return None
    return db.session.scalar(select(Decision).where(Decision.idempotency_key == key))


def _replay(existing: Decision, application: Application, action: str) -> Decision:
    if existing.application_id != application.id or existing.action != str(action):
        raise Conflict(gettext("This form has already been used for another decision."))
    return existing


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Conflict(message)
    return text


def _money_state(application: Application, call: Call | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"lines": {str(line.id): {"requested_cents": line.requested_cents,
                                                      "approved_cents": line.approved_cents}
                                       for line in application.funding_lines}}
    if call is not None:
        state["committed_cents"] = call.committed_cents
    return state


def _add_money_to_audit(event: AuditEvent, before: dict[str, Any], after: dict[str, Any]) -> None:
    """The step's own audit event also tells what happened to the money."""
    event.before = {**(event.before or {}), **before}
    event.after = {**(event.after or {}), **after}


def _line_map(application: Application, amounts: dict[Any, int] | None) -> dict[FundingLine, int]:
    """{line: cents} from {line_id: cents}; 409 for a line of another application or a non-integer amount."""
    lines = {line.id: line for line in application.funding_lines}
    result: dict[FundingLine, int] = {}
    for raw_id, cents in (amounts or {}).items():
        try:
            line = lines[int(raw_id)]
        except (KeyError, TypeError, ValueError):
            raise Conflict(gettext("This budget line does not belong to the application.")) from None
        if isinstance(cents, bool) or not isinstance(cents, int):
            raise Conflict(gettext("Amounts must be whole numbers of cents."))
        result[line] = cents
    return result


# --- mail --------------------------------------------------------------------------------------------------------

def _staff_of(application: Application) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.STAFF, User.active.is_(True),
                           User.organisation_id == application.organisation_id).order_by(User.id)))


def _ministry_officers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.MINISTRY, User.active.is_(True)).order_by(User.id)))


def _subject_and_body(action: str, application: Application, user: User, comment: str) -> tuple[str, str]:
    if action == Action.REQUEST_CHANGES:
        subject = gettext("Changes requested: %(title)s", title=application.title)
        text = gettext('The coordinator has requested changes to the application "%(title)s".',
                       title=application.title)
    elif action == Action.RECOMMEND:
        subject = gettext("Application recommended: %(title)s", title=application.title)
        text = gettext('The application "%(title)s" has been recommended to the ministry.', title=application.title)
    elif action == Action.REJECT:
        subject = gettext("Application rejected: %(title)s", title=application.title)
        text = gettext('The application "%(title)s" has been rejected.', title=application.title)
    elif action == Action.SEND_BACK:
        subject = gettext("Application sent back to the coordinator: %(title)s", title=application.title)
        text = gettext('The ministry has sent the application "%(title)s" back to the coordinator.',
                       title=application.title)
    else:
        subject = gettext("Application approved: %(title)s", title=application.title)
        text = gettext('The application "%(title)s" has been approved.', title=application.title)
    parts = [gettext("Hello %(name)s,", name=user.name), "", text]
    if comment:
        parts += ["", gettext("Comment:"), comment]
    parts += ["", gettext("Status: %(status)s", status=status_label(application.status))]
    link = absolute_url(application_endpoint(user), application_id=application.id)
    parts += ["", gettext("See the application here:") + " " + link]
    return subject, "\n".join(parts) + "\n"


def notify(application: Application, action: str, comment: str = "") -> None:
    """One message per recipient, in the recipient's language: the centre's staff, plus the ministry officers on a
    recommendation."""
    recipients = _staff_of(application)
    if action == Action.RECOMMEND:
        recipients += _ministry_officers()
    seen: set[str] = set()
    for user in recipients:
        if user.email in seen:
            continue
        seen.add(user.email)
        with force_locale(user.locale):
            subject, body = _subject_and_body(action, application, user, comment)
        queue_mail(user.email, subject, body, locale=user.locale)


# --- coordinator -------------------------------------------------------------------------------------------------

def request_changes(application: Application, actor: User, comment: str,
                    idempotency_key: str | None = None) -> Decision:
    """Coordinator: send a submitted application back to the centre's staff (comment required).

    A key already used returns its decision and changes nothing (so do the other operations below)."""
    return _commented_decision(application, actor, Action.REQUEST_CHANGES, comment, idempotency_key,
                               gettext("A comment is required to request changes."))


def _commented_decision(application: Application, actor: User, action: str, comment: str,
                        idempotency_key: str | None, comment_missing: str) -> Decision:
    """A decision that only moves the state and must say why: replayed by its key, guarded, recorded, mailed."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, action)
    found = guard(application, actor, action, _reviewer_access)
    comment = _required(comment, comment_missing)
    decision = record(application, actor, action, found, comment=comment).decision
    decision.idempotency_key = key
    db.session.flush()
    notify(application, action, comment)
    return decision


def recommend(application: Application, actor: User, comment: str = "", adjustments: dict[Any, int] | None = None,
              reason: str = "", idempotency_key: str | None = None) -> Decision:
    """Coordinator: recommend to the ministry, optionally adjusting requested amounts (a reason is then required)."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.RECOMMEND)
    found = guard(application, actor, Action.RECOMMEND, _reviewer_access)
    changes = _line_map(application, adjustments)
    changed = {line: cents for line, cents in changes.items() if cents != line.requested_cents}
    for line, cents in changed.items():
        if cents < 0:
            raise Conflict(gettext("An adjusted amount cannot be negative."))
        if line.requested_cents is not None and line.requested_cents < 0:
            raise Conflict(gettext("A cap reduction line cannot be adjusted."))
    reason = (reason or "").strip()
    if changed and not reason:
        raise Conflict(gettext("A reason is required to adjust the requested amounts."))
    before = _money_state(application)
    for line, cents in changed.items():
        line.requested_cents = cents
    text = "\n\n".join(part for part in ((comment or "").strip(), reason if changed else "") if part)
    step = record(application, actor, Action.RECOMMEND, found, comment=text)
    decision = step.decision
    decision.idempotency_key = key
    after = _money_state(application)
    if changed:
        before["reason"] = after["reason"] = reason
    _add_money_to_audit(step.event, before, after)
    db.session.flush()
    notify(application, Action.RECOMMEND, text)
    return decision


# --- coordinator or ministry -------------------------------------------------------------------------------------

def reject(application: Application, actor: User, stage: str, reason: str,
           idempotency_key: str | None = None) -> Decision:
    """Reject (reason required): the coordinator from submitted, the ministry from recommended.

    `stage` is the stage the form was shown for; when the application has moved to another stage meanwhile, 409.
    """
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.REJECT)
    found = guard(application, actor, Action.REJECT, _reviewer_access)
    if str(stage) != found.stage:
        raise Conflict(gettext("This action is not possible while the application is %(status)s.",
                                        status=status_label(application.status)))
    reason = _required(reason, gettext("A reason is required to reject an application."))
    decision = record(application, actor, Action.REJECT, found, comment=reason).decision
    decision.idempotency_key = key
    application.decided_at = utcnow()
    db.session.flush()
    notify(application, Action.REJECT, reason)
    return decision


# --- ministry ----------------------------------------------------------------------------------------------------

def send_back(application: Application, actor: User, comment: str,
              idempotency_key: str | None = None) -> Decision:
    """Ministry: send a recommended application back to the coordinator (comment required)."""
    return _commented_decision(application, actor, Action.SEND_BACK, comment, idempotency_key,
                               gettext("A comment is required to send the application back."))


def _approved_amounts(application: Application, approved: dict[Any, int] | None) -> dict[FundingLine, int]:
    given = _line_map(application, approved)
    amounts: dict[FundingLine, int] = {}
    for line in application.funding_lines:
        requested = line.effective_requested_cents
        cents = given.get(line, requested)
        if requested < 0:  # a cap reduction is carried over as requested
            if cents != requested:
                raise Conflict(gettext("A cap reduction line cannot be adjusted."))
        elif not 0 <= cents <= requested:
            raise Conflict(gettext(
                "The approved amount of a line must be between 0 and the requested amount (%(requested)s).",
                requested=format_cents(requested, str(get_locale() or "fr"))))
        amounts[line] = cents
    return amounts


def approve(application: Application, actor: User, approved: dict[Any, int] | None = None,
            idempotency_key: str | None = None) -> Decision:
    """Ministry: approve with approved amounts per line (default: requested) and commit them to the envelope.

    The application row and then the call row are locked (SELECT … FOR UPDATE on PostgreSQL) and re-read, so two
    officers approving the same application give one decision and the envelope can never be overspent. A key
    already used returns its decision and changes nothing.
    """
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.APPROVE)
    guard(application, actor, Action.APPROVE, _reviewer_access)  # early 403/404/409, before taking any lock

    application = money.lock_application(application, selectinload(Application.funding_lines))
    # a concurrent request with the same key may have committed while we waited
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.APPROVE)
    found: Transition = guard(application, actor, Action.APPROVE, _reviewer_access)
    amounts = _approved_amounts(application, approved)
    total = max(0, sum(amounts.values()))

    call = money.lock_call(application.call_id)
    money.ensure_fits(call, total)

    before = _money_state(application, call)
    for line, cents in amounts.items():
        line.approved_cents = cents
    movement = money.move(call, application, MovementKind.APPROVAL, total)
    db.session.flush()
    totals.refresh(application)  # written with the status change below: one new version of the application
    step = record(application, actor, Action.APPROVE, found)
    decision = step.decision
    decision.idempotency_key = key
    application.decided_at = utcnow()
    db.session.flush()
    if movement is not None:
        movement.decision_id = decision.id
    obligations.open_for(application)
    _add_money_to_audit(step.event, before, _money_state(application, call))
    db.session.flush()
    notify(application, Action.APPROVE)
    return decision

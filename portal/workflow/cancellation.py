"""Cancellation after approval (design §2): approved | in_progress → cancelled.

The centre withdraws, or the ministry cancels for force majeure. What the envelope holds for the application is
released, except the costs already incurred that cannot be recovered (kept committed, at most what is held).
Same locks as an approval: application row, then call row. The Decision, its AuditEvent (money before/after) and
the ledger's movement keep the history; the reciprocity obligation of an outgoing stay is cancelled.
"""
from __future__ import annotations

from flask_babel import gettext

from portal.applications import policy
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import Application, CancellationReason, Decision, MovementKind, User
from portal.partners import obligations
from portal.workflow import money, notices
from portal.workflow.operations import guard, record
from portal.workflow.review import _key, _replay, decision_with_key
from portal.workflow.transitions import Action


def reason_label(reason: str) -> str:
    return {CancellationReason.FORCE_MAJEURE: gettext("Force majeure"),
            CancellationReason.WITHDRAWAL: gettext("Withdrawal by the centre")}.get(reason, reason)


def _checked(reason: str, comment: str | None, kept_cents: int | None) -> tuple[str, str, int]:
    if reason not in set(CancellationReason):
        raise InvalidInput(gettext("Choose the reason for the cancellation."))
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(gettext("Explain the cancellation."))
    kept = kept_cents or 0
    if isinstance(kept, bool) or not isinstance(kept, int) or kept < 0:
        raise InvalidInput(gettext("The costs already incurred must be a positive amount or zero."))
    return reason, comment, kept


def cancel(application: Application, actor: User, reason: str, comment: str, kept_cents: int | None = 0,
           idempotency_key: str | None = None) -> Decision:
    """Cancel the stay and release what it holds beyond `kept_cents` (non-recoverable costs already incurred)."""
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.CANCEL)
    guard(application, actor, Action.CANCEL, policy.can_read)
    reason, comment, kept = _checked(reason, comment, kept_cents)
    application = money.lock_application(application)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.CANCEL)
    found = guard(application, actor, Action.CANCEL, policy.can_read)
    call = money.lock_call(application.call_id)
    held = money.commitment_of(application)
    if kept > held:
        raise InvalidInput(gettext("The costs already incurred cannot exceed the money committed to the stay."))
    committed_before = call.committed_cents
    text = f"{reason_label(reason)} — {comment}"
    step = record(application, actor, Action.CANCEL, found, comment=text)
    step.decision.idempotency_key = key
    db.session.flush()
    money.move(call, application, MovementKind.CANCELLATION, -(held - kept), step.decision)
    obligations.cancel_for(application, actor)
    step.event.before = {**(step.event.before or {}), "committed_cents": committed_before, "held_cents": held}
    step.event.after = {**(step.event.after or {}), "committed_cents": call.committed_cents, "held_cents": kept,
                        "released_cents": held - kept, "reason": str(reason)}
    db.session.flush()
    notices.amendment(application, Action.CANCEL, text)
    return step.decision

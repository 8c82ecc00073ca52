"""Envelope arithmetic of a call: committed, released, remaining and pending (recommended, not yet approved)
amounts, computed by the database (committed_cents is kept current under the call's row lock; released is the sum
of the ledger's releases: amendments down and cancellations)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Call, EnvelopeMovement


@dataclass(frozen=True)
class EnvelopeSummary:
    envelope_cents: int
    committed_cents: int
    remaining_cents: int
    pending_cents: int
    released_cents: int = 0

    @property
    def remaining_after_pending_cents(self) -> int:
        return self.remaining_cents - self.pending_cents


def pending_cents(call: Call) -> int:
    """Requested cents (computed when no request) of the call's applications in status recommended, from the
    totals kept on each application."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(Application.requested_total_cents), 0))
        .where(Application.call_id == call.id, Application.status == ApplicationStatus.RECOMMENDED))
    return int(total or 0)


def released_by_call(call_ids: list[int]) -> dict[int, int]:
    """Call id → cents released to its envelope (amendments down, cancellations), in one GROUP BY."""
    if not call_ids:
        return {}
    rows = db.session.execute(
        select(EnvelopeMovement.call_id, func.sum(-EnvelopeMovement.cents))
        .where(EnvelopeMovement.call_id.in_(call_ids), EnvelopeMovement.cents < 0)
        .group_by(EnvelopeMovement.call_id)).all()
    return {call_id: int(cents or 0) for call_id, cents in rows}


def summary(call: Call, pending: int | None = None, released: int | None = None) -> EnvelopeSummary:
    """The call's envelope; `pending` and `released` when the caller already summed them for several calls."""
    envelope, committed = int(call.envelope_cents or 0), int(call.committed_cents or 0)
    if released is None:
        released = released_by_call([call.id]).get(call.id, 0)
    return EnvelopeSummary(envelope_cents=envelope, committed_cents=committed, remaining_cents=envelope - committed,
                           pending_cents=pending_cents(call) if pending is None else pending,
                           released_cents=released)


def remaining_cents(call_id: int) -> int:
    """What the call's envelope has left, read from its row (committed_cents is kept current by the ledger)."""
    return int(db.session.scalar(select(Call.envelope_cents - Call.committed_cents).where(Call.id == call_id)) or 0)

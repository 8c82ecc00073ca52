"""Envelope arithmetic of a call: committed, released, remaining and pending (recommended, not yet approved)
amounts, computed by the database (committed_cents is kept current under the call's row lock; released is the sum
of the ledger's releases: amendments down and cancellations)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Call, EnvelopeMovement, FundingLine


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
    """Requested cents (computed when no request) of the call's applications in status recommended."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(FundingLine.effective_requested_cents), 0))
        .join(Application, FundingLine.application_id == Application.id)
        .where(Application.call_id == call.id, Application.status == ApplicationStatus.RECOMMENDED))
    return int(total or 0)


def summary(call: Call) -> EnvelopeSummary:
    released = (select(func.coalesce(func.sum(-EnvelopeMovement.cents), 0))
                .where(EnvelopeMovement.call_id == Call.id, EnvelopeMovement.cents < 0).scalar_subquery())
    envelope, committed, remaining, released_cents = db.session.execute(
        select(Call.envelope_cents, Call.committed_cents, Call.envelope_cents - Call.committed_cents, released)
        .where(Call.id == call.id)).one()
    return EnvelopeSummary(envelope_cents=int(envelope), committed_cents=int(committed),
                           remaining_cents=int(remaining), pending_cents=pending_cents(call),
                           released_cents=int(released_cents))

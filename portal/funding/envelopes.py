"""Envelope arithmetic of a call: committed, remaining and pending (recommended, not yet approved) amounts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Call


@dataclass(frozen=True)
class EnvelopeSummary:
    envelope_cents: int
    committed_cents: int
    remaining_cents: int
    pending_cents: int

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


def summary(call: Call, pending: int | None = None) -> EnvelopeSummary:
    """The call's envelope; `pending` when the caller already summed it for several calls at once."""
    envelope, committed = int(call.envelope_cents or 0), int(call.committed_cents or 0)
    return EnvelopeSummary(envelope_cents=envelope, committed_cents=committed, remaining_cents=envelope - committed,
                           pending_cents=pending_cents(call) if pending is None else pending)

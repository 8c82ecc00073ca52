"""The envelope's ledger: every commitment or release of a call's money, under the call's row lock.

Order of locks, always the same to avoid deadlocks: the application row, then the call row. The call's
committed_cents is the running total of its movements; the database's check constraint (0 ≤ committed ≤ envelope)
backs up the refusal below.
"""
from __future__ import annotations

from flask_babel import get_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.orm.interfaces import ORMOption

from portal.core.errors import Conflict
from portal.extensions import db
from portal.i18n.formatting import format_cents
from portal.models import Application, Call, Decision, EnvelopeMovement


def lock_application(application: Application, *options: ORMOption) -> Application:
    """The application row, locked (SELECT … FOR UPDATE on PostgreSQL) and re-read, with the relationships the
    caller walks loaded by `options` (the re-read resets the others)."""
    return db.session.execute(
        select(Application).where(Application.id == application.id).with_for_update().options(*options)
        .execution_options(populate_existing=True)).scalar_one()


def lock_call(call_id: int) -> Call:
    return db.session.execute(
        select(Call).where(Call.id == call_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


def commitment_of(application: Application) -> int:
    """What the envelope holds for this application now: the sum of its movements."""
    total = db.session.scalar(select(func.coalesce(func.sum(EnvelopeMovement.cents), 0))
                              .where(EnvelopeMovement.application_id == application.id))
    return int(total or 0)


def ensure_fits(call: Call, cents: int) -> None:
    """Conflict when committing `cents` (negative: releasing) would overspend the envelope or go below zero."""
    locale = str(get_locale() or "fr")
    remaining = call.envelope_cents - call.committed_cents
    if cents > remaining:
        raise Conflict(gettext(
            "The call's envelope cannot cover this approval: %(remaining)s remaining, %(total)s to commit.",
            remaining=format_cents(remaining, locale), total=format_cents(cents, locale)))
    if call.committed_cents + cents < 0:
        raise Conflict(gettext("The call's envelope cannot release more than it has committed (%(committed)s).",
                               committed=format_cents(call.committed_cents, locale)))


def move(call: Call, application: Application, kind: str, cents: int,
         decision: Decision | None = None) -> EnvelopeMovement | None:
    """Commit (cents > 0) or release (cents < 0) money of a locked call; nothing is written for zero."""
    ensure_fits(call, cents)
    if cents == 0:
        return None
    call.committed_cents = call.committed_cents + cents
    movement = EnvelopeMovement(call_id=call.id, application_id=application.id, kind=str(kind), cents=cents,
                                decision_id=decision.id if decision is not None else None)
    db.session.add(movement)
    return movement

"""A call's dated (seasonal) rates and host rates, read from their tables."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Call, DatedRate, HostRate


def dated_rates(call: Call) -> list[DatedRate]:
    if call.id is None:
        return []
    return list(db.session.scalars(select(DatedRate).where(DatedRate.call_id == call.id)
                                   .order_by(DatedRate.destination, DatedRate.kind, DatedRate.valid_from)))


def host_rates(call: Call) -> list[HostRate]:
    if call.id is None:
        return []
    return list(db.session.scalars(select(HostRate).where(HostRate.call_id == call.id).order_by(HostRate.kind)))

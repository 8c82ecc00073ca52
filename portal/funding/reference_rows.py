"""A call's dated (seasonal) rates, host rates and Canadian distance bands, read from their tables."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.funding.rates import HOST_KINDS
from portal.models import Call, CanadianBand, DatedRate, HostRate


def dated_rates(call: Call) -> list[DatedRate]:
    if call.id is None:
        return []
    return list(db.session.scalars(select(DatedRate).where(DatedRate.call_id == call.id)
                                   .order_by(DatedRate.destination, DatedRate.kind, DatedRate.valid_from)))


def split_dated(rows: list[DatedRate]) -> tuple[list[DatedRate], list[DatedRate]]:
    """(lodging and subsistence rows, host rows of incoming stays): each belongs to its own table."""
    return ([row for row in rows if row.kind not in HOST_KINDS], [row for row in rows if row.kind in HOST_KINDS])


def host_rates(call: Call) -> list[HostRate]:
    if call.id is None:
        return []
    return list(db.session.scalars(select(HostRate).where(HostRate.call_id == call.id).order_by(HostRate.kind)))


def canadian_bands(call: Call) -> list[CanadianBand]:
    if call.id is None:
        return []
    return list(db.session.scalars(select(CanadianBand).where(CanadianBand.call_id == call.id)
                                   .order_by(CanadianBand.min_km)))

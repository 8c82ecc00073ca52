"""Carbon of the trips (plan 2.D.2): kg CO2e and offset cost kept on each application, by travel mode and by
year, the trips not yet computed, and the offsets actually purchased against the estimate.

By mode: the application's travel mode (one mode per trip until trips carry legs of their own).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.indicators.activity import counted
from portal.indicators.filters import Filters, scoped
from portal.models import Application, Call, OffsetPurchase


@dataclass(frozen=True)
class CarbonRow:
    key: str | int  # travel mode or year
    trips: int
    not_computed: int
    kg: Decimal
    offset_cents: int


def _carbon(filters: Filters, key):
    query = (scoped(select(key, func.count(Application.id),
                           func.count(case((Application.co2_kg.is_(None), Application.id))),
                           func.coalesce(func.sum(Application.co2_kg), 0),
                           func.coalesce(func.sum(Application.offset_cents), 0)), filters)
             .where(counted()).group_by(key).order_by(key))
    return [CarbonRow(k, trips, missing, Decimal(kg).quantize(Decimal("0.1")), int(cents))
            for k, trips, missing, kg, cents in db.session.execute(query)]


def by_mode(filters: Filters) -> list[CarbonRow]:
    return _carbon(filters, Application.travel_mode)


def by_year(filters: Filters) -> list[CarbonRow]:
    return _carbon(filters, Call.year)


@dataclass(frozen=True)
class Purchased:
    year: int
    tonnes: Decimal
    amount_cents: int


def purchased(filters: Filters) -> list[Purchased]:
    query = select(OffsetPurchase.year, func.sum(OffsetPurchase.tonnes), func.sum(OffsetPurchase.amount_cents))
    if filters.year is not None:
        query = query.where(OffsetPurchase.year == filters.year)
    query = query.group_by(OffsetPurchase.year).order_by(OffsetPurchase.year)
    return [Purchased(year, Decimal(tonnes), int(cents)) for year, tonnes, cents in db.session.execute(query)]

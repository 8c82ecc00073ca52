"""Carbon of the trips (plan 2.D.2): kg CO2e and offset cost by travel mode and by year, the trips not yet
computed, and the offsets actually purchased against the estimate.

By mode: per stored leg (``travel_legs``: each leg's CO2 already counts its participants, the round trip and, for
air, the factor of its flight length), so a trip flown then taken by rail counts in both modes; a trip with no
stored leg yet falls back to its application's single travel mode. A leg's offset cost is its kg at its call's
price per tonne; a trip without legs keeps its own offset cost.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, distinct, exists, func, literal, select, union_all

from portal.extensions import db
from portal.indicators.activity import T, counted
from portal.indicators.filters import Filters, summarised
from portal.models import Call, OffsetPurchase, TravelLeg

KG_PER_TONNE = 1000


@dataclass(frozen=True)
class CarbonRow:
    key: str | int  # travel mode or year
    trips: int
    not_computed: int
    kg: Decimal
    offset_cents: int
    km: int = 0  # one-way distance of the legs (by mode only)


def _kg(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _cents(offset_milli) -> int:
    return int((Decimal(str(offset_milli or 0)) / KG_PER_TONNE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def by_year(filters: Filters) -> list[CarbonRow]:
    query = (summarised(select(Call.year, func.count(), func.count(case((T.co2_kg.is_(None), 1))),
                               func.coalesce(func.sum(T.co2_kg), 0), func.coalesce(func.sum(T.offset_cents), 0))
                        .select_from(T), filters)
             .where(counted()).group_by(Call.year).order_by(Call.year))
    return [CarbonRow(year, trips, missing, _kg(kg), int(cents))
            for year, trips, missing, kg, cents in db.session.execute(query)]


def _legs(filters: Filters):
    """One row per stored leg: its mode, its trip, whether its figures are missing, kg, offset × 1000, km."""
    return (summarised(select(TravelLeg.mode.label("mode"), TravelLeg.application_id.label("trip"),
                              case((TravelLeg.co2_kg.is_(None), 1), else_=0).label("missing"),
                              func.coalesce(TravelLeg.co2_kg, 0).label("kg"),
                              (func.coalesce(TravelLeg.co2_kg, 0) * Call.offset_cents_per_tonne)
                              .label("offset_milli"),
                              func.coalesce(TravelLeg.distance_km, 0).label("km"))
                       .select_from(TravelLeg).join(T, T.application_id == TravelLeg.application_id), filters)
            .where(counted()))


def _trips_without_legs(filters: Filters):
    has_legs = exists().where(TravelLeg.application_id == T.application_id)
    return (summarised(select(T.travel_mode.label("mode"), T.application_id.label("trip"),
                              case((T.co2_kg.is_(None), 1), else_=0).label("missing"),
                              func.coalesce(T.co2_kg, 0).label("kg"),
                              (func.coalesce(T.offset_cents, 0) * KG_PER_TONNE).label("offset_milli"),
                              literal(0).label("km")).select_from(T), filters, lean=True)
            .where(counted(), ~has_legs))


def by_mode(filters: Filters) -> list[CarbonRow]:
    rows = union_all(_legs(filters), _trips_without_legs(filters)).subquery()
    query = (select(rows.c.mode, func.count(distinct(rows.c.trip)),
                    func.count(distinct(case((rows.c.missing == 1, rows.c.trip)))),
                    func.sum(rows.c.kg), func.sum(rows.c.offset_milli), func.sum(rows.c.km))
             .group_by(rows.c.mode).order_by(rows.c.mode))
    return [CarbonRow(mode, trips, missing, _kg(kg), _cents(offset_milli), int(km or 0))
            for mode, trips, missing, kg, offset_milli, km in db.session.execute(query)]


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

"""CO2e estimate of a trip from its legs and its offset cost, plus yearly aggregation.

Per leg: whole km × factor(mode, flight length) × participants × 2 (round trip), rounded to 0.1 kg
(ROUND_HALF_UP); the trip's kg is the sum of its legs' kg. The offset cost is that kg / 1000 × price per tonne,
rounded to whole cents. An incoming stay's estimate is the visitors' trip, flagged ``visitors`` so reports keep
it apart from the centre's own travel.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.funding.legs import ROUND_TRIP, Leg, LegMode, leg_carbon, leg_factor
from portal.funding.rates import CarbonFactors, RateTable
from portal.funding.types import CarbonEstimate, Place, Vehicle

LEGS = ROUND_TRIP
KG_STEP = Decimal("0.1")


def factor_for(factors: CarbonFactors, vehicle: Vehicle | LegMode, distance_km: int) -> tuple[str, Decimal]:
    """(factor key, kg CO2e per passenger-km) for one leg."""
    return leg_factor(factors, LegMode(str(vehicle)), distance_km)


def estimate_legs(legs: tuple[Leg, ...], participants: int, *, factors: CarbonFactors,
                  offset_cents_per_tonne: int, visitors: bool = False) -> CarbonEstimate:
    if participants < 0:
        raise ValueError("participants must be >= 0")
    per_leg = tuple(leg_carbon(leg, participants, factors) for leg in legs)
    kg = sum((leg.co2_kg for leg in per_leg), Decimal("0.0"))
    offset = (kg * offset_cents_per_tonne / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    keys = {leg.factor_key for leg in per_leg}
    single = per_leg[0] if len(keys) == 1 else None
    return CarbonEstimate(
        kg_co2e=kg.quantize(KG_STEP), offset_cents=int(offset),
        distance_km=sum(leg.distance_km for leg in per_leg), participants=participants,
        factor_key=single.factor_key if single else "mixed", factor=single.factor if single else Decimal(0),
        legs=LEGS, per_leg=per_leg, visitors=visitors)


def estimate_carbon(origin: Place, destination: Place, participants: int, vehicle: Vehicle | LegMode, *,
                    factors: CarbonFactors, offset_cents_per_tonne: int) -> CarbonEstimate:
    """One leg from ``origin`` to ``destination``."""
    return estimate_legs((Leg(origin, destination, LegMode(str(vehicle))),), participants, factors=factors,
                         offset_cents_per_tonne=offset_cents_per_tonne)


def estimate_for_rates(legs: tuple[Leg, ...], participants: int, rates: RateTable,
                       visitors: bool = False) -> CarbonEstimate:
    return estimate_legs(legs, participants, factors=rates.carbon,
                         offset_cents_per_tonne=rates.offset_cents_per_tonne, visitors=visitors)


@dataclass(frozen=True)
class CarbonTotal:
    """Aggregate for a call or a year: sums of the per-trip rounded figures."""

    kg_co2e: Decimal
    offset_cents: int
    trips: int
    participants: int
    participant_km: int  # participants × km × legs

    @property
    def tonnes_co2e(self) -> Decimal:
        return (self.kg_co2e / 1000).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def sum_carbon(estimates: Iterable[CarbonEstimate]) -> CarbonTotal:
    """Sum the carbon of many trips (``budget.carbon`` of each budget), e.g. per call or year."""
    kg = Decimal("0.0")
    offset = trips = people = pkm = 0
    for est in estimates:
        kg += est.kg_co2e
        offset += est.offset_cents
        trips += 1
        people += est.participants
        pkm += est.participants * est.distance_km * est.legs
    return CarbonTotal(kg, offset, trips, people, pkm)

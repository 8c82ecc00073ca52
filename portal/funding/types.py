"""Value types of the funding engine (frozen dataclasses, money in int cents)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from portal.core.money import check_cents
from portal.funding.bands import DistanceBand


class ParticipantKind(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    STAFF = "staff"
    PEDAGOGICAL_ADVISER = "pedagogical_adviser"
    MANAGER = "manager"
    ACCOMPANYING = "accompanying"


class TravelMode(StrEnum):
    AIR = "air"
    GREEN = "green"  # train or bus; band's green amount
    QUOTED = "quoted"  # actual quoted fare per participant, with a justification


class FundingModel(StrEnum):
    PER_PARTICIPANT_CAP = "per_participant_cap"  # fp-students
    FLAT_BY_DURATION = "flat_by_duration"  # fp-staff


class Direction(StrEnum):
    OUTGOING = "outgoing"  # Québec participants go abroad or to another province
    INCOMING = "incoming"  # a partner's group comes to Québec


class LineKind(StrEnum):
    TRANSPORT = "transport"
    LODGING = "lodging"
    SUBSISTENCE = "subsistence"
    CAP_REDUCTION = "cap_reduction"
    FLAT = "flat"
    LOCAL_TRANSPORT = "local_transport"  # incoming: host side
    ACTIVITIES = "activities"  # incoming: host side
    STAFF_HOSTING = "staff_hosting"  # incoming: the visitors' accompanying staff, hosted


#: Lines that fund Québec participants' own trip: never for a foreign participant.
QUEBEC_LINES = frozenset({LineKind.TRANSPORT, LineKind.LODGING, LineKind.SUBSISTENCE, LineKind.FLAT})


class Vehicle(StrEnum):
    """What actually moves people, for the carbon estimate."""

    AIR = "air"
    RAIL = "rail"
    COACH = "coach"


@dataclass(frozen=True)
class Coordinates:
    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        lat, lon = float(self.latitude), float(self.longitude)
        if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
            raise ValueError(f"latitude out of range: {self.latitude!r}")
        if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
            raise ValueError(f"longitude out of range: {self.longitude!r}")
        object.__setattr__(self, "latitude", lat)
        object.__setattr__(self, "longitude", lon)


@dataclass(frozen=True)
class Place:
    """A named point; ``country_code`` is ISO 3166-1 alpha-2 (upper-cased); ``subdivision`` an optional
    ISO 3166-2 code of that country (``CA-ON``)."""

    name: str
    country_code: str
    coordinates: Coordinates
    subdivision: str = ""

    def __post_init__(self) -> None:
        code = (self.country_code or "").strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"country_code must be ISO alpha-2, got {self.country_code!r}")
        object.__setattr__(self, "country_code", code)
        subdivision = (self.subdivision or "").strip().upper()
        if subdivision and not subdivision.startswith(f"{code}-"):
            raise ValueError(f"subdivision {self.subdivision!r} is not in {code}")
        object.__setattr__(self, "subdivision", subdivision)


@dataclass(frozen=True)
class Participant:
    id: str
    kind: ParticipantKind
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ParticipantKind(self.kind))


@dataclass(frozen=True)
class TripInput:
    """One mobility trip. Stay days are inclusive: ``(end - start).days + 1``.

    ``quoted_cost_cents`` is the round-trip fare **per participant**; it needs a
    non-empty ``justification``. ``vehicle`` is only used for the carbon
    estimate (default: air for "air"/"quoted", rail for "green").
    """

    origin: Place
    destination: Place
    start: date
    end: date
    travel_mode: TravelMode
    participants: tuple[Participant, ...]
    funding_model: FundingModel
    quoted_cost_cents: int | None = None
    justification: str = ""
    vehicle: Vehicle | None = None
    direction: Direction = Direction.OUTGOING
    legs: tuple[Any, ...] = ()  # legs.Leg (kept untyped here: legs builds on types); empty: one leg origin → destination by the travel mode's vehicle
    travel_days: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "travel_mode", TravelMode(self.travel_mode))
        object.__setattr__(self, "direction", Direction(self.direction))
        object.__setattr__(self, "legs", tuple(self.legs))
        if isinstance(self.travel_days, bool) or not isinstance(self.travel_days, int) or self.travel_days < 0:
            raise ValueError("travel_days must be an int >= 0")
        object.__setattr__(self, "funding_model", FundingModel(self.funding_model))
        object.__setattr__(self, "participants", tuple(self.participants))
        if self.vehicle is not None:
            object.__setattr__(self, "vehicle", Vehicle(self.vehicle))
        if self.end < self.start:
            raise ValueError("end date is before start date")
        ids = [p.id for p in self.participants]
        if len(ids) != len(set(ids)):
            raise ValueError("participant ids must be unique")
        if self.travel_mode is TravelMode.QUOTED:
            if self.quoted_cost_cents is None or check_cents(self.quoted_cost_cents) < 0:
                raise ValueError("quoted travel needs quoted_cost_cents >= 0")
            if not self.justification.strip():
                raise ValueError("quoted travel needs a justification")
        elif self.quoted_cost_cents is not None:
            raise ValueError("quoted_cost_cents is only for travel_mode='quoted'")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def nights(self) -> int:
        return self.days - 1

    @property
    def carbon_vehicle(self) -> Vehicle:
        if self.vehicle is not None:
            return self.vehicle
        return Vehicle.RAIL if self.travel_mode is TravelMode.GREEN else Vehicle.AIR

    @property
    def incoming(self) -> bool:
        return self.direction is Direction.INCOMING


@dataclass(frozen=True)
class FundingLine:
    """``amount_cents == count * quantity * unit_cents`` (quantity 1 for per-trip lines).

    Only ``CAP_REDUCTION`` lines are negative (both ``unit_cents`` and
    ``amount_cents``), so ``Budget.total_cents`` is simply the sum of lines.
    """

    kind: LineKind
    amount_cents: int
    count: int
    quantity: int
    unit_cents: int
    explanation: str
    label: str = ""
    needs_review: bool = False
    justification: str = ""


@dataclass(frozen=True)
class ParticipantBudget:
    participant_id: str
    kind: ParticipantKind
    transport_cents: int = 0
    lodging_cents: int = 0
    subsistence_cents: int = 0
    flat_cents: int = 0
    reduction_cents: int = 0  # <= 0

    @property
    def gross_cents(self) -> int:
        return self.transport_cents + self.lodging_cents + self.subsistence_cents + self.flat_cents

    @property
    def total_cents(self) -> int:
        return self.gross_cents + self.reduction_cents


@dataclass(frozen=True)
class CarbonEstimate:
    """Round-trip CO2e for the whole group; kg to 0.1, offset in cents."""

    kg_co2e: Decimal
    offset_cents: int
    distance_km: int
    participants: int
    factor_key: str  # the one leg's factor, or "mixed"
    factor: Decimal
    legs: int = 2  # journeys per leg: there and back
    per_leg: tuple[Any, ...] = ()  # legs.LegCarbon
    visitors: bool = False  # incoming stay: the visitors' trip, reported apart from the centre's travel

    def kg_by_mode(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for leg in self.per_leg:
            totals[str(leg.mode)] = totals.get(str(leg.mode), Decimal("0.0")) + leg.co2_kg
        return totals


@dataclass(frozen=True)
class Budget:
    trip: TripInput
    locale: str
    exact_distance_km: float
    distance_km: int  # floored, used for band and carbon
    band: DistanceBand | None
    lines: tuple[FundingLine, ...]
    per_participant: tuple[ParticipantBudget, ...]
    cap_cents: int | None
    carbon: CarbonEstimate
    eligible: bool = True
    reasons: tuple[str, ...] = field(default=())
    green: bool = False  # every leg by land: green amount and extra travel days
    counted_days: int = 0  # stay days counted toward the minimum (travel days beyond the allowance left out)
    allowed_travel_days: int = 2
    day_count: str = ""  # how the days were counted, in the budget's language

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def needs_review(self) -> bool:
        return any(line.needs_review for line in self.lines)

    @property
    def has_justified_quote(self) -> bool:
        return self.trip.travel_mode is TravelMode.QUOTED and bool(self.trip.justification.strip())

    @property
    def legs(self) -> tuple[Any, ...]:
        return self.carbon.per_leg

    def lines_of(self, kind: LineKind) -> tuple[FundingLine, ...]:
        return tuple(line for line in self.lines if line.kind is kind)

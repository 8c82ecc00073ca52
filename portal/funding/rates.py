"""The per-call rate table, serialisable to/from plain JSON-able dicts.

A copy of ``RateTable.to_dict()`` is frozen on every submitted budget, so
changing a call's rates never changes an already submitted budget.
Carbon factors are ``Decimal`` in memory and strings in the dict.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from portal.core.money import check_cents
from portal.funding.bands import BandTable

SCHEMA_VERSION = 1


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r}")
    return value


def _cents_map(data: Mapping[str, int], name: str) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for code, cents in data.items():
        key = str(code).strip().upper()
        if len(key) != 2 or not key.isalpha():
            raise ValueError(f"{name}: {code!r} is not an ISO alpha-2 code")
        if check_cents(cents, f"{name}[{key}]") < 0:
            raise ValueError(f"{name}[{key}] must be >= 0")
        out[key] = cents
    return MappingProxyType(dict(sorted(out.items())))


@dataclass(frozen=True)
class FlatTier:
    """Flat amount for stays of ``min_days``..``max_days`` days (None: open-ended)."""

    min_days: int
    max_days: int | None
    amount_cents: int

    def __post_init__(self) -> None:
        _int(self.min_days, "min_days")
        if self.max_days is not None and _int(self.max_days, "max_days") < self.min_days:
            raise ValueError("max_days below min_days")
        if check_cents(self.amount_cents, "amount_cents") < 0:
            raise ValueError("amount_cents must be >= 0")

    def contains(self, days: int) -> bool:
        return days >= self.min_days and (self.max_days is None or days <= self.max_days)


@dataclass(frozen=True)
class Caps:
    """``per_participant_cents``: cap of the per-participant model (None: no cap).
    ``flat_tiers``: contiguous tiers of the flat-by-duration model; a stay shorter
    than the first tier is ineligible. ``min_days``: minimum stay of the
    per-participant model (shorter stays are flagged, not zeroed)."""

    per_participant_cents: int | None
    flat_tiers: tuple[FlatTier, ...] = ()
    min_days: int = 1

    def __post_init__(self) -> None:
        if self.per_participant_cents is not None and check_cents(self.per_participant_cents) < 0:
            raise ValueError("per_participant_cents must be >= 0")
        _int(self.min_days, "min_days")
        tiers = tuple(sorted(self.flat_tiers, key=lambda t: t.min_days))
        for lower, upper in zip(tiers, tiers[1:]):
            if lower.max_days is None or upper.min_days != lower.max_days + 1:
                raise ValueError("flat tiers must be contiguous and only the last open-ended")
        object.__setattr__(self, "flat_tiers", tiers)

    def flat_tier_for(self, days: int) -> FlatTier | None:
        for tier in self.flat_tiers:
            if tier.contains(days):
                return tier
        return None


CARBON_KEYS = ("air_short_haul", "air_medium_haul", "air_long_haul", "rail", "coach", "car_sharing")


@dataclass(frozen=True)
class CarbonFactors:
    """kg CO2e per passenger-km. Flights by length only: short below ``short_haul_limit_km`` (1 500 km), medium
    up to ``long_haul_from_km`` (3 700 km), long from there."""

    air_short_haul: Decimal
    air_medium_haul: Decimal
    air_long_haul: Decimal
    rail: Decimal
    coach: Decimal
    car_sharing: Decimal = Decimal(0)
    short_haul_limit_km: int = 1500
    long_haul_from_km: int = 3700

    def __post_init__(self) -> None:
        for name in CARBON_KEYS:
            value = Decimal(str(getattr(self, name)))
            if not value.is_finite() or value < 0:
                raise ValueError(f"carbon factor {name} must be >= 0")
            object.__setattr__(self, name, value)
        _int(self.short_haul_limit_km, "short_haul_limit_km")
        if _int(self.long_haul_from_km, "long_haul_from_km") < self.short_haul_limit_km:
            raise ValueError("long haul must start at or after the short-haul limit")

    def to_dict(self) -> dict[str, Any]:
        return {**{name: str(getattr(self, name)) for name in CARBON_KEYS},
                "short_haul_limit_km": self.short_haul_limit_km, "long_haul_from_km": self.long_haul_from_km}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CarbonFactors:
        if "air_medium_haul" not in data:  # schema 1, frozen before flights were classed by length
            data = {**data, "air_medium_haul": data["air_short_haul"], "air_short_haul": data["air_domestic"],
                    "car_sharing": data.get("coach", "0"), "short_haul_limit_km": 1500,
                    "long_haul_from_km": data.get("short_haul_limit_km", 3700)}
        return cls(**{name: Decimal(str(data.get(name, "0"))) for name in CARBON_KEYS},
                   short_haul_limit_km=data.get("short_haul_limit_km", 1500),
                   long_haul_from_km=data.get("long_haul_from_km", 3700))


HOST_KINDS = ("local_transport", "activities", "staff_hosting")
#: Where an incoming stay's host-side lines are spent: its dated host rates are Québec's.
HOST_DESTINATION = "CA-QC"
DATED_KINDS = ("nightly", "daily", *HOST_KINDS)


@dataclass(frozen=True)
class DatedRate:
    """A rate valid from ``valid_from`` to ``valid_to`` (inclusive) for a destination: a country (``FR``) or a
    Canadian province (``CA-ON``); ``kind`` is ``nightly``, ``daily`` or one of the host kinds of incoming stays
    (always for ``CA-QC``, where the visitors are hosted)."""

    destination: str
    kind: str
    valid_from: date
    valid_to: date
    amount_cents: int

    def __post_init__(self) -> None:
        if self.kind not in DATED_KINDS:
            raise ValueError(f"unknown dated rate kind {self.kind!r}")
        if self.kind in HOST_KINDS and self.destination.strip().upper() != HOST_DESTINATION:
            raise ValueError(f"host rates are for {HOST_DESTINATION}, not {self.destination!r}")
        if self.valid_to < self.valid_from:
            raise ValueError("a dated rate ends before it starts")
        if check_cents(self.amount_cents, "amount_cents") < 0:
            raise ValueError("amount_cents must be >= 0")
        object.__setattr__(self, "destination", self.destination.strip().upper())

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def to_dict(self) -> dict[str, Any]:
        return {"destination": self.destination, "kind": self.kind, "valid_from": self.valid_from.isoformat(),
                "valid_to": self.valid_to.isoformat(), "amount_cents": self.amount_cents}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DatedRate:
        return cls(data["destination"], data["kind"], date.fromisoformat(data["valid_from"]),
                   date.fromisoformat(data["valid_to"]), data["amount_cents"])


@dataclass(frozen=True)
class HostRates:
    """What an incoming stay funds on the host side (Québec): local transport and activities per visitor and day,
    hosting of the visitors' accompanying staff per night. ``None``: the call does not fund that line."""

    local_transport_daily_cents: int | None = None
    activities_daily_cents: int | None = None
    staff_hosting_nightly_cents: int | None = None

    def __post_init__(self) -> None:
        for name in ("local_transport_daily_cents", "activities_daily_cents", "staff_hosting_nightly_cents"):
            value = getattr(self, name)
            if value is not None and check_cents(value, name) < 0:
                raise ValueError(f"{name} must be >= 0")

    def amount(self, kind: str) -> int | None:
        """The undated rate of a host kind (``local_transport``, ``activities``, ``staff_hosting``)."""
        return getattr(self, f"{kind}_{'nightly' if kind == 'staff_hosting' else 'daily'}_cents")

    def to_dict(self) -> dict[str, int | None]:
        return {"local_transport_daily_cents": self.local_transport_daily_cents,
                "activities_daily_cents": self.activities_daily_cents,
                "staff_hosting_nightly_cents": self.staff_hosting_nightly_cents}


@dataclass(frozen=True)
class RateTable:
    bands: BandTable
    default_nightly_cents: int
    default_daily_cents: int
    caps: Caps
    carbon: CarbonFactors
    offset_cents_per_tonne: int
    nightly_cents: Mapping[str, int] = field(default_factory=dict)
    daily_cents: Mapping[str, int] = field(default_factory=dict)
    currency: str = "CAD"
    source: str = ""
    dated: tuple[DatedRate, ...] = ()
    host: HostRates = field(default_factory=HostRates)
    canada_bands: BandTable | None = None  # stays in another province; None: the general bands
    eur_to_cad: Decimal | None = None  # the call's conversion of EUR reference amounts, shown in explanations
    max_travel_days: int = 2
    green_extra_days: int = 4

    def __post_init__(self) -> None:
        for name in ("default_nightly_cents", "default_daily_cents", "offset_cents_per_tonne"):
            if check_cents(getattr(self, name), name) < 0:
                raise ValueError(f"{name} must be >= 0")
        if self.currency != "CAD":
            raise ValueError("only CAD rate tables are supported")
        object.__setattr__(self, "nightly_cents", _cents_map(self.nightly_cents, "nightly_cents"))
        object.__setattr__(self, "daily_cents", _cents_map(self.daily_cents, "daily_cents"))
        object.__setattr__(self, "dated", tuple(sorted(self.dated, key=lambda r: (r.destination, r.kind,
                                                                                   r.valid_from))))
        for lower, upper in zip(self.dated, self.dated[1:]):
            if (lower.destination, lower.kind) == (upper.destination, upper.kind) and \
                    upper.valid_from <= lower.valid_to:
                raise ValueError(f"dated {lower.kind} rates of {lower.destination} overlap")
        _int(self.max_travel_days, "max_travel_days")
        _int(self.green_extra_days, "green_extra_days")

    def canadian(self, origin_country: str, destination_country: str) -> bool:
        """A Canadian stay (both ends in Canada) of a call that has Canadian bands."""
        return self.canada_bands is not None and origin_country == destination_country == "CA"

    def bands_for(self, origin_country: str, destination_country: str) -> BandTable:
        """Canadian stays use the call's Canadian bands when it has them."""
        if self.canada_bands is not None and self.canadian(origin_country, destination_country):
            return self.canada_bands
        return self.bands

    def rate_on(self, kind: str, day: date, codes: tuple[str, ...], undated: int) -> int:
        """The one rule of dated rates: the rate of that day is the dated row of the first destination code (the
        most precise first) whose period covers it, else the undated rate."""
        for code in codes:
            for rate in self.dated:
                if rate.destination == code and rate.kind == kind and rate.covers(day):
                    return rate.amount_cents
        return undated

    def nightly_on(self, day: date, country_code: str, subdivision: str = "") -> int:
        """The nightly rate of that night: a dated row of the province, then of the country, then the
        country's rate, then the default."""
        codes = tuple(code for code in (subdivision.upper(), country_code.upper()) if code)
        return self.rate_on("nightly", day, codes, self.nightly_for(country_code))

    def daily_on(self, day: date, country_code: str, subdivision: str = "") -> int:
        codes = tuple(code for code in (subdivision.upper(), country_code.upper()) if code)
        return self.rate_on("daily", day, codes, self.daily_for(country_code))

    def funds_host(self, kind: str) -> bool:
        """The call funds this host line: it has an undated rate or a dated row for it."""
        return self.host.amount(kind) is not None or any(rate.kind == kind for rate in self.dated)

    def host_on(self, day: date, kind: str) -> int:
        """A host line's rate of that day (dated rows of Québec, else the undated host rate, else 0)."""
        return self.rate_on(kind, day, (HOST_DESTINATION,), self.host.amount(kind) or 0)

    def nightly_for(self, country_code: str) -> int:
        return self.nightly_cents.get(country_code.upper(), self.default_nightly_cents)

    def daily_for(self, country_code: str) -> int:
        return self.daily_cents.get(country_code.upper(), self.default_daily_cents)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (ints, strings, lists, dicts, None)."""
        return {
            "schema": SCHEMA_VERSION,
            "currency": self.currency,
            "source": self.source,
            "bands": self.bands.to_list(),
            "default_nightly_cents": self.default_nightly_cents,
            "default_daily_cents": self.default_daily_cents,
            "nightly_cents": dict(self.nightly_cents),
            "daily_cents": dict(self.daily_cents),
            "caps": {
                "per_participant_cents": self.caps.per_participant_cents,
                "min_days": self.caps.min_days,
                "flat_tiers": [
                    {"min_days": t.min_days, "max_days": t.max_days, "amount_cents": t.amount_cents}
                    for t in self.caps.flat_tiers
                ],
            },
            "carbon": self.carbon.to_dict(),
            "offset_cents_per_tonne": self.offset_cents_per_tonne,
            "dated": [rate.to_dict() for rate in self.dated],
            "host": self.host.to_dict(),
            "canada_bands": None if self.canada_bands is None else self.canada_bands.to_list(),
            "eur_to_cad": None if self.eur_to_cad is None else str(self.eur_to_cad),
            "max_travel_days": self.max_travel_days,
            "green_extra_days": self.green_extra_days,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RateTable:
        if data.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
            raise ValueError(f"unsupported rate table schema {data.get('schema')!r}")
        caps = data["caps"]
        return cls(
            bands=BandTable.from_list(list(data["bands"])),
            default_nightly_cents=data["default_nightly_cents"],
            default_daily_cents=data["default_daily_cents"],
            nightly_cents=dict(data.get("nightly_cents") or {}),
            daily_cents=dict(data.get("daily_cents") or {}),
            caps=Caps(
                per_participant_cents=caps.get("per_participant_cents"),
                min_days=caps.get("min_days", 1),
                flat_tiers=tuple(
                    FlatTier(t["min_days"], t.get("max_days"), t["amount_cents"])
                    for t in caps.get("flat_tiers") or ()
                ),
            ),
            carbon=CarbonFactors.from_dict(data["carbon"]),
            offset_cents_per_tonne=data["offset_cents_per_tonne"],
            currency=data.get("currency", "CAD"),
            source=data.get("source", ""),
            dated=tuple(DatedRate.from_dict(row) for row in data.get("dated") or ()),
            host=HostRates(**(data.get("host") or {})),
            canada_bands=BandTable.from_list(list(data["canada_bands"])) if data.get("canada_bands") else None,
            eur_to_cad=Decimal(data["eur_to_cad"]) if data.get("eur_to_cad") else None,
            max_travel_days=data.get("max_travel_days", 2),
            green_extra_days=data.get("green_extra_days", 4),
        )

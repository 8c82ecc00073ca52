"""The per-call rate table, serialisable to/from plain JSON-able dicts.

A copy of ``RateTable.to_dict()`` is frozen on every submitted budget, so
changing a call's rates never changes an already submitted budget.
Carbon factors are ``Decimal`` in memory and strings in the dict.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class CarbonFactors:
    """kg CO2e per passenger-km. Air haul: short below ``short_haul_limit_km``."""

    air_domestic: Decimal
    air_short_haul: Decimal
    air_long_haul: Decimal
    rail: Decimal
    coach: Decimal
    short_haul_limit_km: int = 3700

    def __post_init__(self) -> None:
        for name in ("air_domestic", "air_short_haul", "air_long_haul", "rail", "coach"):
            value = Decimal(str(getattr(self, name)))
            if not value.is_finite() or value < 0:
                raise ValueError(f"carbon factor {name} must be >= 0")
            object.__setattr__(self, name, value)
        _int(self.short_haul_limit_km, "short_haul_limit_km")

    def to_dict(self) -> dict[str, Any]:
        return {
            "air_domestic": str(self.air_domestic),
            "air_short_haul": str(self.air_short_haul),
            "air_long_haul": str(self.air_long_haul),
            "rail": str(self.rail),
            "coach": str(self.coach),
            "short_haul_limit_km": self.short_haul_limit_km,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CarbonFactors:
        return cls(
            air_domestic=Decimal(str(data["air_domestic"])),
            air_short_haul=Decimal(str(data["air_short_haul"])),
            air_long_haul=Decimal(str(data["air_long_haul"])),
            rail=Decimal(str(data["rail"])),
            coach=Decimal(str(data["coach"])),
            short_haul_limit_km=data.get("short_haul_limit_km", 3700),
        )


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

    def __post_init__(self) -> None:
        for name in ("default_nightly_cents", "default_daily_cents", "offset_cents_per_tonne"):
            if check_cents(getattr(self, name), name) < 0:
                raise ValueError(f"{name} must be >= 0")
        if self.currency != "CAD":
            raise ValueError("only CAD rate tables are supported")
        object.__setattr__(self, "nightly_cents", _cents_map(self.nightly_cents, "nightly_cents"))
        object.__setattr__(self, "daily_cents", _cents_map(self.daily_cents, "daily_cents"))

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
        )

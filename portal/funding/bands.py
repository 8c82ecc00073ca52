"""Distance bands: transport amount per participant (round trip) by one-way km.

Bands are inclusive integer ranges (``10–99``, ``100–499`` ... as in
``portal/data/distance_bands.csv``).  A great-circle distance is first reduced
to whole kilometres with :func:`whole_km` (``math.floor``), so a band
``100–499`` really covers every distance in ``[100, 500)`` km and a boundary
such as 499.9 km stays in the lower band (we never round a trip up into a more
generous band).  Below the first band there is no transport amount; beyond the
last band's ``max_km`` the last band applies (it is the open-ended
"8 000 km and more" band of Erasmus+; the antipode is ~20 015 km away).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from portal.core.money import check_cents


def whole_km(distance_km: float) -> int:
    """Whole kilometres used for banding and carbon: ``math.floor``."""
    if distance_km < 0 or math.isnan(distance_km):
        raise ValueError(f"distance must be >= 0, got {distance_km!r}")
    return math.floor(distance_km)


@dataclass(frozen=True)
class DistanceBand:
    """Inclusive band ``min_km``–``max_km``; amounts in cents per participant."""

    min_km: int
    max_km: int
    standard_cents: int
    green_cents: int | None = None

    def __post_init__(self) -> None:
        for name in ("min_km", "max_km"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        if self.max_km < self.min_km:
            raise ValueError(f"band {self.min_km}-{self.max_km}: max below min")
        if check_cents(self.standard_cents, "standard_cents") < 0:
            raise ValueError("standard_cents must be >= 0")
        if self.green_cents is not None and check_cents(self.green_cents, "green_cents") < 0:
            raise ValueError("green_cents must be >= 0")

    def contains(self, km: int) -> bool:
        return self.min_km <= km <= self.max_km

    def to_dict(self) -> dict[str, int | None]:
        return {
            "min_km": self.min_km,
            "max_km": self.max_km,
            "standard_cents": self.standard_cents,
            "green_cents": self.green_cents,
        }

    @classmethod
    def from_dict(cls, data: dict) -> DistanceBand:
        return cls(
            min_km=data["min_km"],
            max_km=data["max_km"],
            standard_cents=data["standard_cents"],
            green_cents=data.get("green_cents"),
        )


@dataclass(frozen=True)
class BandTable:
    """Ordered, contiguous, non-overlapping bands (validated on creation)."""

    bands: tuple[DistanceBand, ...]

    def __post_init__(self) -> None:
        bands = tuple(sorted(self.bands, key=lambda b: b.min_km))
        if not bands:
            raise ValueError("a band table needs at least one band")
        for lower, upper in zip(bands, bands[1:]):
            if upper.min_km <= lower.max_km:
                raise ValueError(
                    f"bands overlap: {lower.min_km}-{lower.max_km} and {upper.min_km}-{upper.max_km}"
                )
            if upper.min_km != lower.max_km + 1:
                raise ValueError(
                    f"gap between bands {lower.min_km}-{lower.max_km} and {upper.min_km}-{upper.max_km}"
                )
        object.__setattr__(self, "bands", bands)

    @property
    def min_km(self) -> int:
        return self.bands[0].min_km

    @property
    def max_km(self) -> int:
        return self.bands[-1].max_km

    def band_for(self, distance_km: float | int) -> DistanceBand | None:
        """Band for a distance (floored to whole km); ``None`` below the first band."""
        km = whole_km(distance_km)
        if km < self.min_km:
            return None
        if km > self.max_km:
            return self.bands[-1]
        for band in self.bands:
            if band.contains(km):
                return band
        raise AssertionError("unreachable: bands are contiguous")  # pragma: no cover

    def to_list(self) -> list[dict[str, int | None]]:
        return [band.to_dict() for band in self.bands]

    @classmethod
    def from_list(cls, rows: list[dict]) -> BandTable:
        return cls(tuple(DistanceBand.from_dict(row) for row in rows))

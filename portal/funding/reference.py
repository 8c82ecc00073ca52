"""Build a default :class:`RateTable` and program rules from ``portal/data/*.csv``.

The ministry sets its own amounts for each call; the table built here is only a
*default* seed that admins edit per call:

* transport bands: Erasmus+ travel unit costs, in EUR. Per band, the 2024+
  amounts are used, falling back to the 2021–23 pair (standard and green
  together) when the 2024 standard amount is empty or marked unverified. EUR are
  converted with the fixed, explicit rate :data:`EUR_TO_CAD` and rounded to whole
  dollars (ROUND_HALF_UP).
* lodging/subsistence: Québec travel-expense figures; default nightly rate =
  ``hotel_cap_montreal_or_outside_quebec_low`` (126,00 $), default daily rate =
  ``meals_day_total`` (46,25 $); no per-country rates.
* carbon: flights by length (short below 1 500 km: DESNZ's "domestic" factor;
  medium below 3 700 km; long haul), ``rail_high_speed`` as rail, ``coach``,
  ``car_sharing``, offset price per tonne.
* caps: from ``programs.csv`` (per participant: fp-students; flat tiers:
  fp-staff; ``min_days`` of the per-participant program).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from portal.core.money import parse_cents
from portal.funding.bands import BandTable, DistanceBand
from portal.funding.rates import Caps, CarbonFactors, FlatTier, RateTable
from portal.funding.types import FundingModel, ParticipantKind

#: Fixed conversion used for the EUR reference amounts (not a market rate;
#: rounded so the seed is stable). 1 EUR = 1.50 CAD.
EUR_TO_CAD = Decimal("1.50")


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    for row in csv.DictReader(lines):
        yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def eur_to_cad_cents(eur: str) -> int:
    """EUR amount → CAD cents rounded to the whole dollar (``"211"`` → 31 700)."""
    dollars = (Decimal(eur) * EUR_TO_CAD).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(dollars) * 100


def load_bands(path: Path) -> BandTable:
    bands = []
    for row in _rows(path):
        unverified_2024 = "2024" in row.get("note", "") and "unverified" in row.get("note", "")
        year = "2024" if row.get("standard_2024") and not unverified_2024 else "2021_23"
        standard, green = row[f"standard_{year}"], row.get(f"green_{year}", "")
        if row.get("currency", "EUR") != "EUR":
            raise ValueError(f"unexpected currency in {path}: {row.get('currency')}")
        bands.append(DistanceBand(
            min_km=int(row["min_km"]), max_km=int(row["max_km"]),
            standard_cents=eur_to_cad_cents(standard),
            green_cents=eur_to_cad_cents(green) if green else None,
        ))
    return BandTable(tuple(bands))


@dataclass(frozen=True)
class ProgramRules:
    code: str
    name_fr: str
    name_en: str
    participant_kinds: tuple[ParticipantKind, ...]
    min_days: int
    max_travel_days: int
    funding_model: FundingModel
    per_participant_cap_cents: int | None
    flat_tiers: tuple[FlatTier, ...]
    accompanying: str  # e.g. "1-2 staff at the same amount"; "" = none
    deadline: str  # "MM-DD"
    stays_end_by: str  # "MM-DD" or ""
    annual_envelope_cents: int | None  # None when unverified/unknown
    source: str

    @property
    def accompanying_allowed(self) -> bool:
        return bool(self.accompanying)

    def name(self, locale: str) -> str:
        return self.name_fr if locale.lower().startswith("fr") else self.name_en


_RANGE_TIER = re.compile(r"(\d+)\s*-\s*(\d+)\s*days\s+(\d+(?:\.\d+)?)")
_OPEN_TIER = re.compile(r"(\d+)\s*\+\s*days\s+(\d+(?:\.\d+)?)")


def parse_flat_tiers(rule: str) -> tuple[FlatTier, ...]:
    """``"flat by duration: 7-14 days 2500; 15+ days 3000; ..."`` → tiers."""
    tiers = [FlatTier(int(lo), int(hi), parse_cents(amount))
             for lo, hi, amount in _RANGE_TIER.findall(rule)]
    tiers += [FlatTier(int(lo), None, parse_cents(amount)) for lo, amount in _OPEN_TIER.findall(rule)]
    if not tiers:
        raise ValueError(f"no flat tiers in rule {rule!r}")
    return tuple(sorted(tiers, key=lambda t: t.min_days))


def _program(row: dict[str, str]) -> ProgramRules:
    rule = row["cap_rule"].lower()
    if rule.startswith("per participant"):
        model, cap, tiers = FundingModel.PER_PARTICIPANT_CAP, parse_cents(row["cap_cad"]), ()
    elif rule.startswith("flat by duration"):
        model, cap, tiers = FundingModel.FLAT_BY_DURATION, None, parse_flat_tiers(rule)
    else:
        raise ValueError(f"unknown cap rule {row['cap_rule']!r} for {row['code']}")
    envelope = row.get("annual_envelope_cad", "")
    return ProgramRules(
        code=row["code"], name_fr=row["name_fr"], name_en=row["name_en"],
        participant_kinds=tuple(ParticipantKind(k) for k in row["participant_kinds"].split("|") if k),
        min_days=int(row["min_days"]), max_travel_days=int(row["max_travel_days"]),
        funding_model=model, per_participant_cap_cents=cap, flat_tiers=tiers,
        accompanying=row.get("accompanying", ""), deadline=row.get("deadline", ""),
        stays_end_by=row.get("stays_end_by", ""),
        annual_envelope_cents=parse_cents(envelope) if re.fullmatch(r"\d+(\.\d+)?", envelope) else None,
        source=row.get("source", ""),
    )


def load_programs(data_dir: str | Path) -> dict[str, ProgramRules]:
    """Program rules keyed by code ("fp-students", "fp-staff")."""
    return {p.code: p for p in map(_program, _rows(Path(data_dir) / "programs.csv"))}


def _amounts(path: Path, key: str, value: str) -> dict[str, str]:
    return {row[key]: row[value] for row in _rows(path)}


def load_reference_rate_table(data_dir: str | Path) -> RateTable:
    """Default CAD rate table from the reference CSVs (see module docstring).

    Only a seed: the ministry sets its own amounts per call.
    """
    data = Path(data_dir)
    lodging = _amounts(data / "lodging_subsistence.csv", "item", "amount_cad")
    carbon = _amounts(data / "carbon.csv", "mode", "kg_co2e_per_passenger_km")
    programs = list(load_programs(data).values())
    per_participant = next(p for p in programs if p.funding_model is FundingModel.PER_PARTICIPANT_CAP)
    flat = next(p for p in programs if p.funding_model is FundingModel.FLAT_BY_DURATION)
    return RateTable(
        bands=load_bands(data / "distance_bands.csv"),
        default_nightly_cents=parse_cents(lodging["hotel_cap_montreal_or_outside_quebec_low"]),
        default_daily_cents=parse_cents(lodging["meals_day_total"]),
        caps=Caps(per_participant_cents=per_participant.per_participant_cap_cents,
                  flat_tiers=flat.flat_tiers, min_days=per_participant.min_days),
        carbon=CarbonFactors(
            # Flights by length, never by country: DESNZ's "domestic" factor describes short flights.
            air_short_haul=Decimal(carbon["air_domestic"]),
            air_medium_haul=Decimal(carbon["air_short_haul_under_3700km"]),
            air_long_haul=Decimal(carbon["air_long_haul_over_3700km"]),
            rail=Decimal(carbon["rail_high_speed"]),
            coach=Decimal(carbon["coach"]),
            car_sharing=Decimal(carbon["car_sharing"]),
            short_haul_limit_km=1500,
            long_haul_from_km=3700,
        ),
        eur_to_cad=EUR_TO_CAD,
        offset_cents_per_tonne=parse_cents(carbon["offset_price_cad_per_tonne"]),
        source=f"reference defaults from portal/data (Erasmus+ bands EUR×{EUR_TO_CAD}, "
               "Québec travel-expense rates); the ministry sets its own amounts per call",
    )

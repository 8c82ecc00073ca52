"""Rules for editing a call's rate tables: distance bands, per-country nightly/daily rates, carbon factors.

Plain functions called by the admin views. Each one checks everything first and raises :class:`InvalidInput`
(translated messages in ``failed``) before changing anything; on success it changes the rows and appends an AuditEvent with
the before/after values. Only session work (add, flush): the caller commits. Submitted budgets are not affected:
their lines carry the rates frozen at submission (see ``portal.funding.budgets.freeze``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

import pycountry
from flask_babel import gettext as _

from portal.audit.trail import add_event
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import AuditEvent, Call, CarbonFactor, CountryRate, DistanceBand, User

CARBON_MODES = ("air_domestic", "air_short_haul", "air_long_haul", "rail", "coach")
MAX_FACTOR = Decimal("9999.9999")  # Numeric(8, 4)


def refused_values(problems: list[str]) -> InvalidInput:
    """The change is refused; ``failed`` lists the translated problems for the person who typed the values."""
    return InvalidInput("; ".join(problems), failed=problems)


@dataclass(frozen=True)
class BandRow:
    min_km: int
    max_km: int
    standard_cents: int
    green_cents: int | None = None


def record_change(actor: User | None, action: str, object_type: str, object_id: int | None,
                  before: dict[str, Any] | None, after: dict[str, Any] | None, remote_addr: str | None) -> AuditEvent:
    return add_event(actor, action, object_type, object_id, before=before, after=after, remote_addr=remote_addr)


# --- distance bands ----------------------------------------------------------------------------------------------

def band_problems(rows: list[BandRow]) -> list[str]:
    """Why these bands cannot be a band table (empty list when they can): bounds, amounts, overlaps and gaps."""
    if not rows:
        return [_("Enter at least one distance band.")]
    problems: list[str] = []
    for row in rows:
        if row.min_km < 0 or row.min_km >= row.max_km:
            problems.append(_("Band %(min)s–%(max)s km: the minimum must be at least 0 and below the maximum.",
                              min=row.min_km, max=row.max_km))
        if row.standard_cents < 0 or (row.green_cents is not None and row.green_cents < 0):
            problems.append(_("Band %(min)s–%(max)s km: amounts cannot be negative.",
                              min=row.min_km, max=row.max_km))
    ordered = sorted(rows, key=lambda row: (row.min_km, row.max_km))
    for lower, upper in zip(ordered, ordered[1:]):
        names = {"first": f"{lower.min_km}–{lower.max_km}", "second": f"{upper.min_km}–{upper.max_km}"}
        if upper.min_km <= lower.max_km:
            problems.append(_("Bands %(first)s km and %(second)s km overlap.", **names))
        elif upper.min_km != lower.max_km + 1:
            problems.append(_("There is a gap between bands %(first)s km and %(second)s km: the next band must "
                              "start at %(start)s km.", start=lower.max_km + 1, **names))
    return problems


def bands_snapshot(call: Call) -> dict[str, Any]:
    return {"bands": [asdict(BandRow(b.min_km, b.max_km, int(b.standard_cents),
                                     None if b.green_cents is None else int(b.green_cents)))
                      for b in call.distance_bands]}


def replace_bands(call: Call, rows: list[BandRow], actor: User | None, remote_addr: str | None = None) -> None:
    problems = band_problems(rows)
    if problems:
        raise refused_values(problems)
    before = bands_snapshot(call)
    call.distance_bands.clear()
    db.session.flush()  # the unique (call_id, min_km) rows must be gone before the new ones are inserted
    call.distance_bands.extend(
        DistanceBand(min_km=row.min_km, max_km=row.max_km, standard_cents=row.standard_cents,
                     green_cents=row.green_cents)
        for row in sorted(rows, key=lambda row: row.min_km))
    db.session.flush()
    record_change(actor, "call.bands_updated", "call", call.id, before, bands_snapshot(call), remote_addr)


# --- per-country rates -------------------------------------------------------------------------------------------

def _rate_state(rate: CountryRate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {"country_code": rate.country_code, "nightly_cents": int(rate.nightly_cents),
            "daily_cents": int(rate.daily_cents)}


def country_rate(call: Call, code: str) -> CountryRate | None:
    return next((rate for rate in call.country_rates if rate.country_code == code), None)


def set_country_rate(call: Call, code: str, nightly_cents: int, daily_cents: int, actor: User | None,
                     remote_addr: str | None = None) -> CountryRate:
    """Create or replace the call's one row for this country."""
    code = (code or "").strip().upper()
    problems = []
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        problems.append(_("Choose a country from the list."))
    if nightly_cents < 0 or daily_cents < 0:
        problems.append(_("Rates cannot be negative."))
    if problems:
        raise refused_values(problems)
    rate = country_rate(call, code)
    before = _rate_state(rate)
    if rate is None:
        rate = CountryRate(country_code=code, nightly_cents=nightly_cents, daily_cents=daily_cents)
        call.country_rates.append(rate)
    else:
        rate.nightly_cents, rate.daily_cents = nightly_cents, daily_cents
    db.session.flush()
    record_change(actor, "call.country_rate_set", "call", call.id, before, _rate_state(rate), remote_addr)
    return rate


def remove_country_rate(call: Call, code: str, actor: User | None, remote_addr: str | None = None) -> None:
    """Countries without a row get the call's default rates."""
    rate = country_rate(call, (code or "").upper())
    if rate is None:
        raise NotFound(_("This country has no rate of its own in this call."))
    before = _rate_state(rate)
    call.country_rates.remove(rate)
    db.session.flush()
    record_change(actor, "call.country_rate_removed", "call", call.id, before, None, remote_addr)


# --- carbon factors ----------------------------------------------------------------------------------------------

def factors_snapshot(call: Call) -> dict[str, str]:
    return {row.mode: str(Decimal(str(row.kg_per_passenger_km))) for row in call.carbon_factors}


def set_carbon_factors(call: Call, factors: dict[str, Decimal], actor: User | None,
                       remote_addr: str | None = None) -> None:
    """kg CO2e per passenger-km for each of CARBON_MODES (all five, at most four decimals)."""
    problems = []
    if set(factors) != set(CARBON_MODES):
        problems.append(_("Enter a factor for every travel mode."))
    for mode, value in factors.items():
        if not value.is_finite() or value < 0 or value > MAX_FACTOR or value != value.quantize(Decimal("0.0001")):
            problems.append(_("%(mode)s: enter a number of kg between 0 and 9999 with at most four decimals.",
                              mode=mode))
    if problems:
        raise refused_values(problems)
    before = factors_snapshot(call)
    rows = {row.mode: row for row in call.carbon_factors}
    for mode in CARBON_MODES:
        row = rows.get(mode)
        if row is None:
            call.carbon_factors.append(CarbonFactor(mode=mode, kg_per_passenger_km=factors[mode]))
        else:
            row.kg_per_passenger_km = factors[mode]
    db.session.flush()
    after = {mode: str(factors[mode]) for mode in CARBON_MODES}
    record_change(actor, "call.carbon_factors_updated", "call", call.id, before, after, remote_addr)


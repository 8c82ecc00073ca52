"""Rules for editing a call's rate tables: distance bands, per-country nightly/daily rates, carbon factors.

Plain functions called by the admin views. Each one checks everything first and raises :class:`InvalidInput`
(translated messages in ``failed``) before changing anything; on success it changes the rows and appends an AuditEvent with
the before/after values. Only session work (add, flush): the caller commits. Submitted budgets are not affected:
their lines carry the rates frozen at submission (see ``portal.funding.budgets.freeze``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from flask_babel import gettext as _

from portal.audit.trail import add_event
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.funding import readiness, reference_rows
from portal.funding.rates import CARBON_KEYS, HOST_DESTINATION, HOST_KINDS
from portal.models import (
    AuditEvent,
    Call,
    CanadianBand,
    CarbonFactor,
    CountryRate,
    DatedRate,
    DistanceBand,
    HostRate,
    User,
)

CARBON_MODES = CARBON_KEYS  # flights by length (short, medium, long haul), rail, coach, car-sharing
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
    readiness.withdraw(call, "bands")
    db.session.flush()
    record_change(actor, "call.bands_updated", "call", call.id, before, bands_snapshot(call), remote_addr)


def canadian_bands_snapshot(call: Call) -> dict[str, Any]:
    return {"bands": [asdict(BandRow(b.min_km, b.max_km, int(b.standard_cents),
                                     None if b.green_cents is None else int(b.green_cents)))
                      for b in reference_rows.canadian_bands(call)]}


def replace_canadian_bands(call: Call, rows: list[BandRow], actor: User | None, remote_addr: str | None = None) -> None:
    """The bands of stays in another Canadian province (distance inside Canada); no rows: the general bands apply."""
    problems = band_problems(rows) if rows else []
    if problems:
        raise refused_values(problems)
    before = canadian_bands_snapshot(call)
    for band in reference_rows.canadian_bands(call):
        db.session.delete(band)
    db.session.flush()  # the unique (call_id, min_km) rows must be gone before the new ones are inserted
    db.session.add_all(CanadianBand(call_id=call.id, min_km=row.min_km, max_km=row.max_km,
                                    standard_cents=row.standard_cents, green_cents=row.green_cents, source="",
                                    verified=False)
                       for row in sorted(rows, key=lambda row: row.min_km))
    readiness.withdraw(call, "canada")
    db.session.flush()
    record_change(actor, "call.canadian_bands_updated", "call", call.id, before, canadian_bands_snapshot(call),
                  remote_addr)


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
        rate.nightly_cents, rate.daily_cents, rate.verified = nightly_cents, daily_cents, False
    readiness.withdraw(call, "rates")
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
    readiness.withdraw(call, "rates")
    db.session.flush()
    record_change(actor, "call.country_rate_removed", "call", call.id, before, None, remote_addr)


# --- carbon factors ----------------------------------------------------------------------------------------------

def factors_snapshot(call: Call) -> dict[str, str]:
    return {row.mode: str(Decimal(str(row.kg_per_passenger_km))) for row in call.carbon_factors}


def set_carbon_factors(call: Call, factors: dict[str, Decimal], actor: User | None,
                       remote_addr: str | None = None) -> None:
    """kg CO2e per passenger-km for each of CARBON_MODES (all of them, at most four decimals)."""
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
            row.kg_per_passenger_km, row.verified = factors[mode], False
    readiness.withdraw(call, "carbon")
    db.session.flush()
    after = {mode: str(factors[mode]) for mode in CARBON_MODES}
    record_change(actor, "call.carbon_factors_updated", "call", call.id, before, after, remote_addr)



# --- host rates (incoming stays) and dated rates -----------------------------------------------------------------

def host_snapshot(call: Call) -> dict[str, int]:
    return {row.kind: int(row.amount_cents) for row in reference_rows.host_rates(call)}


def set_host_rates(call: Call, amounts: dict[str, int | None], actor: User | None,
                   remote_addr: str | None = None) -> None:
    """The call's host-side rates of incoming stays; None removes a line from what the call funds."""
    if set(amounts) - set(HOST_KINDS) or any(v is not None and v < 0 for v in amounts.values()):
        raise refused_values([_("Rates cannot be negative.")])
    before = host_snapshot(call)
    rows = {row.kind: row for row in reference_rows.host_rates(call)}
    for kind in HOST_KINDS:
        amount, row = amounts.get(kind), rows.get(kind)
        if amount is None and row is not None:
            db.session.delete(row)
        elif amount is not None and row is None:
            db.session.add(HostRate(call_id=call.id, kind=kind, amount_cents=amount, source="", verified=False))
        elif amount is not None and row is not None:
            row.amount_cents, row.verified = amount, False
    readiness.withdraw(call, "host")
    db.session.flush()
    record_change(actor, "call.host_rates_updated", "call", call.id, before, host_snapshot(call), remote_addr)


def _destination_ok(code: str) -> bool:
    if len(code) == 2:
        return pycountry.countries.get(alpha_2=code) is not None
    return pycountry.subdivisions.get(code=code) is not None


def _dated_table(kind: str) -> str:
    """The rate table a dated row belongs to (whose confirmation a change withdraws)."""
    return "host" if kind in HOST_KINDS else "rates"


def _dated_state(row: DatedRate) -> dict[str, Any]:
    return {"destination": row.destination, "kind": row.kind, "valid_from": row.valid_from.isoformat(),
            "valid_to": row.valid_to.isoformat(), "amount_cents": int(row.amount_cents)}


def add_dated_rate(call: Call, destination: str, kind: str, valid_from: date, valid_to: date, amount_cents: int,
                   actor: User | None, remote_addr: str | None = None) -> DatedRate:
    """A nightly, daily or host-side rate for a period; periods of one destination and kind never overlap. Host
    rates of incoming stays are spent in Québec: their destination is always CA-QC."""
    code = HOST_DESTINATION if kind in HOST_KINDS else (destination or "").strip().upper()
    problems = []
    if not _destination_ok(code):
        problems.append(_("Choose a country (FR) or a Canadian province (CA-ON)."))
    if kind not in ("nightly", "daily", *HOST_KINDS):
        problems.append(_("Choose nightly or daily."))
    if valid_to < valid_from:
        problems.append(_("The period must end on or after the day it starts."))
    if amount_cents < 0:
        problems.append(_("Rates cannot be negative."))
    overlapping = [row for row in reference_rows.dated_rates(call) if row.destination == code and row.kind == kind
                   and row.valid_from <= valid_to and valid_from <= row.valid_to]
    if overlapping:
        problems.append(_("This period overlaps another rate of the same destination (%(start)s to %(end)s).",
                          start=overlapping[0].valid_from.isoformat(), end=overlapping[0].valid_to.isoformat()))
    if problems:
        raise refused_values(problems)
    row = DatedRate(call_id=call.id, destination=code, kind=kind, valid_from=valid_from, valid_to=valid_to,
                    amount_cents=amount_cents, source="", verified=False)
    db.session.add(row)
    readiness.withdraw(call, _dated_table(kind))
    db.session.flush()
    record_change(actor, "call.dated_rate_added", "call", call.id, None, _dated_state(row), remote_addr)
    return row


def remove_dated_rate(call: Call, rate_id: int, actor: User | None, remote_addr: str | None = None) -> None:
    row = next((row for row in reference_rows.dated_rates(call) if row.id == rate_id), None)
    if row is None:
        raise NotFound(_("This rate does not belong to this call."))
    before = _dated_state(row)
    db.session.delete(row)
    readiness.withdraw(call, _dated_table(row.kind))
    db.session.flush()
    record_change(actor, "call.dated_rate_removed", "call", call.id, before, None, remote_addr)

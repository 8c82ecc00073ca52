"""``compute_budget``: trip + rate table + locale → explained funding lines.

Every line satisfies ``amount_cents == count × quantity × unit_cents`` and
``Budget.total_cents == sum(line.amount_cents)``.  Lines are never negative
except ``cap_reduction`` (stored negative).  The flat model ignores the
transport cost (the flat amount covers it); its travel mode only feeds the
carbon estimate.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from babel.numbers import format_decimal as _babel_decimal

from portal.core.money import check_cents, language
from portal.funding import explain
from portal.funding.bands import whole_km
from portal.funding.caps import counted_days, flat_min_days, flat_tier, reduction_cents, request_limit_cents
from portal.funding.carbon import estimate_for_rates
from portal.funding.distance import haversine_km
from portal.funding.legs import Leg, LegMode, all_green, route_text
from portal.funding.rates import RateTable
from portal.funding.types import (
    Budget,
    FundingLine,
    FundingModel,
    LineKind,
    ParticipantBudget,
    ParticipantKind,
    TravelMode,
    TripInput,
)


def format_decimal(value: Any, locale: str) -> str:
    return _babel_decimal(value, format="#,##0.00##", locale="fr_CA" if language(locale) == "fr" else "en_CA")


STAFF_KINDS = frozenset({ParticipantKind.TEACHER, ParticipantKind.STAFF, ParticipantKind.PEDAGOGICAL_ADVISER,
                         ParticipantKind.MANAGER, ParticipantKind.ACCOMPANYING})


def trip_legs(trip: TripInput) -> tuple[Leg, ...]:
    """The trip's legs; without any, one leg origin → destination by the travel mode's vehicle. An incoming
    stay's legs are the visitors' trip (their city → the centre)."""
    if trip.legs:
        return trip.legs
    mode = LegMode(str(trip.carbon_vehicle))
    if trip.incoming:
        return (Leg(trip.destination, trip.origin, mode),)
    return (Leg(trip.origin, trip.destination, mode),)


def compute_budget(trip: TripInput, rates: RateTable, locale: str) -> Budget:
    exact = haversine_km(trip.origin.coordinates, trip.destination.coordinates)
    km = whole_km(exact)
    bands = rates.bands_for(trip.origin.country_code, trip.destination.country_code)
    band = bands.band_for(km)
    legs = trip_legs(trip)
    green = trip.travel_mode is not TravelMode.QUOTED and all_green(legs)
    carbon = estimate_for_rates(legs, len(trip.participants), rates, visitors=trip.incoming)
    counted, allowed = counted_days(trip.days, trip.travel_days, rates.max_travel_days, rates.green_extra_days,
                                    green)
    common: dict[str, Any] = dict(
        trip=trip, locale=locale, exact_distance_km=exact, distance_km=km, band=band, carbon=carbon, green=green,
        counted_days=counted, allowed_travel_days=allowed,
        day_count=explain.day_count(trip.days, trip.travel_days, allowed, counted, green, locale))
    if trip.incoming:
        return _incoming_budget(trip, rates, locale, common)
    if trip.funding_model is FundingModel.FLAT_BY_DURATION:
        return _flat_budget(trip, rates, locale, common)
    return _per_participant_budget(trip, rates, locale, km, legs, common)


def _line(kind: LineKind, count: int, quantity: int, unit: int, text: str, locale: str,
          **extra: Any) -> FundingLine:
    return FundingLine(kind=kind, amount_cents=count * quantity * unit, count=count,
                       quantity=quantity, unit_cents=unit, explanation=text,
                       label=explain.label(kind, locale), **extra)


def priced_runs(days: list[date], rate_of: Callable[[date], int]) -> list[tuple[int, int]]:
    """Consecutive days priced at the same rate, as (how many, rate): each day priced once, at its own date."""
    runs: list[tuple[int, int]] = []
    for day in days:
        rate = rate_of(day)
        if runs and runs[-1][1] == rate:
            runs[-1] = (runs[-1][0] + 1, rate)
        else:
            runs.append((1, rate))
    return runs


def _dated_line(kind: LineKind, n: int, runs: list[tuple[int, int]], unit: str, locale: str) -> FundingLine:
    """One rate: « n × nights × rate »; several dated rates: « n × (5 nights × 126 $ + 4 nights × 138 $) »."""
    quantity = sum(count for count, _ in runs)
    if len(runs) <= 1:
        rate = runs[0][1] if runs else 0
        text = (explain.lodging if unit == "nights" else explain.subsistence)(n, quantity, rate, n * quantity * rate,
                                                                             locale)
        return _line(kind, n, quantity, rate, text, locale)
    per_participant = sum(count * rate for count, rate in runs)
    return _line(kind, n, 1, per_participant,
                 explain.priced_runs(runs, per_participant, n, n * per_participant, locale, unit), locale)


def _host_line(kind: LineKind, count: int, runs: list[tuple[int, int]], locale: str) -> FundingLine:
    """A host line of an incoming stay, each day (night) priced at the host rate valid on its date."""
    if len(runs) <= 1:
        quantity, rate = runs[0] if runs else (0, 0)
        return _line(kind, count, quantity, rate,
                     explain.host_line(kind, count, quantity, rate, count * quantity * rate, locale), locale)
    per_head = sum(n * rate for n, rate in runs)
    return _line(kind, count, 1, per_head,
                 explain.host_runs(kind, count, runs, per_head, count * per_head, locale), locale)


def _stay_dates(trip: TripInput) -> tuple[list[date], list[date]]:
    """(nights, days): a night is priced at the date it begins; the last day has no night."""
    days = [trip.start + timedelta(days=offset) for offset in range(trip.days)]
    return days[:-1], days


def _transport_unit(trip: TripInput, band: Any, green: bool) -> tuple[int, bool]:
    """(amount per participant, green asked for a band without a green amount)."""
    if trip.travel_mode is TravelMode.QUOTED:
        return check_cents(trip.quoted_cost_cents, "quoted_cost_cents"), False
    if band is None:
        return 0, False
    if green and band.green_cents is not None:
        return band.green_cents, False
    return band.standard_cents, green


def _per_participant_budget(trip: TripInput, rates: RateTable, locale: str, km: int, legs: tuple[Leg, ...],
                            common: dict[str, Any]) -> Budget:
    n, band, green = len(trip.participants), common["band"], common["green"]
    route = route_text(legs) if len(legs) > 1 else f"{trip.origin.name} → {trip.destination.name}"
    quoted = trip.travel_mode is TravelMode.QUOTED
    transport_unit, green_fallback = _transport_unit(trip, band, green)
    not_green = trip.travel_mode is TravelMode.GREEN and not green
    night_dates, day_dates = _stay_dates(trip)
    country, subdivision = trip.destination.country_code, trip.destination.subdivision
    canadian = rates.canadian(trip.origin.country_code, country)
    nightly = priced_runs(night_dates, lambda day: rates.nightly_on(day, country, subdivision))
    daily = priced_runs(day_dates, lambda day: rates.daily_on(day, country, subdivision))

    cap = rates.caps.per_participant_cents
    lodging_pp = sum(count * rate for count, rate in nightly)
    subsistence_pp = sum(count * rate for count, rate in daily)
    # Caps are caps: a quoted fare counts toward the cap like any other transport amount.
    reduction_pp = reduction_cents(lodging_pp + subsistence_pp + transport_unit, cap)
    # The general bands come from euro amounts; the Canadian bands are in dollars, so their line names no rate.
    euro = "" if rates.eur_to_cad is None or quoted or canadian else format_decimal(rates.eur_to_cad, locale)

    lines = [
        _line(LineKind.TRANSPORT, n, 1, transport_unit,
              explain.transport(n, transport_unit, n * transport_unit, locale, route=route, km=km,
                                band=band, first_band_km=rates.bands_for(trip.origin.country_code, country).min_km,
                                canadian=canadian, green=green and not quoted,
                                green_fallback=green_fallback, not_green=not_green, eur_to_cad=euro,
                                justification=trip.justification if quoted else ""),
              locale, needs_review=quoted, justification=trip.justification if quoted else ""),
        _dated_line(LineKind.LODGING, n, nightly, "nights", locale),
        _dated_line(LineKind.SUBSISTENCE, n, daily, "days", locale),
    ]
    if reduction_pp < 0 and n > 0:
        assert cap is not None  # noqa: S101 (a reduction below zero exists only under a cap)
        lines.append(_line(LineKind.CAP_REDUCTION, n, 1, reduction_pp,
                           explain.reduction(n, reduction_pp, n * reduction_pp, cap, locale,
                                             quoted=quoted), locale))
    per_participant = tuple(
        ParticipantBudget(p.id, p.kind, transport_cents=transport_unit, lodging_cents=lodging_pp,
                          subsistence_cents=subsistence_pp, reduction_cents=reduction_pp)
        for p in trip.participants
    )
    reasons: tuple[str, ...] = ()
    if common["counted_days"] < rates.caps.min_days:
        reasons = (explain.ineligible_stay(common["counted_days"], rates.caps.min_days, locale),)
    return Budget(lines=tuple(lines), per_participant=per_participant,
                  cap_cents=None if cap is None else cap * n,
                  eligible=not reasons, reasons=reasons, **common)


def _incoming_budget(trip: TripInput, rates: RateTable, locale: str, common: dict[str, Any]) -> Budget:
    """A partner's group in Québec: no line for the visitors' own trip, lodging or meals (those are Québec
    lines, for Québec participants); only the host-side lines the call's host table funds."""
    visitors = len(trip.participants)
    staff = sum(1 for p in trip.participants if p.kind in STAFF_KINDS)
    night_dates, day_dates = _stay_dates(trip)
    planned = ((LineKind.LOCAL_TRANSPORT, visitors, day_dates), (LineKind.ACTIVITIES, visitors, day_dates),
               (LineKind.STAFF_HOSTING, staff, night_dates))
    lines = [_host_line(kind, count, priced_runs(dates, lambda day, kind=kind: rates.host_on(day, str(kind))),
                        locale)
             for kind, count, dates in planned if rates.funds_host(str(kind)) and count > 0]
    per_participant = tuple(ParticipantBudget(p.id, p.kind) for p in trip.participants)
    cap = rates.caps.per_participant_cents
    gross = sum(line.amount_cents for line in lines)
    if cap is not None and visitors and gross > cap * visitors:
        lines.append(FundingLine(kind=LineKind.CAP_REDUCTION, amount_cents=cap * visitors - gross, count=1,
                                 quantity=1, unit_cents=cap * visitors - gross,
                                 explanation=explain.reduction(1, cap * visitors - gross, cap * visitors - gross,
                                                               cap, locale),
                                 label=explain.label(LineKind.CAP_REDUCTION, locale)))
    reasons: tuple[str, ...] = ()
    if common["counted_days"] < rates.caps.min_days:
        reasons = (explain.ineligible_stay(common["counted_days"], rates.caps.min_days, locale),)
    return Budget(lines=tuple(lines), per_participant=per_participant,
                  cap_cents=None if cap is None else cap * visitors, eligible=not reasons, reasons=reasons,
                  **common)


def _flat_budget(trip: TripInput, rates: RateTable, locale: str,
                 common: dict[str, Any]) -> Budget:
    n, days = len(trip.participants), common["counted_days"]
    tier = flat_tier(rates.caps, days)
    if tier is None:
        min_days = flat_min_days(rates.caps)
        line = _line(LineKind.FLAT, n, 1, 0,
                     explain.flat_ineligible(n, locale, n_days=days, min_days=min_days), locale)
        per_participant = tuple(ParticipantBudget(p.id, p.kind) for p in trip.participants)
        return Budget(lines=(line,), per_participant=per_participant, cap_cents=0, eligible=False,
                      reasons=(explain.ineligible_stay(days, min_days, locale),), **common)
    unit = tier.amount_cents
    line = _line(LineKind.FLAT, n, 1, unit,
                 explain.flat(n, unit, n * unit, locale, n_days=days, min_days=tier.min_days,
                              max_days=tier.max_days), locale)
    per_participant = tuple(ParticipantBudget(p.id, p.kind, flat_cents=unit)
                            for p in trip.participants)
    return Budget(lines=(line,), per_participant=per_participant, cap_cents=unit * n, **common)


def check_requested(requested_cents: int, budget: Budget, approved_exception_cents: int = 0,
                    locale: str | None = None) -> list[str]:
    """Problems with a requested amount (empty list = acceptable).

    A request may be lower than the computed total (already brought down to the caps, quoted fares included).
    Above it only by an exception the ministry approved (``approved_exception_cents``); no text lifts a cap.
    Ineligible stays allow 0 only.
    """
    check_cents(requested_cents, "requested_cents")
    loc = locale or budget.locale
    if requested_cents < 0:
        return [explain.msg_negative_request(loc)]
    if not budget.eligible and requested_cents > 0:
        return [explain.msg_not_eligible_request(loc)]
    limit = request_limit_cents(budget.total_cents, approved_exception_cents)
    if requested_cents > limit:
        return [explain.msg_over_cap(requested_cents, limit, loc)]
    return []


def budget_to_dict(budget: Budget) -> dict[str, Any]:
    """JSON-able snapshot of a computed budget (lines, totals, carbon)."""
    return {
        "locale": budget.locale,
        "distance_km": budget.distance_km,
        "band": budget.band.to_dict() if budget.band else None,
        "days": budget.trip.days,
        "nights": budget.trip.nights,
        "eligible": budget.eligible,
        "reasons": list(budget.reasons),
        "total_cents": budget.total_cents,
        "cap_cents": budget.cap_cents,
        "needs_review": budget.needs_review,
        "lines": [
            {"kind": str(line.kind), "amount_cents": line.amount_cents, "count": line.count,
             "quantity": line.quantity, "unit_cents": line.unit_cents, "label": line.label,
             "explanation": line.explanation, "needs_review": line.needs_review,
             "justification": line.justification}
            for line in budget.lines
        ],
        "per_participant": [
            {"id": p.participant_id, "kind": str(p.kind), "transport_cents": p.transport_cents,
             "lodging_cents": p.lodging_cents, "subsistence_cents": p.subsistence_cents,
             "flat_cents": p.flat_cents, "reduction_cents": p.reduction_cents,
             "total_cents": p.total_cents}
            for p in budget.per_participant
        ],
        "carbon": {"kg_co2e": str(budget.carbon.kg_co2e),
                   "offset_cents": budget.carbon.offset_cents,
                   "factor_key": budget.carbon.factor_key, "factor": str(budget.carbon.factor),
                   "visitors": budget.carbon.visitors,
                   "legs": [{"from": leg.leg.origin.name, "to": leg.leg.destination.name, "mode": str(leg.mode),
                             "distance_km": leg.distance_km, "factor_key": leg.factor_key,
                             "co2_kg": str(leg.co2_kg)} for leg in budget.carbon.per_leg]},
        "direction": str(budget.trip.direction),
        "green": budget.green,
        "counted_days": budget.counted_days,
        "day_count": budget.day_count,
    }

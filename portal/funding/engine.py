"""``compute_budget``: trip + rate table + locale → explained funding lines.

Every line satisfies ``amount_cents == count × quantity × unit_cents`` and
``Budget.total_cents == sum(line.amount_cents)``.  Lines are never negative
except ``cap_reduction`` (stored negative).  The flat model ignores the
transport cost (the flat amount covers it); its travel mode only feeds the
carbon estimate.
"""
from __future__ import annotations

from typing import Any

from portal.core.money import check_cents
from portal.funding import explain
from portal.funding.bands import whole_km
from portal.funding.caps import flat_min_days, flat_tier, reduction_cents
from portal.funding.carbon import estimate_for_rates
from portal.funding.distance import haversine_km
from portal.funding.rates import RateTable
from portal.funding.types import (
    Budget,
    FundingLine,
    FundingModel,
    LineKind,
    ParticipantBudget,
    TravelMode,
    TripInput,
)


def compute_budget(trip: TripInput, rates: RateTable, locale: str) -> Budget:
    exact = haversine_km(trip.origin.coordinates, trip.destination.coordinates)
    km = whole_km(exact)
    band = rates.bands.band_for(km)
    domestic = trip.origin.country_code == trip.destination.country_code
    carbon = estimate_for_rates(km, len(trip.participants), trip.carbon_vehicle, domestic, rates)
    common: dict[str, Any] = dict(
        trip=trip, locale=locale, exact_distance_km=exact, distance_km=km, band=band, carbon=carbon
    )
    if trip.funding_model is FundingModel.FLAT_BY_DURATION:
        return _flat_budget(trip, rates, locale, common)
    return _per_participant_budget(trip, rates, locale, km, common)


def _line(kind: LineKind, count: int, quantity: int, unit: int, text: str, locale: str,
          **extra: Any) -> FundingLine:
    return FundingLine(kind=kind, amount_cents=count * quantity * unit, count=count,
                       quantity=quantity, unit_cents=unit, explanation=text,
                       label=explain.label(kind, locale), **extra)


def _per_participant_budget(trip: TripInput, rates: RateTable, locale: str, km: int,
                            common: dict[str, Any]) -> Budget:
    n, band = len(trip.participants), common["band"]
    route = f"{trip.origin.name} → {trip.destination.name}"
    quoted = trip.travel_mode is TravelMode.QUOTED
    green = trip.travel_mode is TravelMode.GREEN
    green_fallback = False
    if quoted:
        transport_unit = check_cents(trip.quoted_cost_cents, "quoted_cost_cents")
    elif band is None:
        transport_unit = 0
    elif green and band.green_cents is not None:
        transport_unit = band.green_cents
    else:
        transport_unit = band.standard_cents
        green_fallback = green
    nightly = rates.nightly_for(trip.destination.country_code)
    daily = rates.daily_for(trip.destination.country_code)
    nights, days = trip.nights, trip.days

    cap = rates.caps.per_participant_cents
    lodging_pp, subsistence_pp = nights * nightly, days * daily
    cappable = lodging_pp + subsistence_pp + (0 if quoted else transport_unit)
    reduction_pp = reduction_cents(cappable, cap)

    lines = [
        _line(LineKind.TRANSPORT, n, 1, transport_unit,
              explain.transport(n, transport_unit, n * transport_unit, locale, route=route, km=km,
                                band=band, first_band_km=rates.bands.min_km, green=green,
                                green_fallback=green_fallback,
                                justification=trip.justification if quoted else ""),
              locale, needs_review=quoted, justification=trip.justification if quoted else ""),
        _line(LineKind.LODGING, n, nights, nightly,
              explain.lodging(n, nights, nightly, n * nights * nightly, locale), locale),
        _line(LineKind.SUBSISTENCE, n, days, daily,
              explain.subsistence(n, days, daily, n * days * daily, locale), locale),
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
    if days < rates.caps.min_days:
        reasons = (explain.ineligible_stay(days, rates.caps.min_days, locale),)
    return Budget(lines=tuple(lines), per_participant=per_participant,
                  cap_cents=None if cap is None else cap * n,
                  eligible=not reasons, reasons=reasons, **common)


def _flat_budget(trip: TripInput, rates: RateTable, locale: str,
                 common: dict[str, Any]) -> Budget:
    n, days = len(trip.participants), trip.days
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


def check_requested(requested_cents: int, budget: Budget, justification: str = "",
                    locale: str | None = None) -> list[str]:
    """Problems with a requested amount (empty list = acceptable).

    A request may be lower than the computed total. It may exceed the cap sum
    (``budget.cap_cents``; the computed total when there is no cap) only with a
    non-empty ``justification``; a budget with a justified quoted fare already
    justifies requests up to its computed total. Ineligible stays allow 0 only.
    """
    check_cents(requested_cents, "requested_cents")
    loc = locale or budget.locale
    if requested_cents < 0:
        return [explain.msg_negative_request(loc)]
    if not budget.eligible and requested_cents > 0:
        return [explain.msg_not_eligible_request(loc)]
    limit = budget.total_cents if budget.cap_cents is None else budget.cap_cents
    if budget.has_justified_quote:
        limit = max(limit, budget.total_cents)
    if requested_cents > limit and not (justification or "").strip():
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
                   "factor_key": budget.carbon.factor_key, "factor": str(budget.carbon.factor)},
    }

"""Glue between the database and the pure funding engine (``portal.funding``).

``rate_table_for`` builds a call's :class:`funding.RateTable` from its rows; ``trip_for`` turns an application into
a :class:`funding.TripInput`; ``recompute`` replaces an editable application's funding lines with the computed ones
(explanations in French and English, the rate table used stored on each line); ``freeze`` is the last recompute at
submission: afterwards the lines keep the rates they were computed with, whatever happens to the call's tables.
``keep_current`` is the recompute every change of the project's data triggers (nothing is computed on a page's GET);
``set_requested`` writes the amounts the staff request on the lines.

A budget that cannot be computed raises :class:`InvalidInput` whose ``failed`` lists the translated problems.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import funding
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.funding import legs_store, reference_rows, totals
from portal.i18n import current_language
from portal.models import Application, Call, FundingKind, FundingLine
from portal.workflow.transitions import can_edit

LANGUAGES = ("fr", "en")
T = TypeVar("T")

# What rate_table_for reads from a call besides its program: options for the query that loads the call (the dated
# and host rates and the Canadian bands are read by reference_rows' own queries).
RATE_ROW_LOADS = (selectinload(Call.distance_bands), selectinload(Call.country_rates),
                  selectinload(Call.carbon_factors))
RATE_TABLE_LOADS = (selectinload(Call.program), *RATE_ROW_LOADS)

# What recompute walks from an application (its call's rate tables, participants, centre and lines): options for
# the query that loads an application an operation is about to recompute. selectinload, never a join, so the
# options also fit a row-locking query (SELECT … FOR UPDATE locks the application only).
RECOMPUTE_LOADS = (selectinload(Application.call).options(*RATE_TABLE_LOADS),
                   selectinload(Application.organisation), selectinload(Application.participants),
                   selectinload(Application.funding_lines))


def budget_problem(message: str) -> InvalidInput:
    """The budget cannot be computed, for this one translated reason."""
    return InvalidInput(message, failed=[message])


def rate_table_for(call: Call) -> funding.RateTable:
    """The call's rate table (bands, per-country rates, carbon factors) with its program's caps."""
    program = call.program
    if not call.distance_bands:
        raise budget_problem(_("The call has no distance bands yet; an administrator must enter its rate tables."))
    bands = _band_table(call.distance_bands)
    if program.funding_model == funding.FundingModel.FLAT_BY_DURATION:
        caps = funding.Caps(per_participant_cents=None, min_days=program.min_days, flat_tiers=(
            funding.FlatTier(program.min_days, program.flat_long_from_days - 1, int(program.flat_short_cents)),
            funding.FlatTier(program.flat_long_from_days, None, int(program.flat_long_cents)),
        ))
    else:
        caps = funding.Caps(per_participant_cents=int(program.cap_cents) if program.cap_cents else None,
                            min_days=program.min_days)
    factors = {row.mode: Decimal(str(row.kg_per_passenger_km)) for row in call.carbon_factors}
    carbon = funding.CarbonFactors(**{key: factors.get(key, Decimal(0)) for key in funding.CARBON_KEYS})
    return funding.RateTable(
        bands=bands, caps=caps, carbon=carbon,
        default_nightly_cents=int(call.default_nightly_cents or 0),
        default_daily_cents=int(call.default_daily_cents or 0),
        nightly_cents={r.country_code: int(r.nightly_cents) for r in call.country_rates},
        daily_cents={r.country_code: int(r.daily_cents) for r in call.country_rates},
        offset_cents_per_tonne=int(call.offset_cents_per_tonne or 0),
        source=f"call:{call.id}",
        dated=tuple(funding.DatedRate(r.destination, r.kind, r.valid_from, r.valid_to, int(r.amount_cents))
                    for r in reference_rows.dated_rates(call)),
        host=funding.HostRates(**{f"{r.kind}_{'nightly' if r.kind == 'staff_hosting' else 'daily'}_cents":
                                  int(r.amount_cents) for r in reference_rows.host_rates(call)}),
        canada_bands=_canadian_bands(call),
        eur_to_cad=None if call.eur_to_cad is None else Decimal(str(call.eur_to_cad)),
        max_travel_days=int(program.max_travel_days if program.max_travel_days is not None else 2),
    )


def _band_table(rows: list[Any]) -> funding.BandTable:
    return funding.BandTable(tuple(
        funding.DistanceBand(min_km=b.min_km, max_km=b.max_km, standard_cents=int(b.standard_cents),
                             green_cents=None if b.green_cents is None else int(b.green_cents)) for b in rows))


def _canadian_bands(call: Call) -> funding.BandTable | None:
    """Stays in another province use the call's Canadian bands; none entered: the general bands."""
    rows = reference_rows.canadian_bands(call)
    return _band_table(rows) if rows else None


def rates_for_application(application: Application) -> funding.RateTable:
    """Frozen rates of a submitted application's lines; the call's current tables while it is editable."""
    if not can_edit(application):
        frozen = next((line.rates for line in application.funding_lines if line.rates), None)
        if frozen:
            return funding.RateTable.from_dict(frozen)
    return rate_table_for(application.call)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def trip_for(application: Application, *, start: date | None = None, end: date | None = None,
             travel_mode: str | None = None) -> funding.TripInput:
    """The trip to fund; ``start``/``end``/``travel_mode`` override the stored values (live preview)."""
    start = start or application.start_date
    end = end or application.end_date
    if start is None or end is None:
        raise budget_problem(_("Enter the start and end dates of the stay to compute the budget."))
    if end < start:
        raise budget_problem(_("The end date is before the start date."))
    program = application.call.program
    allowed = set(program.kinds)
    participants = tuple(
        funding.Participant(id=str(p.id), kind=p.kind, label=p.full_name)
        for p in application.participants if not allowed or p.kind in allowed)
    if not participants:
        raise budget_problem(_("Add the participants to compute the budget."))
    if not application.destination_country or not (application.destination_city or "").strip():
        raise budget_problem(_("Enter the destination city and country to compute the budget."))
    org = application.organisation
    try:
        origin = funding.resolve_place(org.city, org.country_code, _float(org.latitude), _float(org.longitude))
    except funding.CityNotFound:
        raise budget_problem(_("The centre's city (%(city)s) was not found; an administrator must enter its "
                               "coordinates.", city=org.city)) from None
    try:
        destination = funding.resolve_place(
            application.destination_city, application.destination_country,
            _float(application.destination_latitude), _float(application.destination_longitude))
    except funding.CityNotFound:
        raise budget_problem(_("The destination city (%(city)s) was not found; enter its latitude and longitude.",
                               city=application.destination_city)) from None
    if application.destination_subdivision:
        destination = replace(destination, subdivision=application.destination_subdivision)
    mode = funding.TravelMode(travel_mode or application.travel_mode or "air")
    quoted, justification = None, ""
    if mode is funding.TravelMode.QUOTED:
        quoted, justification = application.quoted_transport_cents, application.quote_justification or ""
        if quoted is None or not justification.strip():
            raise budget_problem(_("A quoted fare needs its amount per participant and a justification."))
    try:
        return funding.TripInput(
            origin=origin, destination=destination, start=start, end=end, travel_mode=mode,
            participants=participants, funding_model=funding.FundingModel(program.funding_model),
            quoted_cost_cents=quoted, justification=justification,
            direction=funding.Direction(application.direction or "outgoing"),
            legs=legs_store.stored_legs(application), travel_days=int(application.travel_days or 0))
    except funding.OceanCrossing:
        raise budget_problem(_("An ocean crossing can only be flown: choose air for that leg.")) from None


def _current_language() -> str:
    try:
        return current_language()
    except RuntimeError:
        return "fr"


def _computed(compute: Callable[[], T]) -> T:
    """Run the engine; an inconsistent rate table (a ValueError from the engine) is one more problem to show."""
    try:
        return compute()
    except funding.OceanCrossing:
        raise budget_problem(_("An ocean crossing can only be flown: choose air for that leg.")) from None
    except ValueError as error:
        raise budget_problem(_("The budget cannot be computed: %(error)s", error=str(error))) from error


def preview(application: Application, locale: str | None = None, **overrides: Any) -> funding.Budget:
    """The budget computed without saving anything (frozen rates for a submitted application)."""
    return _computed(lambda: funding.compute_budget(trip_for(application, **overrides),
                                                    rates_for_application(application),
                                                    locale or _current_language()))


def _compute_both(application: Application) -> tuple[funding.RateTable, dict[str, funding.Budget]]:
    rates = rate_table_for(application.call)
    trip = trip_for(application)
    return rates, {lang: funding.compute_budget(trip, rates, lang) for lang in LANGUAGES}


def recompute(application: Application, locale: str | None = None) -> funding.Budget:
    """Bring the funding lines of an editable application up to date and return its Budget; InvalidInput when it
    cannot be computed (the lines are left as they are), Conflict once the application is submitted.

    A line of the same kind (and rank within its kind) is updated in place, so its id, the receipts attached to it
    and a request the staff lowered survive; lines the new budget no longer has are removed."""
    if not can_edit(application):
        raise Conflict(_("The budget of a submitted application cannot be recomputed."))
    rates, budgets = _computed(lambda: _compute_both(application))
    previous: dict[str, list[FundingLine]] = defaultdict(list)
    for line in application.funding_lines:
        previous[line.kind].append(line)
    rates_dict = rates.to_dict()
    current: list[FundingLine] = []
    seen: dict[str, int] = defaultdict(int)
    for position, (fr, en) in enumerate(zip(budgets["fr"].lines, budgets["en"].lines)):
        kind = str(fr.kind)
        index = seen[kind]
        seen[kind] += 1
        old = previous[kind][index] if index < len(previous[kind]) else None
        line = old if old is not None else FundingLine(kind=kind)
        requested, justification = _kept_request(old, kind, fr.amount_cents), fr.justification
        if old is not None and (old.justification or "").strip() and not justification:
            justification = old.justification
        line.position, line.explanation_fr, line.explanation_en = position, fr.explanation, en.explanation
        line.computed_cents, line.requested_cents, line.rates = fr.amount_cents, requested, rates_dict
        line.justification, line.needs_review = justification, fr.needs_review
        current.append(line)
    for line in [line for line in application.funding_lines if line not in current]:
        application.funding_lines.remove(line)
    for line in current:
        if line not in application.funding_lines:
            application.funding_lines.append(line)
    db.session.flush()
    application.funding_lines.sort(key=lambda line: line.position)
    totals.refresh(application, budgets["fr"].carbon)
    legs_store.store_figures(application, budgets["fr"].carbon)
    db.session.flush()
    return budgets["fr" if (locale or _current_language()) == "fr" else "en"]


def _kept_request(old: FundingLine | None, kind: str, computed_cents: int) -> int:
    """A request the staff lowered below the computed amount is kept (never above the new computed amount);
    otherwise the line requests what it computes."""
    if old is not None and kind != funding.LineKind.CAP_REDUCTION and old.requested_cents is not None \
            and old.requested_cents < old.computed_cents:
        return min(old.requested_cents, computed_cents)
    return computed_cents


def keep_current(application: Application) -> bool:
    """Recompute the budget of an editable project after a change of what it is computed from (the project, its
    participants, its legs); whether it could be computed. A project that does not have what the budget needs yet
    keeps its lines: the budget page says what is missing."""
    if not can_edit(application):
        return False
    try:
        recompute(application)
    except InvalidInput:
        return False
    return True


def freeze(application: Application) -> funding.Budget | None:
    """Last recompute before submission; the lines keep the rate table they were computed with.

    When the budget cannot be computed (e.g. the call has no rate tables yet) the existing lines are left as they
    are and None is returned: eligibility decides whether the application may be submitted.
    """
    try:
        budget = recompute(application)
    except InvalidInput:
        return None
    for line in application.funding_lines:
        line.rates = {**line.rates, "frozen": True}
    db.session.flush()
    return budget


def requested_by_line(application: Application, typed: Mapping[int, int]) -> dict[int, int]:
    """Line id → the amount requested: what the staff typed, else the computed amount (always for the cap
    reduction, which is not theirs to change)."""
    return {line.id: line.computed_cents if line.kind == FundingKind.CAP_REDUCTION or line.id not in typed
            else typed[line.id] for line in application.funding_lines}


def set_requested(application: Application, requested: Mapping[int, int], justification: str) -> None:
    """Write the requested amounts; the justification goes on each line requested above its computed amount."""
    lines = application.funding_lines
    for line in lines:
        line.requested_cents = requested[line.id]
        if justification and line.requested_cents > line.computed_cents:
            line.justification = justification
    if justification and not any(line.requested_cents > line.computed_cents for line in lines):
        # Above the cap but not above the computed lines (e.g. a capped budget): keep it on the first line.
        lines[0].justification = justification
    totals.refresh(application)
    db.session.flush()


def record_missing_carbon(batch_size: int = 500) -> tuple[int, int]:
    """Fill the stored carbon of applications that have none (rows from before it was kept), one batch of ids at a
    time in id order; returns (recorded, not computable). Those that cannot be computed stay NULL."""
    recorded = failed = 0
    after = 0
    while True:
        batch = db.session.scalars(
            select(Application).where(Application.co2_kg.is_(None), Application.id > after)
            .order_by(Application.id).limit(batch_size).options(*RECOMPUTE_LOADS)).all()
        if not batch:
            return recorded, failed
        for application in batch:
            after = application.id
            try:
                totals.refresh(application, preview(application, "fr").carbon)
                recorded += 1
            except InvalidInput:
                failed += 1
        db.session.commit()

"""Carbon of the funded trips summed per call and per year (design §3: kg CO2e and offset cost).

Counted: applications under review (submitted, recommended) and approved ones (approved, stay in progress or
completed, closed). Incoming stays' carbon is the visitors' trip, summed apart (``visitors``). Their budget is recomputed with the rates frozen on their lines at submission (the call's
current tables never change a submitted figure); an application whose trip cannot be computed is counted apart.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import funding
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import budgets
from portal.models import Application, ApplicationStatus, Call

UNDER_REVIEW = (ApplicationStatus.SUBMITTED, ApplicationStatus.RECOMMENDED)
APPROVED = (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED,
            ApplicationStatus.CLOSED)
EMPTY = funding.CarbonTotal(Decimal("0.0"), 0, 0, 0, 0)


@dataclass(frozen=True)
class CarbonLine:
    """One call (or one year when ``call`` is None): carbon under review, approved, and trips not computed."""

    year: int
    call: Call | None
    under_review: funding.CarbonTotal
    approved: funding.CarbonTotal
    not_computed: int
    visitors: funding.CarbonTotal = EMPTY  # incoming stays: the visitors' trips, not the centres' travel

    @property
    def total_kg(self) -> Decimal:
        return self.under_review.kg_co2e + self.approved.kg_co2e

    @property
    def total_offset_cents(self) -> int:
        return self.under_review.offset_cents + self.approved.offset_cents


def _add(total: funding.CarbonTotal, other: funding.CarbonTotal) -> funding.CarbonTotal:
    return funding.CarbonTotal(total.kg_co2e + other.kg_co2e, total.offset_cents + other.offset_cents,
                               total.trips + other.trips, total.participants + other.participants,
                               total.participant_km + other.participant_km)


def carbon_by_call(year: int | None = None) -> list[CarbonLine]:
    """Per call (newest year first), the carbon of its counted applications."""
    query = (select(Application).join(Application.call)
             .where(Application.status.in_([*UNDER_REVIEW, *APPROVED]))
             .options(selectinload(Application.funding_lines), selectinload(Application.participants))
             .order_by(Call.year.desc(), Call.id, Application.id))
    if year is not None:
        query = query.where(Call.year == year)
    estimates: dict[int, dict[str, list[funding.CarbonEstimate]]] = defaultdict(
        lambda: {"review": [], "approved": [], "visitors": []})
    missing: dict[int, int] = defaultdict(int)
    calls: dict[int, Call] = {}
    for application in db.session.scalars(query):
        calls[application.call_id] = application.call
        try:
            budget = budgets.preview(application, "fr")
        except InvalidInput:
            missing[application.call_id] += 1
            continue
        bucket = "approved" if application.status in APPROVED else "review"
        if budget.carbon.visitors:
            bucket = "visitors"
        estimates[application.call_id][bucket].append(budget.carbon)
    return [CarbonLine(year=call.year, call=call, under_review=funding.sum_carbon(estimates[call_id]["review"]),
                       approved=funding.sum_carbon(estimates[call_id]["approved"]),
                       not_computed=missing[call_id], visitors=funding.sum_carbon(estimates[call_id]["visitors"]))
            for call_id, call in calls.items()]


def carbon_by_year(lines: list[CarbonLine]) -> list[CarbonLine]:
    """The per-call lines summed per year (newest first)."""
    years: dict[int, CarbonLine] = {}
    for line in lines:
        previous = years.get(line.year) or CarbonLine(line.year, None, EMPTY, EMPTY, 0)
        years[line.year] = CarbonLine(line.year, None, _add(previous.under_review, line.under_review),
                                      _add(previous.approved, line.approved),
                                      previous.not_computed + line.not_computed,
                                      _add(previous.visitors, line.visitors))
    return [years[year] for year in sorted(years, reverse=True)]

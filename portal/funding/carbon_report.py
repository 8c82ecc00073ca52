"""Carbon of the funded trips summed per call and per year (design §3: kg CO2e and offset cost).

Counted: applications under review (submitted, recommended) and approved ones (approved, stay in progress or
completed, closed). Incoming stays' carbon is the visitors' trip, summed apart (``visitors``). The figures are the ones
stored on each application when its budget was computed with the rates frozen at submission (portal/funding/totals.py), added up per call, status and direction in a summary
kept current by every change of an application (portal/funding/carbon_summary.py): the page reads a few dozen rows,
whatever the number of applications. An application whose trip could not be computed (co2_kg NULL)
is counted apart.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import load_only

from portal.extensions import db
from portal.models import ApplicationStatus, Call, CallCarbonTotal, Direction

UNDER_REVIEW = (ApplicationStatus.SUBMITTED, ApplicationStatus.RECOMMENDED)
APPROVED = (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED,
            ApplicationStatus.CLOSED)


@dataclass(frozen=True)
class CarbonSum:
    """Carbon of the computed trips of a bucket: kg CO2e, offset cost, and how many trips."""

    kg_co2e: Decimal = Decimal("0.0")
    offset_cents: int = 0
    trips: int = 0

    def __add__(self, other: CarbonSum) -> CarbonSum:
        return CarbonSum(self.kg_co2e + other.kg_co2e, self.offset_cents + other.offset_cents,
                         self.trips + other.trips)


EMPTY = CarbonSum()


@dataclass(frozen=True)
class CarbonLine:
    """One call (or one year when ``call`` is None): carbon under review, approved, and trips not computed."""

    year: int
    call: Call | None
    under_review: CarbonSum
    approved: CarbonSum
    not_computed: int
    visitors: CarbonSum = EMPTY  # incoming stays: the visitors' trips, not the centres' travel

    @property
    def total_kg(self) -> Decimal:
        return self.under_review.kg_co2e + self.approved.kg_co2e

    @property
    def total_offset_cents(self) -> int:
        return self.under_review.offset_cents + self.approved.offset_cents

    def __add__(self, other: CarbonLine) -> CarbonLine:
        return CarbonLine(self.year, None, self.under_review + other.under_review, self.approved + other.approved,
                          self.not_computed + other.not_computed, self.visitors + other.visitors)


def _sums_per_call_and_status(year: int | None) -> list:
    """(call_id, status, direction, kg, offset, computed trips, trips): one row per call, status and direction,
    read from the summary the operations keep current (portal/funding/carbon_summary.py)."""
    query = (select(CallCarbonTotal.call_id, CallCarbonTotal.status, CallCarbonTotal.direction,
                    CallCarbonTotal.co2_tenths_kg, CallCarbonTotal.offset_cents, CallCarbonTotal.computed,
                    CallCarbonTotal.applications)
             .where(CallCarbonTotal.status.in_([*UNDER_REVIEW, *APPROVED]), CallCarbonTotal.applications > 0))
    if year is not None:
        query = query.where(CallCarbonTotal.call_id.in_(select(Call.id).where(Call.year == year)))
    return db.session.execute(query).all()


def carbon_by_call(year: int | None = None) -> list[CarbonLine]:
    """Per call (newest year first), the carbon of its counted applications."""
    buckets: dict[int, dict[str, CarbonSum]] = defaultdict(
        lambda: {"review": EMPTY, "approved": EMPTY, "visitors": EMPTY})
    missing: dict[int, int] = defaultdict(int)
    for call_id, status, direction, tenths, offset, computed, trips in _sums_per_call_and_status(year):
        bucket = "approved" if status in APPROVED else "review"
        if direction == Direction.INCOMING:
            bucket = "visitors"
        buckets[call_id][bucket] += CarbonSum((Decimal(tenths) / 10).quantize(Decimal("0.1")), int(offset), int(computed))
        missing[call_id] += int(trips) - int(computed)
    if not buckets:
        return []
    calls = db.session.scalars(select(Call).where(Call.id.in_(list(buckets)))
                               .options(load_only(Call.id, Call.year, Call.title_fr, Call.title_en))  # what is shown
                               .order_by(Call.year.desc(), Call.id)).all()
    return [CarbonLine(year=call.year, call=call, under_review=buckets[call.id]["review"],
                       approved=buckets[call.id]["approved"], not_computed=missing[call.id],
                       visitors=buckets[call.id]["visitors"]) for call in calls]


def carbon_by_year(lines: list[CarbonLine]) -> list[CarbonLine]:
    """The per-call lines (one per call, already summed by the database) added up per year, newest first."""
    years: dict[int, CarbonLine] = {}
    for line in lines:
        years[line.year] = (years.get(line.year) or CarbonLine(line.year, None, EMPTY, EMPTY, 0)) + line
    return [years[year] for year in sorted(years, reverse=True)]

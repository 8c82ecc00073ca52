"""Who takes part: applications by status, participants by kind/direction/year, centres and school service
centres, the CMM split, countries and partners. One GROUP BY query each, over the indicators summary (one narrow
row per application with its participants by kind, portal/indicators/summary.py), never over the participants."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select, true

from portal.extensions import db
from portal.indicators.filters import Centre, Filters, summarised
from portal.models import ApplicationStatus, Call, IndicatorTotal, Organisation, OrganisationKind

T = IndicatorTotal
# Participant kind → its column in the summary, in the order the kinds sort.
KIND_COLUMNS = {"accompanying": T.accompanying, "staff": T.staff, "student": T.students, "teacher": T.teachers}

S = ApplicationStatus
# Stays that happen or happened: their participants are the program's beneficiaries (plan 2.C.2).
COUNTED = (S.APPROVED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED)


def counted(source=T):
    return source.status.in_([str(s) for s in COUNTED])


def people():
    """The application's participants, all kinds."""
    return T.students + T.teachers + T.staff + T.accompanying


def status_counts(filters: Filters) -> dict[str, int]:
    query = summarised(select(T.status, func.count()).select_from(T), filters, lean=True).group_by(T.status)
    return {status: count for status, count in db.session.execute(query)}


@dataclass(frozen=True)
class ParticipantRow:
    year: int
    direction: str
    kind: str
    participants: int


def participants(filters: Filters) -> list[ParticipantRow]:
    """Beneficiaries of counted stays by call year, direction and kind (plan 2.C.2); kinds without one left out."""
    query = (summarised(select(Call.year, T.direction, *(func.sum(column) for column in KIND_COLUMNS.values()))
                        .select_from(T), filters)
             .where(counted()).group_by(Call.year, T.direction).order_by(Call.year, T.direction))
    return [ParticipantRow(year, direction, kind, int(n)) for year, direction, *counts in db.session.execute(query)
            for kind, n in zip(KIND_COLUMNS, counts, strict=True) if n]


@dataclass(frozen=True)
class Reach:
    centres: int  # centres with at least one submitted application (plan 1.A.3)
    all_centres: int
    service_centres: int  # distinct school service centres / school boards of those centres
    centres_outside_cmm: int
    participants_in_cmm: int
    participants_outside_cmm: int
    countries: int
    partners: int

    @property
    def centre_share(self) -> float | None:
        return self.centres / self.all_centres if self.all_centres else None


def reach(filters: Filters) -> Reach:
    """Centres, countries and partners among submitted applications; participants of counted stays, by CMM."""
    outside = Centre.in_cmm.is_(False)
    taking_part = summarised(
        select(func.count(func.distinct(T.organisation_id)),
               func.count(func.distinct(Centre.parent_body)),
               func.count(func.distinct(case((outside, T.organisation_id)))),
               func.count(func.distinct(T.destination_country)),
               func.count(func.distinct(T.partner_id))).select_from(T), filters).where(T.submitted.is_(True))
    beneficiaries = summarised(
        select(func.coalesce(func.sum(case((Centre.in_cmm.is_(True), people()), else_=0)), 0),
               func.coalesce(func.sum(case((outside, people()), else_=0)), 0)).select_from(T),
        filters).where(counted())
    all_centres = (select(func.count(Organisation.id))
                   .where(Organisation.kind == OrganisationKind.CENTRE, Organisation.active.is_(True))
                   .scalar_subquery())
    first, second = taking_part.subquery(), beneficiaries.subquery()
    row = db.session.execute(select(first, second, all_centres).select_from(first.join(second, true()))).one()
    centres, service_centres, centres_outside, countries, partners, in_cmm, out_cmm, total = row
    return Reach(centres=centres, all_centres=total, service_centres=service_centres,
                 centres_outside_cmm=centres_outside, participants_in_cmm=int(in_cmm),
                 participants_outside_cmm=int(out_cmm),
                 countries=countries, partners=partners)


def participants_by_country(filters: Filters) -> list[tuple[str, int]]:
    total = func.sum(people())
    query = (summarised(select(T.destination_country, total).select_from(T), filters, lean=True)
             .where(counted()).group_by(T.destination_country).having(total > 0)
             .order_by(total.desc(), T.destination_country))
    return [(country or "", int(n)) for country, n in db.session.execute(query)]

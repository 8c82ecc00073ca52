"""Who takes part: applications by status, participants by kind/direction/year, centres and school service
centres, the CMM split, countries and partners. One GROUP BY query each."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select, true

from portal.extensions import db
from portal.indicators.filters import Centre, Filters, scoped
from portal.models import Application, ApplicationStatus, Call, Organisation, OrganisationKind, Participant

S = ApplicationStatus
# Stays that happen or happened: their participants are the program's beneficiaries (plan 2.C.2).
COUNTED = (S.APPROVED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED)


def counted():
    return Application.status.in_([str(s) for s in COUNTED])


def submitted():
    return Application.submitted_at.is_not(None)


def status_counts(filters: Filters) -> dict[str, int]:
    query = scoped(select(Application.status, func.count(Application.id)), filters).group_by(Application.status)
    return {status: count for status, count in db.session.execute(query)}


@dataclass(frozen=True)
class ParticipantRow:
    year: int
    direction: str
    kind: str
    participants: int


def participants(filters: Filters) -> list[ParticipantRow]:
    """Beneficiaries of counted stays by call year, direction and kind (plan 2.C.2)."""
    query = (scoped(select(Call.year, Application.direction, Participant.kind, func.count(Participant.id))
                    .select_from(Participant).join(Application, Application.id == Participant.application_id),
                    filters)
             .where(counted())
             .group_by(Call.year, Application.direction, Participant.kind)
             .order_by(Call.year, Application.direction, Participant.kind))
    return [ParticipantRow(*row) for row in db.session.execute(query)]


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
    taking_part = scoped(
        select(func.count(func.distinct(Application.organisation_id)),
               func.count(func.distinct(Centre.parent_body)),
               func.count(func.distinct(case((outside, Application.organisation_id)))),
               func.count(func.distinct(Application.destination_country)),
               func.count(func.distinct(Application.partner_id))), filters).where(submitted())
    people = scoped(
        select(func.count(case((Centre.in_cmm.is_(True), Participant.id))),
               func.count(case((outside, Participant.id))))
        .select_from(Participant).join(Application, Application.id == Participant.application_id),
        filters).where(counted())
    all_centres = (select(func.count(Organisation.id))
                   .where(Organisation.kind == OrganisationKind.CENTRE, Organisation.active.is_(True))
                   .scalar_subquery())
    first, second = taking_part.subquery(), people.subquery()
    row = db.session.execute(select(first, second, all_centres).select_from(first.join(second, true()))).one()
    centres, service_centres, centres_outside, countries, partners, in_cmm, out_cmm, total = row
    return Reach(centres=centres, all_centres=total, service_centres=service_centres,
                 centres_outside_cmm=centres_outside, participants_in_cmm=in_cmm, participants_outside_cmm=out_cmm,
                 countries=countries, partners=partners)


def participants_by_country(filters: Filters) -> list[tuple[str, int]]:
    query = (scoped(select(Application.destination_country, func.count(Participant.id))
                    .select_from(Participant).join(Application, Application.id == Participant.application_id),
                    filters)
             .where(counted()).group_by(Application.destination_country)
             .order_by(func.count(Participant.id).desc(), Application.destination_country))
    return [(country or "", n) for country, n in db.session.execute(query)]

"""Places taken at each partner per calendar year (partner_bookings): the participants of the applications that hold
places there (submitted to closed; a withdrawn or rejected one frees them), counted in the year of their first day.

The reciprocity summary's flush hook keeps it current (portal/partners/reciprocity_summary.py): it reads each changed
application's status, first day, partner and participants before and after the flush, and adds the difference of
their `contribution` here as it does for the person-days. The pairing page then reads one row per partner for the
application's year instead of counting every participant of that year's applications.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Application, ApplicationStatus, Participant, PartnerBooking
from portal.models.summaries import add_to_row, replace_rows, summary_rows

S = ApplicationStatus
BOOKING_STATUSES = (S.SUBMITTED, S.CHANGES_REQUESTED, S.RECOMMENDED, S.APPROVED, S.IN_PROGRESS, S.COMPLETED,
                    S.CLOSED)
KIND = "booked"  # the summary hook's key for these counts: (KIND, partner id, year, "participants")


def contribution(status: str, start: date | None, partner_id: int | None, participants: int) -> Counter:
    """What one application adds to the bookings, keyed as the summary hook keys its counts."""
    if status not in BOOKING_STATUSES or start is None or partner_id is None or not participants:
        return Counter()
    return Counter({(KIND, partner_id, start.year, "participants"): participants})


def upsert(dialect: str, key: tuple[int, int], difference: int):
    return add_to_row(dialect, PartnerBooking, {"partner_id": key[0], "year": key[1]}, {"participants": difference})


def year_rows(year: int) -> Select:
    """The summary's rows of a year: places taken at each partner that has any."""
    return (select(PartnerBooking.partner_id, PartnerBooking.participants)
            .where(PartnerBooking.year == year, PartnerBooking.participants > 0))


def booked_of_year(year: int) -> Counter[int]:
    """Places taken at each partner in `year`, by every application that holds places."""
    return Counter({partner_id: int(participants) for partner_id, participants in summary_rows(year_rows(year))})


def own_booking(application: Application, year: int | None) -> Counter[int]:
    """The places an application itself takes in `year` (at its partner, if it holds places there)."""
    start = application.start_date
    return Counter({partner_id: count for (_kind, partner_id, _year, _column), count in contribution(
        application.status, start if start is not None and start.year == year else None, application.partner_id,
        len(application.participants)).items()})


def from_scratch(session: Session | None = None) -> dict[tuple[int, int], int]:
    """The bookings counted from the applications and their participants: rebuild and tests."""
    session = session or db.session
    if session.get_bind().dialect.name == "postgresql":
        year = cast(func.extract("year", Application.start_date), Integer)
    else:
        year = cast(func.strftime("%Y", Application.start_date), Integer)
    rows = session.execute(
        select(Application.partner_id, year, func.count(Participant.id))
        .join(Participant, Participant.application_id == Application.id)
        .where(Application.partner_id.is_not(None), Application.start_date.is_not(None),
               Application.status.in_([str(status) for status in BOOKING_STATUSES]))
        .group_by(Application.partner_id, year))
    return {(partner_id, int(year_of)): int(count) for partner_id, year_of, count in rows}


def stored(session: Session | None = None) -> dict[tuple[int, int], int]:
    """The bookings as kept, without rows brought back to nothing."""
    session = session or db.session
    return {(row.partner_id, row.year): row.participants
            for row in session.scalars(select(PartnerBooking)).all() if row.participants}


def rebuild(session: Session | None = None) -> int:
    """Count every booking again from the applications (after bulk SQL); returns the rows written."""
    session = session or db.session
    return replace_rows(session, PartnerBooking, [
        {"partner_id": partner_id, "year": year, "participants": participants}
        for (partner_id, year), participants in from_scratch(session).items()])

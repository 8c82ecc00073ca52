"""What each role has to do next, for its home page (queries only; no rules here).

Built for 100 000 applications: every counter comes from one aggregate query per role, every list is LIMITed to
the few rows a home shows (with a link to the full, filtered list) and loads what it displays in the same query.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import ORMOption

from portal.core.clock import utcnow
from portal.extensions import db, services
from portal.funding.carbon_summary import COUNTED as SUMMARISED
from portal.models import (
    Application,
    Call,
    CallCarbonTotal,
    FinalReport,
    Organisation,
    Pairing,
    Participant,
    Program,
    ReportStatus,
    Role,
    User,
    paging,
)
from portal.models import (
    ApplicationStatus as S,
)
from portal.models.amendments import Amendment, waiting_for

# The coordinator's "projects by status", in the order the home lists them.
COORDINATOR_STATUSES = (S.SUBMITTED, S.CHANGES_REQUESTED, S.RECOMMENDED, S.APPROVED, S.IN_PROGRESS, S.COMPLETED,
                        S.CLOSED)
SHOWN = 5  # rows per list on a home page; the counter links to the rest
PARTICIPATIONS_SHOWN = 20
ANSWERS_SINCE = timedelta(days=30)


@dataclass
class Todo:
    """One kind of pending work: how many, and the first few."""

    key: str
    count: int
    items: list[Any] = field(default_factory=list)
    capped: bool = False  # more than count: the home says "1 000+", the list behind it has them all


def capped_todo(key: str, count: int, items: list[Any]) -> Todo:
    """A counter that stops at paging.COUNT_CAP, as the queues' counts do: its cost is the cap's, not the table's."""
    return Todo(key, min(count, paging.COUNT_CAP), items, capped=count > paging.COUNT_CAP)


def capped_applications(condition):
    return paging.capped_count_of(select(Application.id).where(condition))


def for_user(user: User) -> dict[str, Any]:
    builders = {
        Role.STAFF: staff_home,
        Role.COORDINATOR: coordinator_home,
        Role.MINISTRY: ministry_home,
        Role.PARTICIPANT: participant_home,
        Role.ADMIN: admin_home,
    }
    return builders[user.role](user)


def open_calls(*options: ORMOption) -> list[Call]:
    """The calls open now, with their program (the new-project form offers its countries) and what `options` load."""
    now = utcnow()
    return list(db.session.scalars(
        select(Call).where(Call.opens_at <= now, Call.closes_at >= now).order_by(Call.closes_at)
        .options(joinedload(Call.program), *options)))


def status_counts(*conditions) -> dict[str, int]:
    query = select(Application.status, func.count()).group_by(Application.status)
    for condition in conditions:
        query = query.where(condition)
    return {status: count for status, count in db.session.execute(query)}


def all_status_counts(statuses=COORDINATOR_STATUSES) -> dict[str, int]:
    """Projects by status over the whole portal: the statuses the carbon summary keeps (its per call, status and
    direction counts: a few hundred rows, kept current by every change of an application) summed there, the others
    (changes requested) counted over their own rows of the status index, never a scan of every application."""
    summarised = [str(s) for s in statuses if s in SUMMARISED]
    counts = {status: int(n) for status, n in db.session.execute(
        select(CallCarbonTotal.status, func.sum(CallCarbonTotal.applications))
        .where(CallCarbonTotal.status.in_(summarised)).group_by(CallCarbonTotal.status))}
    others = [str(s) for s in statuses if s not in SUMMARISED]
    if others:
        counts.update(status_counts(Application.status.in_(others)))
    return {str(status): counts.get(str(status), 0) for status in statuses}


def count_each(conditions: dict[str, Any], *scope) -> dict[str, int]:
    """Several counters in one pass over the applications (one query, one row)."""
    columns = [func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(key)
               for key, condition in conditions.items()]
    row = db.session.execute(select(*columns).select_from(Application).where(*scope)).one()
    return {key: int(value) for key, value in zip(conditions, row, strict=True)}


def first(*conditions, order=None, eager=()) -> list[Application]:
    query = select(Application).where(*conditions).limit(SHOWN)
    query = query.order_by(*(order if order is not None else (Application.updated_at.desc(), Application.id.desc())))
    for relation in eager:
        query = query.options(joinedload(relation))
    return list(db.session.scalars(query))


def final_report_missing():
    """Completed stays whose final report has not been sent (none, a draft, or corrections asked)."""
    return ~exists().where(FinalReport.application_id == Application.id,
                           FinalReport.status.in_((ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)))


def staff_conditions(today: date) -> dict[str, Any]:
    return {
        "drafts": Application.status == S.DRAFT,
        "changes_requested": Application.status == S.CHANGES_REQUESTED,
        "to_start": and_(Application.status == S.APPROVED, Application.start_date <= today),
        "to_complete": and_(Application.status == S.IN_PROGRESS, Application.end_date <= today),
        "final_missing": and_(Application.status == S.COMPLETED, final_report_missing()),
    }


def staff_home(user: User, today: date | None = None) -> dict[str, Any]:
    today = today or services.clock.today()
    mine = Application.organisation_id == user.organisation_id
    conditions = staff_conditions(today)
    counts = count_each(conditions, mine)
    todos = [Todo(key, counts[key], first(mine, condition) if counts[key] else [])
             for key, condition in conditions.items()]
    return {"todos": todos, "counts": status_counts(mine), "open_calls": open_calls(),
            "centre": db.session.get(Organisation, user.organisation_id) if user.organisation_id else None,
            "recent": first(mine, eager=(Application.call,))}


def to_pair_condition():
    """Waiting for review or decision, and no partner has been proposed or confirmed for it yet."""
    return and_(Application.status.in_((S.SUBMITTED, S.RECOMMENDED)),
                ~exists().where(Pairing.application_id == Application.id, Pairing.status != "declined"))


def amendments_waiting(role: str):
    """How many amendments wait for this role's decision, as a scalar subquery."""
    return select(func.count()).select_from(waiting_for(role, ids_only=True).subquery()).scalar_subquery()


def amendments_todo(role: str, count: int | None = None) -> Todo:
    """Amendments waiting for this role's decision: how many (unless the page counted them with its other
    counters) and the oldest few."""
    if count is None:
        count = db.session.scalar(select(amendments_waiting(role)))
    return Todo("amendments", count or 0, list(db.session.scalars(
        waiting_for(role).order_by(Amendment.proposed_at, Amendment.id).limit(SHOWN))))


def coordinator_home(user: User) -> dict[str, Any]:
    since = utcnow() - ANSWERS_SINCE
    answers = select(Pairing, Application).join(Application, Application.id == Pairing.application_id).where(
        Pairing.partner_responded_at >= since)
    finals = select(FinalReport, Application).join(Application, Application.id == FinalReport.application_id).where(
        FinalReport.status == ReportStatus.SUBMITTED)
    # Every counter of the page in one statement; every pairing has its application, so no join to count them.
    # count(*), not count(id): PostgreSQL then reads the partial indexes alone (2 ms -> 0.1 ms at 100 000 applications).
    counts = paging.counts_at_once(
        to_analyse=capped_applications(Application.status == S.SUBMITTED),
        to_pair=capped_applications(to_pair_condition()),
        partner_answers=select(func.count()).where(Pairing.partner_responded_at >= since).scalar_subquery(),
        final_reports=select(func.count()).select_from(FinalReport)
        .where(FinalReport.status == ReportStatus.SUBMITTED).scalar_subquery(),
        amendments=amendments_waiting(Role.COORDINATOR))
    in_order = (Application.submitted_at, Application.id)
    todos = [
        capped_todo("to_analyse", counts["to_analyse"], first(
            Application.status == S.SUBMITTED, order=in_order, eager=(Application.organisation,))),
        capped_todo("to_pair", counts["to_pair"], first(
            to_pair_condition(), order=in_order, eager=(Application.organisation,))),
        Todo("partner_answers", counts["partner_answers"], list(db.session.execute(
            answers.options(joinedload(Pairing.partner)).order_by(Pairing.partner_responded_at.desc()).limit(SHOWN)))),
        Todo("final_reports", counts["final_reports"], list(db.session.execute(
            finals.order_by(FinalReport.submitted_at, FinalReport.id).limit(SHOWN)))),
    ]
    return {"todos": todos, "counts": all_status_counts(), "open_calls": open_calls(),
            "amendments": amendments_todo(Role.COORDINATOR, counts["amendments"])}


def ministry_home(user: User) -> dict[str, Any]:
    calls = db.session.scalars(select(Call).order_by(Call.year.desc(), Call.id)).all()
    waiting = db.session.execute(
        select(Application.call_id, func.count(), func.coalesce(func.sum(Application.requested_total_cents), 0))
        .where(Application.status == S.RECOMMENDED).group_by(Application.call_id)).all()
    pending = {call_id: count for call_id, count, _ in waiting}
    return {
        "calls": calls, "pending": pending, "pending_cents": {call_id: cents for call_id, _, cents in waiting},
        "to_decide": Todo("to_decide", sum(pending.values()), first(
            Application.status == S.RECOMMENDED, order=(Application.submitted_at, Application.id),
            eager=(Application.organisation,))),
        "amendments": amendments_todo(Role.MINISTRY),
    }


def participant_home(user: User) -> dict[str, Any]:
    participations = db.session.scalars(
        select(Participant).where(Participant.user_id == user.id).options(joinedload(Participant.application))
        .order_by(Participant.id.desc()).limit(PARTICIPATIONS_SHOWN)
    ).all()
    past = [p for p in participations if p.application.status in (S.COMPLETED, S.CLOSED)]
    coming = [p for p in participations if p not in past]
    return {"participations": participations, "past": past, "coming": coming}


def admin_home(user: User) -> dict[str, Any]:
    return {
        "programs": db.session.scalars(select(Program).order_by(Program.code)).all(),
        "calls": db.session.scalars(select(Call).order_by(Call.year.desc(), Call.id)).all(),
        "user_counts": dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all()),
        "organisation_counts": dict(db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)).all()),
    }

"""What each role sees on its home page (queries only; no rules here)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Call, Organisation, Participant, Program, Role, User


def for_user(user: User) -> dict[str, Any]:
    builders = {
        Role.STAFF: staff_home,
        Role.COORDINATOR: coordinator_home,
        Role.MINISTRY: ministry_home,
        Role.PARTICIPANT: participant_home,
        Role.ADMIN: admin_home,
    }
    return builders[user.role](user)


def open_calls() -> list[Call]:
    now = utcnow()
    return list(db.session.scalars(
        select(Call).where(Call.opens_at <= now, Call.closes_at >= now).order_by(Call.closes_at)
    ))


def status_counts(*conditions) -> dict[str, int]:
    query = select(Application.status, func.count()).group_by(Application.status)
    for condition in conditions:
        query = query.where(condition)
    return {status: count for status, count in db.session.execute(query)}


def staff_home(user: User) -> dict[str, Any]:
    applications = db.session.scalars(
        select(Application).where(Application.organisation_id == user.organisation_id)
        .order_by(Application.updated_at.desc())
    ).all()
    return {"applications": applications, "open_calls": open_calls(), "centre": user.organisation}


def coordinator_home(user: User) -> dict[str, Any]:
    waiting = db.session.scalars(
        select(Application).where(Application.status == ApplicationStatus.SUBMITTED)
        .order_by(Application.submitted_at)
    ).all()
    return {"counts": status_counts(), "waiting": waiting, "open_calls": open_calls()}


def ministry_home(user: User) -> dict[str, Any]:
    calls = db.session.scalars(select(Call).order_by(Call.year.desc(), Call.id)).all()
    pending = dict(db.session.execute(
        select(Application.call_id, func.count()).where(Application.status == ApplicationStatus.RECOMMENDED)
        .group_by(Application.call_id)
    ).all())
    return {"calls": calls, "pending": pending}


def participant_home(user: User) -> dict[str, Any]:
    participations = db.session.scalars(
        select(Participant).where(Participant.user_id == user.id).order_by(Participant.id.desc())
    ).all()
    return {"participations": participations}


def admin_home(user: User) -> dict[str, Any]:
    return {
        "programs": db.session.scalars(select(Program).order_by(Program.code)).all(),
        "calls": db.session.scalars(select(Call).order_by(Call.year.desc(), Call.id)).all(),
        "user_counts": dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all()),
        "organisation_counts": dict(db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)).all()),
    }

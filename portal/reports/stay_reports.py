"""Participants' reports: draft, submit once (then read-only), and who may read them.

Minors' reports are read by their centre and the coordinators only; anyone else gets a 404.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.applications.participants import is_minor
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Participant, ReportStatus, Role, StayReport, User
from portal.models.reports import SATISFACTION_ITEMS
from portal.privacy import consent

SCALE_FIELDS = ("language_progress", *(f"satisfaction_{item}" for item in SATISFACTION_ITEMS))
TEXT_FIELDS = ("competencies", "advice", "comments")


def report_of(participant: Participant) -> StayReport | None:
    return db.session.scalar(select(StayReport).where(StayReport.participant_id == participant.id))


def report_for(participant: Participant) -> StayReport:
    """The participant's report, created (as an empty draft) on first use."""
    report = report_of(participant)
    if report is None:
        report = StayReport(participant_id=participant.id, status=ReportStatus.DRAFT)
        db.session.add(report)
        db.session.flush()
    return report


def is_submitted(report: StayReport | None) -> bool:
    return report is not None and report.status == ReportStatus.SUBMITTED


def expects_report(participant: Participant) -> bool:
    """Participants who can be reached (an e-mail or an account) are expected to report."""
    return bool(participant.email) or participant.user_id is not None


def is_own(user: User, participant: Participant) -> bool:
    if user is None or not user.is_authenticated or user.role != Role.PARTICIPANT:
        return False
    if participant.user_id is not None:
        return participant.user_id == user.id
    return bool(participant.email) and participant.email.strip().lower() == user.email


def can_read(user: User, participant: Participant) -> bool:
    if is_own(user, participant):
        return True
    if user is None or not user.is_authenticated:
        return False
    application = participant.application
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.STAFF:
        return application.owned_by(user)
    if user.role in (Role.MINISTRY, Role.ADMIN):
        return not is_minor(participant.birth_date, application)
    return False


def participations_of(user: User) -> list[Participant]:
    """A participant account's participations: linked to the account, or listed under its e-mail."""
    return list(db.session.scalars(
        select(Participant).where((Participant.user_id == user.id)
                                  | ((Participant.user_id.is_(None)) & (func.lower(Participant.email) == user.email)))
        .order_by(Participant.id.desc()).options(joinedload(Participant.application))))


def open_for_reports(application: Application) -> bool:
    return application.status == ApplicationStatus.COMPLETED


def _lock(report: StayReport) -> StayReport:
    return db.session.execute(select(StayReport).where(StayReport.id == report.id).with_for_update()
                              .options(selectinload(StayReport.participant))  # the consent sync reads it
                              .execution_options(populate_existing=True)).scalar_one()


def missing_for_submission(values: dict[str, Any]) -> list[str]:
    problems = []
    if not (values.get("competencies") or "").strip():
        problems.append(gettext("Describe the competencies you practised."))
    if any(values.get(name) is None for name in SCALE_FIELDS):
        problems.append(gettext("Answer every scale from 1 to 5."))
    return problems


def save(participant: Participant, values: dict[str, Any], *, submit: bool, actor: User | None = None,
         at: datetime | None = None) -> StayReport:
    """Save the answers as a draft, or submit them (once). Refusals change nothing."""
    at = at or utcnow()
    if not open_for_reports(participant.application):
        raise Conflict(gettext("Reports can only be filed once the stay is completed and until the file "
                                        "is closed."))
    already = gettext("This report has already been submitted; it can no longer be changed.")
    if is_submitted(report_of(participant)):
        raise Conflict(already)
    for name in SCALE_FIELDS:
        value = values.get(name)
        if value is not None and not (isinstance(value, int) and 1 <= value <= 5):
            raise InvalidInput(gettext("Scales go from 1 to 5."))
    if submit:
        problems = missing_for_submission(values)
        if problems:
            raise InvalidInput(" ".join(problems))
    report = _lock(report_for(participant))
    if is_submitted(report):  # submitted by a concurrent request while this one was checking
        raise Conflict(already)
    for name in (*TEXT_FIELDS, *SCALE_FIELDS):
        setattr(report, name, (values.get(name) or "").strip() if name in TEXT_FIELDS else values.get(name))
    report.quote_consent = bool(values.get("quote_consent"))
    db.session.flush()
    consent.sync_from_report(report, actor)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = at
        add_event(actor, "stay_report.submitted", "stay_report", report.id,
                  after={"participant_id": participant.id, "application_id": participant.application_id})
    db.session.flush()
    return report


#: The report form's languages (the participant's choice is kept for the next visit and the reminders).
REPORT_LANGUAGES = ("fr", "en")


def report_language(participant: Participant) -> str:
    return participant.locale if participant.locale in REPORT_LANGUAGES else REPORT_LANGUAGES[0]


def choose_language(participant: Participant, language: str) -> None:
    """Remember the language the participant chose on the report form; InvalidInput for any other."""
    if language not in REPORT_LANGUAGES:
        raise InvalidInput(gettext("Choose French or English."))
    if participant.locale != language:
        participant.locale = language
        db.session.flush()

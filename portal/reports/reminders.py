"""Reminders 7 and 21 days after the invitation while a participant's report is missing.

The clock is a parameter so the schedule can be checked at any moment; `flask --app wsgi send-report-reminders`
runs it daily from cron.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Participant, ReportStatus, StayReport
from portal.reports import invitations

REMINDER_DAYS = (7, 21)


def due_reminder(report: StayReport, now: datetime) -> int | None:
    """The number (1, 2…) of the reminder due now, or None. A late run sends only the latest one due."""
    if report.invited_at is None or report.status == ReportStatus.SUBMITTED:
        return None
    due = None
    for number, days in enumerate(REMINDER_DAYS, start=1):
        if now >= report.invited_at + timedelta(days=days) and report.reminders_sent < number:
            due = number
    return due


def send_report_reminders(clock: Callable[[], datetime] = utcnow) -> int:
    """Queue the reminders due at `clock()`; returns how many. The caller commits."""
    now = clock()
    reports = db.session.scalars(
        select(StayReport).join(Participant, Participant.id == StayReport.participant_id)
        .join(Application, Application.id == Participant.application_id)
        .where(Application.status == ApplicationStatus.COMPLETED, StayReport.status != ReportStatus.SUBMITTED,
               StayReport.invited_at.is_not(None), StayReport.reminders_sent < len(REMINDER_DAYS),
               Participant.email.is_not(None), Participant.email != "")
        .order_by(StayReport.id)
        .options(contains_eager(StayReport.participant).contains_eager(Participant.application))).all()
    sent = 0
    for report in reports:
        number = due_reminder(report, now)
        if number is None:
            continue
        invitations.send_link(report.participant, invitations.REMINDER)
        report.reminders_sent = number
        report.last_reminder_at = now
        sent += 1
    db.session.flush()
    return sent

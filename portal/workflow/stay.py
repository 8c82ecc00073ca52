"""After approval: staff start and complete the stay (dates checked), the coordinator closes the file.

Each step goes through guard()/record() (Decision + AuditEvent) and queues mail; completing the stay invites the
participants to their reports. Operations only add and flush; the view commits once.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from flask_babel import format_date, gettext

from portal.accounts.recipients import active_coordinators
from portal.applications import policy
from portal.care import readiness
from portal.core.clock import utcnow
from portal.core.errors import Conflict
from portal.extensions import db, services
from portal.models import Application, Decision, ReportStatus, User
from portal.reports import final, invitations, mailing
from portal.workflow import operations
from portal.workflow.transitions import Action


def ensure_day_reached(day: date | None, today: date | None, refusal: Callable[[str], str]) -> None:
    """The stay date guard: a step of the stay waits for its day (a Québec calendar day, from the app's clock);
    refused before that day, or while the day is not known."""
    today = today or services.clock.today()
    if day is None or today < day:
        raise Conflict(refusal(format_date(day, "long") if day else "—"))


def start_stay(application: Application, actor: User, today: date | None = None) -> Decision:
    """Staff of the centre: the stay has begun (not before its first day, and not before every participant's care
    items and the stay's itinerary and local contact are recorded: portal/care/readiness.py)."""
    found = operations.guard(application, actor, Action.START_STAY, policy.can_edit)
    ensure_day_reached(application.start_date, today, lambda day: gettext(
        "The stay starts on %(date)s: it cannot be marked in progress before that day.", date=day))
    missing = readiness.missing_care(application)
    if missing:
        raise Conflict(gettext("The stay cannot start before every care item is recorded:") + "\n"
                       + "\n".join(f"- {line}" for line in missing.messages()))
    decision = operations.record(application, actor, Action.START_STAY, found).decision
    db.session.flush()
    mailing.notify(active_coordinators(), application, mailing.STAY_STARTED)
    return decision


def complete_stay(application: Application, actor: User, today: date | None = None,
                  at: datetime | None = None) -> Decision:
    """Staff of the centre: the stay is over (not before its last day); every participant is invited to report."""
    found = operations.guard(application, actor, Action.COMPLETE_STAY, policy.can_edit)
    ensure_day_reached(application.end_date, today, lambda day: gettext(
        "The stay ends on %(date)s: it cannot be marked completed before that day.", date=day))
    decision = operations.record(application, actor, Action.COMPLETE_STAY, found).decision
    db.session.flush()
    invitations.invite_all(application, at or utcnow())
    mailing.notify(active_coordinators(), application, mailing.STAY_COMPLETED)
    return decision


def close(application: Application, actor: User, override_reason: str = "") -> Decision:
    """Coordinator: close the file once the final report is accepted.

    Missing participant reports or receipts refuse the closing unless the coordinator gives a reason, which is kept
    on the Decision and on the AuditEvent with what was missing.
    """
    found = operations.guard(application, actor, Action.CLOSE, policy.can_read)
    report = final.report_of(application)
    if report is None or report.status != ReportStatus.ACCEPTED:
        raise Conflict(gettext("The file can only be closed once the final report has been accepted."))
    missing = final.missing_items(application)
    reason = (override_reason or "").strip()
    if missing and not reason:
        raise Conflict(
            gettext("The file cannot be closed yet:") + "\n" + "\n".join(f"- {line}" for line in missing.messages())
            + "\n" + gettext("To close it anyway, give the reason for the exception."))
    comment = gettext("Closed despite missing items: %(reason)s", reason=reason) if missing else reason
    step = operations.record(application, actor, Action.CLOSE, found, comment=comment)
    if missing:
        step.event.after = {**(step.event.after or {}), "override_reason": reason,
                            "missing_reports": [p.id for p in missing.reports],
                            "missing_receipts": [line.id for line in missing.receipts]}
    db.session.flush()
    mailing.notify(mailing.staff_of(application), application, mailing.FILE_CLOSED, comment)
    return step.decision

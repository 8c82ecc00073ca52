"""Guarded workflow operations: check role, object access, state and data, then change, record, notify.

An operation only adds to the session and flushes; the view commits once. A refusal raises DomainError
before anything is changed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale, gettext
from sqlalchemy.orm import selectinload

from portal.accounts.recipients import active_coordinators
from portal.applications import eligibility, policy
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, NotFound, Refused
from portal.extensions import db
from portal.funding import budgets
from portal.i18n.labels import status_label
from portal.models import Application, ApplicationStatus, AuditEvent, Decision, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url
from portal.workflow import snapshots
from portal.workflow.transitions import Action, Transition, roles_for, transition

AccessCheck = Callable[[User, Application], bool]

# What submit walks: the budget it freezes, the partner the snapshot names. Options for the query that loads
# the application to submit.
SUBMIT_LOADS = (*budgets.RECOMPUTE_LOADS, selectinload(Application.partner))


def guard(application: Application, actor: User, action: str, has_access: AccessCheck) -> Transition:
    """The transition `actor` may take, or DomainError: 403 wrong role, 404 no access, 409 wrong state."""
    if actor is None or actor.role not in roles_for(action):
        raise Refused(gettext("Your role does not allow this action."))
    if not has_access(actor, application):
        raise NotFound(gettext("Application not found."))
    found = transition(application.status, action)
    if found is None or actor.role not in found.roles:
        raise Conflict(gettext("This action is not possible while the application is %(status)s.",
                                        status=status_label(application.status)))
    return found


@dataclass(frozen=True)
class Recorded:
    """What record() wrote for one step: its Decision and its AuditEvent (which a step may complete)."""

    decision: Decision
    event: AuditEvent


def record(application: Application, actor: User, action: str, found: Transition,
           comment: str = "") -> Recorded:
    """Change the status and append the Decision and the AuditEvent of this step."""
    before = application.status
    application.status = found.to_state
    decision = Decision(application_id=application.id, stage=found.stage_for(actor.role), action=str(action),
                        from_status=before, to_status=found.to_state, comment=comment or "", actor_id=actor.id)
    db.session.add(decision)
    event = add_event(actor, f"application.{action}", "application", application.id,
                      before={"status": str(before)}, after={"status": str(found.to_state)})
    return Recorded(decision, event)


def submit(application: Application, actor: User, at: datetime | None = None) -> Decision:
    """Submit a draft, or resubmit after a change request: eligibility at `at`, snapshot, mail to coordinators."""
    at = at or utcnow()
    action = Action.RESUBMIT if application.status == ApplicationStatus.CHANGES_REQUESTED else Action.SUBMIT
    found = guard(application, actor, action, policy.can_edit)
    budgets.freeze(application)
    failed = eligibility.blocking(eligibility.evaluate(application, at))
    if failed:
        lines = "\n".join(f"- {result.message}" for result in failed)
        raise Conflict(
            gettext("The application cannot be submitted yet:") + "\n" + lines, failed=failed)
    decision = record(application, actor, action, found).decision
    application.submitted_at = at
    db.session.flush()
    snapshot = snapshots.take(application)
    notify_coordinators(application, resubmitted=action == Action.RESUBMIT, snapshot_number=snapshot.number)
    return decision


def withdraw(application: Application, actor: User, comment: str = "") -> Decision:
    """Withdraw an application that is not approved yet."""
    found = guard(application, actor, Action.WITHDRAW, policy.can_edit)
    decision = record(application, actor, Action.WITHDRAW, found, comment=(comment or "").strip()).decision
    db.session.flush()
    return decision


def notify_coordinators(application: Application, *, resubmitted: bool, snapshot_number: int) -> None:
    """One message per active coordinator, in the coordinator's language; those who chose the daily digest
    (portal/accounts/digest.py) read about it there instead."""
    link = absolute_url("review.show", application_id=application.id)
    for coordinator in active_coordinators():
        if coordinator.digest_daily:
            continue
        with force_locale(coordinator.locale):
            subject = gettext("Application resubmitted: %(title)s", title=application.title) if resubmitted \
                else gettext("New application submitted: %(title)s", title=application.title)
            body = render_template(
                "mail/application_submitted.txt", user=coordinator, application=application,
                resubmitted=resubmitted, snapshot_number=snapshot_number, link=link,
                call_title=application.call.title(coordinator.locale))
        queue_mail(coordinator.email, subject, body, locale=coordinator.locale)


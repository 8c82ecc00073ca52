"""What school staff do to their project: create it, change it (its budget follows) and request amounts.

Operations take the acting user, check what the state allows (Conflict) and what was typed (InvalidInput), then
change the application, append an AuditEvent and flush; the view commits once.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from flask_babel import gettext as _

from portal import funding
from portal.audit.trail import add_event, changes_before_after
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.funding import budgets, cap_exceptions
from portal.i18n.labels import status_label
from portal.models import Application, ApplicationStatus, Call, User
from portal.workflow import transitions


@dataclass(frozen=True)
class ProjectValues:
    """The project's own fields, as the project form stands for them (names of the Application attributes)."""

    title: str
    trade_code: str
    trade_name: str
    direction: str
    group_kind: str
    destination_country: str
    destination_subdivision: str | None  # a Canadian province (CA-ON) for a stay in Canada, else None
    destination_city: str
    start_date: date | None
    end_date: date | None
    travel_days: int | None
    travel_mode: str
    objectives: str
    activities: str
    reciprocal_start: date | None
    reciprocal_end: date | None
    reciprocal_count: int | None
    partner_id: int | None
    quoted_transport_cents: int | None
    quote_justification: str

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in fields(cls))

    @classmethod
    def of(cls, application: Application) -> ProjectValues:
        """The application's current values."""
        return cls(**{name: getattr(application, name) for name in cls.names()})


def _apply(application: Application, values: ProjectValues) -> dict[str, tuple[Any, Any]]:
    """Write the values on the application; return {field: (before, after)} of what changed."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name in ProjectValues.names():
        before, after = getattr(application, name), getattr(values, name)
        if before != after:
            changes[name] = (before, after)
            setattr(application, name, after)
    return changes


def _audit(actor: User, action: str, application: Application, changes: dict[str, tuple[Any, Any]]) -> None:
    before, after = changes_before_after(changes)
    add_event(actor, action, "application", application.id, before=before, after=after)


def ensure_editable(application: Application) -> None:
    if not transitions.can_edit(application):
        raise Conflict(_(
            "This project can no longer be changed (status: %(status)s). A project can only be changed as a draft, "
            "or when the coordinator has asked for changes.", status=status_label(application.status)))


def create_application(actor: User, call: Call, values: ProjectValues) -> Application:
    """A draft project of the actor's centre for an open call (the form offers open calls only)."""
    application = Application(call=call, organisation_id=actor.organisation_id, created_by_id=actor.id,
                              status=ApplicationStatus.DRAFT)
    changes = _apply(application, values)
    db.session.add(application)
    db.session.flush()
    _audit(actor, "application.created", application, changes)
    budgets.keep_current(application)
    return application


def update_application(actor: User, application: Application, values: ProjectValues) -> dict[str, tuple[Any, Any]]:
    """Change an editable project; what changed ({field: (before, after)}, audited when not empty)."""
    ensure_editable(application)
    changes = _apply(application, values)
    if changes:
        _audit(actor, "application.updated", application, changes)
    budgets.keep_current(application)
    return changes


# --- budget -----------------------------------------------------------------------------------------------------

def ensure_budget_editable(application: Application) -> None:
    if not transitions.can_edit(application):
        raise Conflict(_("The budget of a submitted application cannot be changed."))


def request_amounts(actor: User, application: Application, typed: Mapping[int, int], justification: str,
                    locale: str) -> None:
    """Save the amounts requested per line (``typed``: line id → cents; lines left out keep the computed amount).
    Above the capped total only within an exception request (pending or approved; the ministry decides)."""
    ensure_budget_editable(application)
    if not application.funding_lines:
        raise budgets.budget_problem(_("The budget is computed as soon as the project has what it needs: see above "
                                      "what is missing."))
    if any(cents < 0 for cents in typed.values()):
        raise budgets.budget_problem(_("A requested amount cannot be negative."))
    requested = budgets.requested_by_line(application, typed)
    problems = funding.check_requested(sum(requested.values()), budgets.preview(application, locale),
                                       cap_exceptions.requested_cents(application), locale)
    if problems:
        raise InvalidInput("; ".join(problems), failed=problems)
    before = {str(line.id): line.requested_cents for line in application.funding_lines}
    budgets.set_requested(application, requested, justification)
    add_event(actor, "application.budget_requested", "application", application.id, before=before,
              after={str(line.id): line.requested_cents for line in application.funding_lines})

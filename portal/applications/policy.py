"""Who may see and change an application: one policy for every page and operation.

Anything a person may not see is "not found" (404), never "forbidden": existence is not disclosed.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm.interfaces import ORMOption

from portal.core.errors import NotFound
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Role

REVIEWER_ROLES = (Role.COORDINATOR, Role.MINISTRY, Role.ADMIN)


def can_read(user: Any, application: Application) -> bool:
    """The owning centre always; reviewers (coordinators, ministry, admin) once the centre has submitted it: a
    draft is the centre's business (a 404 for everyone else, as on the review pages)."""
    if application.owned_by(user):
        return True
    return user.role in REVIEWER_ROLES and application.status != ApplicationStatus.DRAFT


def can_edit(user: Any, application: Application) -> bool:
    """Staff of the owning centre only; whether the state allows editing is the workflow's business."""
    return application.owned_by(user)


def _get(application_id: int, for_update: bool, options: Sequence[ORMOption]) -> Application | None:
    """The application by id; with `options`, read from the database even when the session already holds it (a
    lock re-reads it anyway), so the options apply: the first read of a request costs the same."""
    return db.session.get(Application, application_id, with_for_update=for_update or None, options=list(options),
                          populate_existing=bool(options))


def application_for_staff(user: Any, application_id: int, *, for_update: bool = False,
                          options: Sequence[ORMOption] = ()) -> Application:
    """The application of this staff member's centre (row-locked when it is about to change), else NotFound;
    `options` load the relationships the caller walks (e.g. funding.budgets.RECOMPUTE_LOADS)."""
    application = _get(application_id, for_update, options)
    if application is None or not can_edit(user, application):
        raise NotFound()
    return application


def application_for_reader(user: Any, application_id: int, *, options: Sequence[ORMOption] = ()) -> Application:
    application = _get(application_id, False, options)
    if application is None or not can_read(user, application):
        raise NotFound()
    return application

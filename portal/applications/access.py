"""Object-level access: an application is visible only to those entitled to it, otherwise 404."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.extensions import db
from portal.models import Application, Role

REVIEWER_ROLES = (Role.COORDINATOR, Role.MINISTRY, Role.ADMIN)


def can_read(user, application: Application) -> bool:
    if user.role in REVIEWER_ROLES:
        return True
    return user.role == Role.STAFF and application.organisation_id == user.organisation_id


def can_edit(user, application: Application) -> bool:
    """Staff of the owning centre only; whether the state allows editing is the workflow's business."""
    return user.role == Role.STAFF and application.organisation_id == user.organisation_id


def application_for_staff(application_id: int, *, for_update: bool = False) -> Application:
    """The current staff user's application, or 404 (never 403: existence is not disclosed)."""
    application = db.session.get(Application, application_id, with_for_update=for_update or None)
    if application is None or not can_edit(current_user, application):
        abort(404)
    return application


def application_for_reader(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or not can_read(current_user, application):
        abort(404)
    return application

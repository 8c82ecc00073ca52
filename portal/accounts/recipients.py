"""Who receives what: the people a notification goes to."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, User


def active_coordinators() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.COORDINATOR, User.active.is_(True)).order_by(User.id)))

"""An administrator's client and the rated call / Québec → Lyon project of the budget tests."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Role
from tests.funding.budgets.conftest import project, quebec_centre, rated_call, staff  # noqa: F401  (fixtures)
from tests.helpers import fresh_client, login


def client_for(app, factories, role: str, **fields):
    user = factories.user(role, **fields)
    client = fresh_client(app)
    login(client, user)
    client.user = user
    return client


@pytest.fixture
def admin(app, factories):
    return client_for(app, factories, Role.ADMIN)


def audit_count(action: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalar(query)


def last_audit(action: str) -> AuditEvent:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id.desc())).first()


def page_text(response) -> str:
    return response.get_data(as_text=True)


def submit(application, user) -> None:
    """Submit through the workflow (imported late: the app has loaded every blueprint by then)."""
    from portal.core.clock import utcnow
    from portal.workflow import operations

    operations.submit(application, user, utcnow())

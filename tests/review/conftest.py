"""Fixtures for the review operations: an application in any state with two budget lines, users of every role."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, AuditEvent, Call, Decision, FundingLine, MailMessage, Role


@pytest.fixture(autouse=True)
def _request(request, app):
    if "no_db" in request.keywords:
        yield
        return
    with app.test_request_context():
        yield


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def state_of(application: Application) -> tuple:
    """Everything a refused (or rolled back) transition must leave as it was, read from the database."""
    db.session.flush()
    row = db.session.execute(select(Application.status, Application.version, Application.decided_at)
                             .where(Application.id == application.id)).one()
    lines = db.session.execute(select(FundingLine.id, FundingLine.requested_cents, FundingLine.approved_cents)
                               .where(FundingLine.application_id == application.id)
                               .order_by(FundingLine.id)).all()
    committed = db.session.scalar(select(Call.committed_cents).where(Call.id == application.call_id))
    return (tuple(row), tuple(map(tuple, lines)), committed,
            count(Decision, application_id=application.id),
            count(AuditEvent, object_type="application", object_id=application.id),
            count(MailMessage))


@pytest.fixture
def centre(factories):
    return factories.centre()


@pytest.fixture
def staff(factories, centre):
    return factories.user(Role.STAFF, organisation=centre, locale="fr")


@pytest.fixture
def coordinator(factories):
    return factories.user(Role.COORDINATOR, locale="en")


@pytest.fixture
def officer(factories):
    return factories.user(Role.MINISTRY, locale="fr")


@pytest.fixture
def make_application(factories, centre, staff):
    def make(status: str = "submitted", call=None, lines=(60_000, 40_000)) -> Application:
        application = factories.application(centre_org=centre, call_obj=call, created_by=staff, status=status)
        for cents in lines:
            factories.budget_line(application, computed_cents=cents, requested_cents=cents)
        db.session.refresh(application)
        return application
    return make

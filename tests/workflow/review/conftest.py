"""Fixtures for the review operations: an application in any state with two budget lines, users of every role."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Application, Role
from tests.helpers import application_state as state_of  # noqa: F401  (used by the tests)
from tests.helpers import count  # noqa: F401


@pytest.fixture(autouse=True)
def _request(request, app):
    if "no_db" in request.keywords:
        yield
        return
    with app.test_request_context():
        yield


@pytest.fixture
def coordinator(factories):
    return factories.user(Role.COORDINATOR, locale="en")


@pytest.fixture
def make_application(factories, centre, staff):
    def make(status: str = "submitted", call=None, lines=(60_000, 40_000)) -> Application:
        application = factories.application(centre_org=centre, call_obj=call, created_by=staff, status=status)
        for cents in lines:
            factories.budget_line(application, computed_cents=cents, requested_cents=cents)
        db.session.refresh(application)
        return application
    return make

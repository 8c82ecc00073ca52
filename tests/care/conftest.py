"""Fixtures of the care tests: an approved outgoing stay with one minor and one adult, no care item yet."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.extensions import db

START = date(2026, 6, 1)


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def bare_stay(factories, centre, staff):
    """Approved, starting on START; Zoé is 16 on that day, Marc is an adult."""
    application = factories.application(centre_org=centre, created_by=staff, status="approved", start_date=START,
                                        title="Cuisine à Lyon")
    application.end_date = START + timedelta(days=13)
    factories.participant(application, first_name="Zoé", last_name="Mineure", birth_date=date(2010, 3, 1),
                          email="zoe@example.com")
    factories.participant(application, first_name="Marc", last_name="Adulte", birth_date=date(1990, 3, 1))
    db.session.flush()
    db.session.refresh(application)
    return application

"""Fixtures for partners, pairing and reciprocity: users of each role, a partner, a submitted application."""
from __future__ import annotations

from datetime import date

import pytest

from portal.models import Role
from tests.helpers import count  # noqa: F401  (used by the tests)


@pytest.fixture
def in_request(app):
    """Operations called directly need a request (url_for, locale, remote address)."""
    with app.test_request_context():
        yield


@pytest.fixture
def centre(factories):
    return factories.centre(languages="fr")


@pytest.fixture
def coordinator(factories):
    return factories.user(Role.COORDINATOR, locale="en")


@pytest.fixture
def admin(factories):
    return factories.user(Role.ADMIN)


@pytest.fixture
def partner(factories):
    return factories.partner(name="Lycée des métiers de Lyon", country_code="FR", city="Lyon", languages="fr,en",
                             trades="5298", capacity_per_year=30, contact_name="Claire Martin",
                             contact_email="claire.martin@lycee.example")


@pytest.fixture
def submitted(factories, centre):
    """A submitted outgoing application in automobile mechanics, without a partner, with a minor and an adult."""
    application = factories.application(centre, status="submitted", trade_code="5298",
                                        trade_name="Mécanique automobile", start_date=date(2031, 3, 2))
    factories.participant(application, first_name="Zoé", last_name="Tremblay", birth_date=date(2015, 6, 1),
                          email="zoe.tremblay@example.com")
    factories.participant(application, first_name="Marc", last_name="Gagnon", kind="accompanying",
                          birth_date=date(1980, 1, 1))
    return application

"""Fixtures for the stay and the reports: a centre, people of every role, applications at each step."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, MailMessage
from tests.helpers import count  # noqa: F401  (used by the tests)

START = date(2026, 6, 1)
END = START + timedelta(days=13)


def mails_to(address: str) -> list[MailMessage]:
    return list(db.session.scalars(select(MailMessage).where(MailMessage.recipient == address)
                                   .order_by(MailMessage.id)))


@pytest.fixture
def request_ctx(app):
    """Operations called directly (no client) need a request context for gettext and absolute links."""
    with app.test_request_context():
        yield


@pytest.fixture
def make_stay(factories, centre, staff):
    """An application in `status` with two approved cost lines and the given participants (kwargs dicts)."""
    def make(status: str = "approved", participants=({"email": "ana@example.com", "locale": "fr"},
                                                     {"email": "ben@example.com", "locale": "en"}),
             lines=(60_000, 40_000)) -> Application:
        application = factories.application(centre_org=centre, created_by=staff, status=status, start_date=START,
                                            trade_name="Cuisine")
        application.end_date = END
        for fields in participants:
            factories.participant(application, **fields)
        for cents in lines:
            factories.budget_line(application, computed_cents=cents, requested_cents=cents, approved_cents=cents)
        db.session.flush()
        db.session.refresh(application)
        if status == "approved":
            factories.care_items(application)
        return application
    return make

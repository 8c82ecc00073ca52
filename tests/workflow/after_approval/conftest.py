"""Fixtures after approval: an application approved through the real operation (so the envelope's ledger holds it),
with two lines of 600,00 $ and 400,00 $ in a call of 10 000,00 $."""
from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.funding import envelopes
from portal.models import Application, Decision, EnvelopeMovement, Role
from portal.workflow import amendments, replacement, review
from tests.helpers import fresh_client, login

ENVELOPE = 1_000_000
LINES = (60_000, 40_000)


@pytest.fixture(autouse=True)
def _request(request, app):
    """Operations called directly need a request; page tests (with `browser`) make their own requests."""
    if "no_db" in request.keywords or "browser" in request.fixturenames:
        yield
        return
    with app.test_request_context():
        yield


@pytest.fixture
def browser(app):
    def open_as(user):
        client = fresh_client(app)
        login(client, user)
        return client
    return open_as


@pytest.fixture
def coordinator(factories):
    return factories.user(Role.COORDINATOR, locale="en")


@pytest.fixture
def partner(factories):
    return factories.partner()


@pytest.fixture
def call(factories):
    return factories.call(envelope_cents=ENVELOPE, committed_cents=0)


@pytest.fixture
def approved(factories, centre, staff, officer, call, partner):
    """make(lines=…, **fields): an application approved by the ministry, holding the sum of its lines."""
    def make(lines=LINES, **fields) -> Application:
        fields.setdefault("partner_id", partner.id)
        application = factories.application(centre_org=centre, call_obj=call, created_by=staff,
                                            status="recommended", **fields)
        factories.participant(application)
        for cents in lines:
            factories.budget_line(application, computed_cents=cents, requested_cents=cents)
        db.session.refresh(application)
        with current_app.test_request_context():
            review.approve(application, officer)
        # read again as the after-approval pages load it, with what their operations walk
        return db.session.get(Application, application.id, populate_existing=True,
                              options=[*amendments.PROPOSE_LOADS, *replacement.LOADS])
    return make


def envelope_of(call) -> envelopes.EnvelopeSummary:
    db.session.expire_all()
    return envelopes.summary(call)


def ledger_total(call) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(EnvelopeMovement.cents), 0))
                                 .where(EnvelopeMovement.call_id == call.id)))


def decisions(application, action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Decision)
                             .where(Decision.application_id == application.id, Decision.action == action))

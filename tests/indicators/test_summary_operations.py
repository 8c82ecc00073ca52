"""The indicators summary follows the portal's own operations (submission, review, withdrawal), not only direct
writes: after each one it equals the from-scratch computation."""
from __future__ import annotations

import pytest

from portal.models import Role
from portal.workflow import operations, review
from tests.indicators.test_summary import row


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def member(factories):
    return factories.user(Role.STAFF, organisation=factories.centre())


def test_submitting_marks_the_application_submitted(factories, member):
    application = factories.submittable_application(centre_org=member.organisation, created_by=member)
    operations.submit(application, member)
    values = row(application)
    assert (values["status"], values["submitted"]) == ("submitted", True)


def test_recommending_and_approving_follow_the_status(factories):
    application = factories.application(status="submitted")
    factories.budget_line(application, computed_cents=50_000)
    review.recommend(application, factories.user(Role.COORDINATOR))
    assert row(application)["status"] == "recommended"
    review.approve(application, factories.user(Role.MINISTRY))
    assert row(application)["status"] == "approved"


def test_withdrawing_follows_the_status(factories, member):
    application = factories.application(centre_org=member.organisation, status="submitted")
    operations.withdraw(application, member)
    assert row(application)["status"] == "withdrawn"

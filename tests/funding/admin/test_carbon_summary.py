"""The carbon page's summary (carbon_totals) stays equal to the same figures computed from the applications from
scratch after each operation that moves an application or changes its carbon; rebuild puts it right after SQL."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from portal.extensions import db
from portal.funding import carbon_summary, totals
from portal.models import Application, Role
from portal.workflow import operations, review


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def member(factories):
    return factories.user(Role.STAFF, organisation=factories.centre())


@pytest.fixture
def reviewer(factories):
    return factories.user(Role.COORDINATOR)


@pytest.fixture
def minister(factories):
    return factories.user(Role.MINISTRY)


def in_step() -> dict:
    """The summary as stored, checked against the from-scratch computation; returned for further assertions."""
    db.session.flush()
    stored = carbon_summary.stored()
    assert stored == carbon_summary.from_scratch()
    return stored


def bucket(application: Application, status: str | None = None) -> dict | None:
    return in_step().get((application.call_id, status or application.status, application.direction))


def counted(factories, status="submitted", kg=Decimal("120.4"), offset=361, **fields) -> Application:
    return factories.application(status=status, co2_kg=kg, offset_cents=offset, **fields)


def test_a_counted_application_adds_its_carbon_to_its_bucket(factories):
    application = counted(factories)
    assert bucket(application) == {"co2_tenths_kg": 1204, "offset_cents": 361, "computed": 1, "applications": 1}


def test_a_draft_is_not_in_the_summary(factories):
    application = counted(factories, status="draft")
    assert bucket(application) is None


def test_an_application_without_computed_carbon_counts_as_not_computed(factories):
    application = counted(factories, kg=None, offset=None)
    assert bucket(application) == {"co2_tenths_kg": 0, "offset_cents": 0, "computed": 0, "applications": 1}


def test_two_applications_of_one_call_add_up(factories):
    first = counted(factories)
    counted(factories, call_obj=first.call, kg=Decimal("0.6"), offset=2)
    assert bucket(first)["co2_tenths_kg"] == 1210 and bucket(first)["applications"] == 2


def test_submitting_a_draft_brings_its_computed_carbon_in(factories, member):
    application = factories.submittable_application(centre_org=member.organisation, created_by=member)
    operations.submit(application, member)
    assert bucket(application)["applications"] == 1


def test_recommending_moves_the_carbon_to_the_recommended_bucket(factories, reviewer):
    application = counted(factories)
    factories.budget_line(application, computed_cents=50_000)
    review.recommend(application, reviewer)
    assert bucket(application, "submitted") is None
    assert bucket(application, "recommended")["co2_tenths_kg"] == 1204


def test_approving_moves_the_carbon_to_the_approved_bucket(factories, minister):
    application = counted(factories, status="recommended")
    factories.budget_line(application, computed_cents=50_000, requested_cents=50_000)
    review.approve(application, minister)
    assert bucket(application, "recommended") is None
    assert bucket(application, "approved")["offset_cents"] == 361


def test_withdrawing_takes_the_carbon_out(factories, member):
    application = counted(factories, organisation=member.organisation, created_by=member)
    operations.withdraw(application, member)
    assert bucket(application, "submitted") is None


def test_a_recomputed_carbon_replaces_the_old_one(factories):
    application = counted(factories, status="approved")
    totals.refresh(application, SimpleNamespace(kg_co2e=Decimal("80.0"), offset_cents=240))  # what refresh reads
    assert bucket(application)["co2_tenths_kg"] == 800 and bucket(application)["offset_cents"] == 240


def test_a_change_made_without_reading_the_application_first_still_moves_its_share(factories):
    application = counted(factories)
    db.session.flush()
    db.session.expire(application)  # as after a commit: nothing loaded when the status is set
    application.status = "recommended"
    assert bucket(application, "submitted") is None and bucket(application, "recommended")["applications"] == 1


def test_an_incoming_stay_counts_in_its_own_direction(factories):
    application = counted(factories, direction="incoming")
    application.direction = "outgoing"
    assert bucket(application)["applications"] == 1
    assert in_step().get((application.call_id, "submitted", "incoming")) is None


def test_deleting_a_counted_application_takes_it_out(factories):
    application = counted(factories)
    db.session.flush()
    call_id = application.call_id
    db.session.delete(application)
    assert (call_id, "submitted", "outgoing") not in in_step()


def test_rebuild_puts_the_summary_right_after_a_change_made_in_sql(factories):
    application = counted(factories)
    db.session.flush()
    db.session.execute(update(Application).where(Application.id == application.id)
                       .values(status="approved").execution_options(synchronize_session=False))
    assert carbon_summary.stored() != carbon_summary.from_scratch()
    carbon_summary.rebuild()
    assert carbon_summary.stored() == carbon_summary.from_scratch()

"""submit / withdraw: guards (404 access, 403 role, 409 state or data), records, snapshot, mail to coordinators."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import ApplicationSnapshot, AuditEvent, Decision, MailMessage, Role
from portal.workflow import operations


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def state_of(application) -> tuple:
    """Everything a refused transition must leave as it was."""
    db.session.flush()
    return (
        db.session.scalar(select(type(application).status).where(type(application).id == application.id)),
        application.submitted_at,
        count(Decision, application_id=application.id),
        count(AuditEvent, object_type="application", object_id=application.id),
        count(ApplicationSnapshot, application_id=application.id),
        count(MailMessage),
    )


@pytest.fixture
def staff(factories):
    return factories.user(Role.STAFF)


@pytest.fixture
def ready(factories, staff):
    return factories.submittable_application(centre_org=staff.organisation, created_by=staff)


# --- submit ------------------------------------------------------------------------------------------------------

def test_submit_moves_a_draft_to_submitted(ready, staff):
    operations.submit(ready, staff)
    assert ready.status == "submitted"


def test_submit_records_the_submission_time(ready, staff):
    at = utcnow().replace(microsecond=0)
    operations.submit(ready, staff, at=at)
    db.session.expire(ready)
    assert ready.submitted_at == at


def test_submit_appends_a_staff_decision(ready, staff):
    operations.submit(ready, staff)
    decision = db.session.scalars(select(Decision).where(Decision.application_id == ready.id)).one()
    assert (decision.stage, decision.action, decision.from_status, decision.to_status, decision.actor_id) == (
        "staff", "submit", "draft", "submitted", staff.id)


def test_submit_appends_an_audit_event_with_before_and_after(ready, staff):
    operations.submit(ready, staff)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == ready.id,
                                                        AuditEvent.object_type == "application")).one()
    assert (event.action, event.actor_id, event.before, event.after) == (
        "application.submit", staff.id, {"status": "draft"}, {"status": "submitted"})


def test_submit_takes_snapshot_number_one(ready, staff):
    operations.submit(ready, staff)
    snapshot = db.session.scalars(select(ApplicationSnapshot).where(
        ApplicationSnapshot.application_id == ready.id)).one()
    assert (snapshot.number, snapshot.data["fields"]["title"]) == (1, ready.title)


def test_submit_queues_one_mail_per_active_coordinator_in_their_language(factories, ready, staff):
    french = factories.user(Role.COORDINATOR, locale="fr")
    english = factories.user(Role.COORDINATOR, locale="en")
    factories.user(Role.COORDINATOR, active=False)
    factories.user(Role.MINISTRY)
    before = {m.id for m in db.session.scalars(select(MailMessage))}
    operations.submit(ready, staff)
    queued = [m for m in db.session.scalars(select(MailMessage).order_by(MailMessage.id)) if m.id not in before]
    assert sorted((m.recipient, m.locale) for m in queued) == sorted(
        [(french.email, "fr"), (english.email, "en")])


def test_submission_mail_names_the_application(factories, ready, staff):
    coordinator = factories.user(Role.COORDINATOR)
    operations.submit(ready, staff)
    message = db.session.scalars(select(MailMessage).where(MailMessage.recipient == coordinator.email)).one()
    assert ready.title in message.subject and ready.title in message.body_text


def test_resubmit_after_a_change_request_records_a_resubmission(ready, staff):
    operations.submit(ready, staff)
    ready.status = "changes_requested"  # the coordinator's operation arrives with the review issue
    operations.submit(ready, staff)
    actions = db.session.scalars(select(Decision.action).where(Decision.application_id == ready.id)
                                 .order_by(Decision.id)).all()
    assert (ready.status, actions) == ("submitted", ["submit", "resubmit"])


def test_refused_submission_for_failed_rules_is_409_listing_them(factories, staff):
    application = factories.application(centre_org=staff.organisation)  # no participant, no documents
    with pytest.raises(DomainError) as refused:
        operations.submit(application, staff)
    failed = refused.value.failed
    assert refused.value.status_code == 409
    assert [r.code for r in failed] == ["has_participants", "required_documents", "funding_caps"]
    assert all(r.message in refused.value.message for r in failed)


def test_refused_submission_for_failed_rules_changes_nothing(factories, staff):
    application = factories.application(centre_org=staff.organisation)
    factories.user(Role.COORDINATOR)
    before = state_of(application)
    with pytest.raises(DomainError):
        operations.submit(application, staff)
    assert state_of(application) == before


def test_submission_one_second_past_the_deadline_is_refused(ready, staff):
    with pytest.raises(DomainError) as refused:
        operations.submit(ready, staff, at=ready.call.closes_at + timedelta(seconds=1))
    assert (refused.value.status_code, [r.code for r in refused.value.failed]) == (409, ["call_open"])


def test_submission_at_the_deadline_is_accepted(ready, staff):
    operations.submit(ready, staff, at=ready.call.closes_at)
    assert ready.status == "submitted"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MINISTRY, Role.ADMIN, Role.PARTICIPANT])
def test_submit_by_another_role_is_403_and_changes_nothing(factories, ready, role):
    actor = factories.user(role)
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.submit(ready, actor)
    assert (refused.value.status_code, state_of(ready)) == (403, before)


def test_submit_by_staff_of_another_centre_is_404_and_changes_nothing(factories, ready):
    outsider = factories.user(Role.STAFF)
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.submit(ready, outsider)
    assert (refused.value.status_code, state_of(ready)) == (404, before)


@pytest.mark.parametrize("status", ["submitted", "recommended", "approved", "rejected", "in_progress",
                                    "completed", "closed", "withdrawn"])
def test_submit_from_a_state_without_submission_is_409_and_changes_nothing(ready, staff, status):
    ready.status = status
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.submit(ready, staff)
    assert (refused.value.status_code, state_of(ready)) == (409, before)


# --- withdraw ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "recommended"])
def test_withdraw_before_approval_is_allowed(ready, staff, status):
    ready.status = status
    operations.withdraw(ready, staff, comment="Trip cancelled")
    decision = db.session.scalars(select(Decision).where(Decision.application_id == ready.id)).one()
    assert (ready.status, decision.stage, decision.action, decision.from_status, decision.comment) == (
        "withdrawn", "staff", "withdraw", status, "Trip cancelled")


def test_withdraw_appends_an_audit_event(ready, staff):
    operations.withdraw(ready, staff)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == ready.id,
                                                        AuditEvent.object_type == "application")).one()
    assert (event.action, event.before, event.after) == (
        "application.withdraw", {"status": "draft"}, {"status": "withdrawn"})


@pytest.mark.parametrize("status", ["approved", "in_progress", "completed", "closed", "rejected", "withdrawn"])
def test_withdraw_after_approval_or_an_end_is_409_and_changes_nothing(ready, staff, status):
    ready.status = status
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.withdraw(ready, staff)
    assert (refused.value.status_code, state_of(ready)) == (409, before)


def test_withdraw_by_a_coordinator_is_403_and_changes_nothing(factories, ready):
    coordinator = factories.user(Role.COORDINATOR)
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.withdraw(ready, coordinator)
    assert (refused.value.status_code, state_of(ready)) == (403, before)


def test_withdraw_by_staff_of_another_centre_is_404_and_changes_nothing(factories, ready):
    outsider = factories.user(Role.STAFF)
    before = state_of(ready)
    with pytest.raises(DomainError) as refused:
        operations.withdraw(ready, outsider)
    assert (refused.value.status_code, state_of(ready)) == (404, before)

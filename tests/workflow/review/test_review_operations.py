"""The review operations: what they record (decision, audit with money), the mail they queue, the envelope."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Call, Decision, FundingLine, MailMessage, Role
from portal.workflow import review
from tests.workflow.review.conftest import count, state_of


def mails() -> list[MailMessage]:
    return list(db.session.scalars(select(MailMessage).order_by(MailMessage.id)))


def audit_of(application, action: str) -> AuditEvent:
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_id == application.id, AuditEvent.action == f"application.{action}")).one()


# --- request changes ---------------------------------------------------------------------------------------------

def test_request_changes_reopens_for_staff_with_the_comment(make_application, coordinator, staff):
    application = make_application()
    decision = review.request_changes(application, coordinator, "  Add the agreement.  ")
    assert application.status == "changes_requested"
    assert (decision.stage, decision.comment, decision.actor_id) == ("coordinator", "Add the agreement.",
                                                                       coordinator.id)


def test_each_decision_mails_the_centre_staff_once_in_their_language(factories, make_application, coordinator,
                                                                     staff, centre):
    english = factories.user(Role.STAFF, organisation=centre, locale="en")
    factories.user(Role.STAFF)  # another centre: not told
    factories.user(Role.STAFF, organisation=centre, active=False)
    application = make_application()
    before = count(MailMessage)
    review.request_changes(application, coordinator, "Add the agreement.")
    queued = mails()[before:]
    assert sorted(m.recipient for m in queued) == sorted([staff.email, english.email])
    by_recipient = {m.recipient: m for m in queued}
    assert by_recipient[english.email].locale == "en"
    assert by_recipient[staff.email].locale == "fr"
    assert "Add the agreement." in by_recipient[english.email].body_text
    assert application.title in by_recipient[english.email].subject


def test_recommend_also_mails_the_ministry_officers(make_application, coordinator, staff, officer):
    application = make_application()
    before = count(MailMessage)
    review.recommend(application, coordinator, "Good project.")
    assert application.status == "recommended"
    assert sorted(m.recipient for m in mails()[before:]) == sorted([staff.email, officer.email])


# --- recommend with adjustments ----------------------------------------------------------------------------------

def test_recommend_adjusts_requested_lines_and_audits_the_amounts(make_application, coordinator):
    application = make_application()
    first, second = application.funding_lines
    review.recommend(application, coordinator, "Fine.", adjustments={first.id: 50_000}, reason="Rates too high.")
    assert (first.requested_cents, second.requested_cents) == (50_000, 40_000)
    event = audit_of(application, "recommend")
    assert event.before["status"] == "submitted" and event.after["status"] == "recommended"
    assert event.before["lines"][str(first.id)]["requested_cents"] == 60_000
    assert event.after["lines"][str(first.id)]["requested_cents"] == 50_000
    assert event.after["reason"] == "Rates too high."
    decision = db.session.scalars(select(Decision).where(Decision.application_id == application.id)).one()
    assert "Rates too high." in decision.comment


def test_adjusting_without_a_reason_is_refused(make_application, coordinator):
    application = make_application()
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        review.recommend(application, coordinator, adjustments={application.funding_lines[0].id: 1})
    assert refused.value.status_code == 409
    assert state_of(application) == before


def test_unchanged_amounts_need_no_reason(make_application, coordinator):
    application = make_application()
    review.recommend(application, coordinator, adjustments={application.funding_lines[0].id: 60_000})
    assert application.status == "recommended"


@pytest.mark.parametrize("amount", [-1, "12", 1.5])
def test_bad_adjustments_are_refused(make_application, coordinator, amount):
    application = make_application()
    before = state_of(application)
    with pytest.raises(DomainError):
        review.recommend(application, coordinator, adjustments={application.funding_lines[0].id: amount},
                         reason="Because.")
    assert state_of(application) == before


def test_a_line_of_another_application_is_refused(make_application, coordinator):
    application, other = make_application(), make_application()
    before = state_of(application)
    with pytest.raises(DomainError):
        review.recommend(application, coordinator, adjustments={other.funding_lines[0].id: 1}, reason="x")
    assert state_of(application) == before


# --- reject, send back -------------------------------------------------------------------------------------------

def test_the_ministry_rejects_a_recommended_application(make_application, officer):
    application = make_application(status="recommended")
    decision = review.reject(application, officer, "ministry", "No budget for this trade.")
    assert (application.status, decision.stage, decision.comment) == ("rejected", "ministry",
                                                                      "No budget for this trade.")
    assert application.decided_at is not None


def test_send_back_returns_to_the_coordinator(make_application, officer, coordinator):
    application = make_application(status="recommended")
    review.send_back(application, officer, "Check the transport quote.")
    assert application.status == "submitted"
    review.recommend(application, coordinator, "Checked.")
    assert application.status == "recommended"


# --- approve -----------------------------------------------------------------------------------------------------

def test_approve_defaults_to_requested_and_commits_the_total(factories, make_application, officer):
    call = factories.call(envelope_cents=1_000_000, committed_cents=100_000)
    application = make_application(status="recommended", call=call)
    decision = review.approve(application, officer)
    assert application.status == "approved" and application.decided_at is not None
    assert [line.approved_cents for line in application.funding_lines] == [60_000, 40_000]
    assert call.committed_cents == 200_000
    assert (decision.stage, decision.action) == ("ministry", "approve")
    event = audit_of(application, "approve")
    assert (event.before["committed_cents"], event.after["committed_cents"]) == (100_000, 200_000)
    assert event.after["lines"][str(application.funding_lines[0].id)]["approved_cents"] == 60_000


def test_approve_with_lower_amounts(factories, make_application, officer):
    call = factories.call(envelope_cents=1_000_000)
    application = make_application(status="recommended", call=call)
    first, second = application.funding_lines
    review.approve(application, officer, {first.id: 10_000, second.id: 0})
    assert (first.approved_cents, second.approved_cents, call.committed_cents) == (10_000, 0, 10_000)
    assert (application.requested_total_cents, application.approved_total_cents) == (100_000, 10_000)


@pytest.mark.parametrize("amount", [-1, 60_001])
def test_approved_amounts_stay_between_zero_and_requested(make_application, officer, amount):
    application = make_application(status="recommended")
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        review.approve(application, officer, {application.funding_lines[0].id: amount})
    assert refused.value.status_code == 409
    assert state_of(application) == before


def test_an_approval_over_the_envelope_is_refused_with_the_remaining_amount(factories, make_application, officer,
                                                                            staff):
    call = factories.call(envelope_cents=150_000, committed_cents=60_000)
    application = make_application(status="recommended", call=call)  # 100 000 requested, 90 000 remaining
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        review.approve(application, officer)
    assert refused.value.status_code == 409
    assert "900,00" in refused.value.message or "900.00" in refused.value.message
    assert state_of(application) == before
    db.session.expire_all()
    assert db.session.get(Call, call.id).committed_cents == 60_000


def test_an_approval_that_fits_exactly_is_accepted(factories, make_application, officer):
    call = factories.call(envelope_cents=160_000, committed_cents=60_000)
    application = make_application(status="recommended", call=call)
    review.approve(application, officer)
    assert call.committed_cents == call.envelope_cents == 160_000


def test_the_same_idempotency_key_gives_one_decision(factories, make_application, officer, staff):
    call = factories.call(envelope_cents=1_000_000)
    application = make_application(status="recommended", call=call)
    first = review.approve(application, officer, idempotency_key="form-123")
    mails_after_first = count(MailMessage)
    again = review.approve(application, officer, idempotency_key="form-123")
    assert again.id == first.id
    assert count(Decision, application_id=application.id) == 1
    assert count(MailMessage) == mails_after_first
    assert call.committed_cents == 100_000


def test_a_key_used_for_another_application_is_refused(factories, make_application, officer):
    call = factories.call(envelope_cents=1_000_000)
    one, two = make_application(status="recommended", call=call), make_application(status="recommended", call=call)
    review.approve(one, officer, idempotency_key="form-9")
    before = state_of(two)
    with pytest.raises(DomainError):
        review.approve(two, officer, idempotency_key="form-9")
    assert state_of(two) == before


def test_a_second_approval_without_key_is_refused(factories, make_application, officer):
    call = factories.call(envelope_cents=1_000_000)
    application = make_application(status="recommended", call=call)
    review.approve(application, officer)
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        review.approve(application, officer)
    assert refused.value.status_code == 409
    assert state_of(application) == before


def test_approval_mails_the_staff_only(factories, make_application, officer, staff, coordinator):
    application = make_application(status="recommended", call=factories.call(envelope_cents=1_000_000))
    before = count(MailMessage)
    review.approve(application, officer)
    assert [m.recipient for m in mails()[before:]] == [staff.email]


@pytest.mark.parametrize("target", ["record", "notify"])
def test_an_exception_in_the_middle_of_an_approval_changes_nothing(factories, make_application, officer,
                                                                   monkeypatch, target):
    call = factories.call(envelope_cents=1_000_000, committed_cents=5_000)
    application = make_application(status="recommended", call=call)
    before = state_of(application)
    seen = {}

    def boom(*args, **kwargs):
        # Lines and envelope are already changed (and flushed) when the decision is about to be written.
        seen["approved"] = [line.approved_cents for line in application.funding_lines]
        seen["committed"] = db.session.get(Call, call.id).committed_cents
        raise RuntimeError("crash between the lines and the decision")

    if target == "record":
        monkeypatch.setattr(review, "record", boom)
    else:
        monkeypatch.setattr(review, "notify", boom)
    savepoint = db.session.begin_nested()
    with pytest.raises(RuntimeError):
        review.approve(application, officer)
    savepoint.rollback()
    assert seen["approved"] == [60_000, 40_000] and seen["committed"] == 105_000
    db.session.expire_all()
    assert state_of(application) == before
    assert db.session.scalar(select(FundingLine.approved_cents).where(
        FundingLine.application_id == application.id).limit(1)) is None

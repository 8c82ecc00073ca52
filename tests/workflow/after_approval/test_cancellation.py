"""Cancellation after approval releases what the stay holds (minus costs already incurred), keeps the history and
cancels the reciprocity obligation. Hand-computed: the stay holds 600,00 $ + 400,00 $ = 1 000,00 $."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Decision, ReciprocityObligation, Role
from portal.workflow import cancellation
from tests.workflow.after_approval.conftest import decisions, envelope_of, ledger_total
from tests.workflow.review.conftest import state_of


def test_cancelling_releases_everything_the_stay_holds(approved, staff, call):
    application = approved()
    cancellation.cancel(application, staff, "withdrawal", "Le groupe ne part plus.")
    summary = envelope_of(call)
    assert application.status == "cancelled"
    assert (summary.committed_cents, summary.released_cents, summary.remaining_cents) == (0, 100_000, 1_000_000)
    assert ledger_total(call) == 0


def test_costs_already_incurred_stay_committed(approved, officer, call):
    application = approved()
    cancellation.cancel(application, officer, "force_majeure", "Frontières fermées.", kept_cents=25_000)
    summary = envelope_of(call)
    assert (summary.committed_cents, summary.released_cents, summary.remaining_cents) == (25_000, 75_000, 975_000)


def test_a_stay_in_progress_can_be_cancelled(approved, staff, call):
    application = approved()
    application.status = "in_progress"
    cancellation.cancel(application, staff, "force_majeure", "Évacuation.", kept_cents=60_000)
    assert application.status == "cancelled"
    assert envelope_of(call).committed_cents == 60_000


def test_the_history_is_kept(approved, officer):
    application = approved()
    cancellation.cancel(application, officer, "force_majeure", "Frontières fermées.", kept_cents=25_000)
    decision = db.session.scalars(select(Decision).where(Decision.action == "cancel")).one()
    assert (decision.from_status, decision.to_status, decision.stage) == ("approved", "cancelled", "ministry")
    assert "Frontières fermées." in decision.comment
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.cancel")).one()
    assert (event.before["held_cents"], event.after["released_cents"], event.after["held_cents"]) == \
        (100_000, 75_000, 25_000)
    assert decisions(application, "approve") == 1  # the approval is still there


def test_the_reciprocity_obligation_is_cancelled(approved, staff):
    application = approved()
    cancellation.cancel(application, staff, "withdrawal", "Annulé.")
    obligation = db.session.scalars(select(ReciprocityObligation)
                                    .where(ReciprocityObligation.application_id == application.id)).one()
    assert obligation.status == "cancelled"


@pytest.mark.parametrize(("reason", "comment", "kept"), [
    ("other", "x", 0), ("withdrawal", "  ", 0), ("withdrawal", "x", -1), ("withdrawal", "x", 100_001)])
def test_bad_input_is_refused_and_changes_nothing(approved, staff, call, reason, comment, kept):
    application = approved()
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        cancellation.cancel(application, staff, reason, comment, kept_cents=kept)
    assert refused.value.status_code == 400
    assert state_of(application) == before
    assert envelope_of(call).committed_cents == 100_000


@pytest.mark.parametrize("status", ["recommended", "completed", "closed", "cancelled", "amendment_requested"])
def test_only_an_approved_or_running_stay_can_be_cancelled(factories, centre, call, staff, status):
    application = factories.application(centre_org=centre, call_obj=call, status=status)
    with pytest.raises(DomainError) as refused:
        cancellation.cancel(application, staff, "withdrawal", "x")
    assert refused.value.status_code == 409


def test_a_coordinator_cannot_cancel(approved, coordinator):
    with pytest.raises(DomainError) as refused:
        cancellation.cancel(approved(), coordinator, "withdrawal", "x")
    assert refused.value.status_code == 403


def test_staff_of_another_centre_get_404(factories, approved):
    with pytest.raises(DomainError) as refused:
        cancellation.cancel(approved(), factories.user(Role.STAFF), "withdrawal", "x")
    assert refused.value.status_code == 404


def test_the_same_form_sent_twice_cancels_once(approved, staff, call):
    application = approved()
    first = cancellation.cancel(application, staff, "withdrawal", "x", idempotency_key="cancel-1")
    again = cancellation.cancel(application, staff, "withdrawal", "x", idempotency_key="cancel-1")
    assert first.id == again.id
    assert (envelope_of(call).released_cents, decisions(application, "cancel")) == (100_000, 1)

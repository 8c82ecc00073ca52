"""Amendments after approval: staff propose, the coordinator endorses or declines, the ministry accepts or refuses;
the difference is committed or released against the call's envelope. Amounts are hand-computed from the fixture:
lines 600,00 $ + 400,00 $ approved in an envelope of 10 000,00 $."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Amendment, AuditEvent, EnvelopeMovement, Role
from portal.workflow import amendments
from tests.workflow.after_approval.conftest import ENVELOPE, decisions, envelope_of, ledger_total
from tests.workflow.review.conftest import state_of


def line_ids(application):
    return [line.id for line in application.funding_lines]


def propose_and_endorse(application, staff, coordinator, amounts=None, **dates):
    amendments.propose(application, staff, start=dates.get("start"), end=dates.get("end"), amounts=amounts,
                       reason="Le partenaire a déplacé le stage.")
    amendments.endorse(application, coordinator, "D'accord.")


def test_proposing_puts_the_application_in_amendment_requested(approved, staff):
    application = approved()
    first, _ = line_ids(application)
    decision = amendments.propose(application, staff, start=None, end=None, amounts={first: 90_000},
                                  reason="Billets plus chers.")
    assert application.status == "amendment_requested"
    assert (decision.from_status, decision.to_status, decision.stage) == ("approved", "amendment_requested", "staff")
    amendment = amendments.pending(application)
    assert (amendment.status, amendment.before_cents, amendment.after_cents) == ("proposed", 100_000, 130_000)


def test_an_amendment_up_commits_the_difference(approved, staff, coordinator, officer, call):
    application = approved()
    first, _ = line_ids(application)
    propose_and_endorse(application, staff, coordinator, {first: 90_000})
    amendments.accept(application, officer)
    summary = envelope_of(call)
    assert (summary.committed_cents, summary.released_cents, summary.remaining_cents) == (130_000, 0, 870_000)
    assert [line.approved_cents for line in application.funding_lines] == [90_000, 40_000]
    assert application.approved_total_cents == 130_000
    assert application.status == "approved"
    assert ledger_total(call) == 130_000


def test_an_amendment_down_releases_the_difference(approved, staff, coordinator, officer, call):
    application = approved()
    _, second = line_ids(application)
    propose_and_endorse(application, staff, coordinator, {second: 10_000})
    amendments.accept(application, officer)
    summary = envelope_of(call)
    assert (summary.committed_cents, summary.released_cents, summary.remaining_cents) == (70_000, 30_000, 930_000)
    movement = db.session.scalars(select(EnvelopeMovement).where(EnvelopeMovement.kind == "amendment")).one()
    assert movement.cents == -30_000
    assert ledger_total(call) == 70_000


def test_up_then_down_keeps_ledger_and_total_equal(approved, staff, coordinator, officer, call):
    application = approved()
    first, second = line_ids(application)
    propose_and_endorse(application, staff, coordinator, {first: 90_000})
    amendments.accept(application, officer)
    propose_and_endorse(application, staff, coordinator, {first: 50_000, second: 0})
    amendments.accept(application, officer)
    summary = envelope_of(call)
    # +100 000 (approval) +30 000 (up) −80 000 (down: 130 000 → 50 000)
    assert (summary.committed_cents, summary.released_cents) == (50_000, 80_000)
    assert ledger_total(call) == summary.committed_cents


def test_an_amendment_beyond_the_envelope_is_refused_and_changes_nothing(factories, approved, staff, coordinator,
                                                                        officer, call):
    application = approved()
    call.envelope_cents = 120_000
    first, _ = line_ids(application)
    propose_and_endorse(application, staff, coordinator, {first: 90_000})  # +30 000 > 20 000 remaining
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        amendments.accept(application, officer)
    assert refused.value.status_code == 409
    assert state_of(application) == before
    assert envelope_of(call).committed_cents == 100_000
    assert amendments.pending(application).status == "endorsed"


def test_new_dates_are_applied_on_acceptance(approved, staff, coordinator, officer):
    application = approved()
    start = application.start_date + timedelta(days=7)
    propose_and_endorse(application, staff, coordinator, start=start, end=start + timedelta(days=9))
    assert application.start_date != start
    amendments.accept(application, officer)
    assert (application.start_date, application.end_date) == (start, start + timedelta(days=9))


@pytest.mark.parametrize("days", [3, 6])
def test_dates_shorter_than_the_program_minimum_are_refused(approved, staff, days):
    application = approved()
    with pytest.raises(DomainError) as refused:
        amendments.propose(application, staff, start=application.start_date,
                           end=application.start_date + timedelta(days=days - 1), amounts=None, reason="Plus court.")
    assert refused.value.status_code == 400
    assert application.status == "approved"


def test_a_proposal_that_changes_nothing_is_refused(approved, staff):
    application = approved()
    with pytest.raises(DomainError) as refused:
        amendments.propose(application, staff, start=None, end=None, amounts={}, reason="Rien.")
    assert refused.value.status_code == 400


def test_a_negative_amount_is_refused(approved, staff):
    application = approved()
    with pytest.raises(DomainError) as refused:
        amendments.propose(application, staff, start=None, end=None, amounts={line_ids(application)[0]: -1},
                           reason="Erreur.")
    assert refused.value.status_code == 400
    assert application.status == "approved"


def test_the_ministry_cannot_accept_before_the_coordinator_endorses(approved, staff, officer):
    application = approved()
    amendments.propose(application, staff, start=None, end=None, amounts={line_ids(application)[0]: 90_000},
                       reason="Billets plus chers.")
    with pytest.raises(DomainError) as refused:
        amendments.accept(application, officer)
    assert refused.value.status_code == 409


def test_a_declined_amendment_leaves_the_money_and_keeps_the_history(approved, staff, coordinator, call):
    application = approved()
    amendments.propose(application, staff, start=None, end=None, amounts={line_ids(application)[0]: 90_000},
                       reason="Billets plus chers.")
    amendments.decline(application, coordinator, "Pas justifié.")
    assert application.status == "approved"
    assert envelope_of(call).committed_cents == 100_000
    assert [a.status for a in amendments.history(application)] == ["refused"]
    assert decisions(application, "decline_amendment") == 1


def test_refusing_needs_a_reason(approved, staff, coordinator, officer):
    application = approved()
    propose_and_endorse(application, staff, coordinator, {line_ids(application)[0]: 90_000})
    with pytest.raises(DomainError) as refused:
        amendments.refuse(application, officer, "  ")
    assert refused.value.status_code == 400
    assert amendments.pending(application).status == "endorsed"


def test_acceptance_is_audited_with_the_money_before_and_after(approved, staff, coordinator, officer):
    application = approved()
    propose_and_endorse(application, staff, coordinator, {line_ids(application)[0]: 90_000})
    amendments.accept(application, officer)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.accept_amendment")).one()
    assert (event.before["committed_cents"], event.after["committed_cents"]) == (100_000, 130_000)
    assert event.after["held_cents"] == 130_000


def test_staff_of_another_centre_cannot_propose(factories, approved):
    application = approved()
    with pytest.raises(DomainError) as refused:
        amendments.propose(application, factories.user(Role.STAFF), start=None, end=None,
                           amounts={line_ids(application)[0]: 1}, reason="x")
    assert refused.value.status_code == 404


def test_the_same_form_sent_twice_accepts_once(approved, staff, coordinator, officer, call):
    application = approved()
    propose_and_endorse(application, staff, coordinator, {line_ids(application)[0]: 90_000})
    first = amendments.accept(application, officer, idempotency_key="form-1")
    again = amendments.accept(application, officer, idempotency_key="form-1")
    assert first.id == again.id
    assert envelope_of(call).committed_cents == 130_000
    assert decisions(application, "accept_amendment") == 1
    assert db.session.scalars(select(Amendment)).one().status == "accepted"


def test_the_same_proposal_sent_twice_makes_one_amendment(approved, staff):
    application = approved()
    for _ in range(2):
        amendments.propose(application, staff, start=None, end=None, amounts={line_ids(application)[0]: 90_000},
                           reason="Billets.", idempotency_key="proposal-1")
    assert len(amendments.history(application)) == 1
    assert ENVELOPE - envelope_of(application.call).remaining_cents == 100_000


def test_new_dates_move_the_return_visit_due_year(approved, staff, coordinator, officer, call):
    from datetime import date

    from portal.partners import obligations

    call.stays_end_by = date(2040, 12, 31)
    application = approved(start_date=date(2031, 3, 1))
    assert obligations.obligation_of(application).due_year == 2032
    propose_and_endorse(application, staff, coordinator, start=date(2032, 3, 1), end=date(2032, 3, 14))
    amendments.accept(application, officer)
    assert obligations.obligation_of(application).due_year == 2033

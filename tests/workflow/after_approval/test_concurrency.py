"""On PostgreSQL: amendments up and down accepted while other applications of the same call are approved, 20
threads at once, each with its own app context, session and connection, with real commits. The envelope is never
overspent and never below zero, and the call's committed total always equals its ledger and what the applications
hold."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, func, select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import (
    Application,
    AuditEvent,
    Call,
    EnvelopeMovement,
    MailMessage,
    Organisation,
    Program,
    Role,
    User,
)
from portal.workflow import amendments, review
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.no_db]

LINE = 100_000
STEP = 50_000


def setup_data(app, envelope: int, approved: int, recommended: int) -> dict:
    """`approved` applications holding 1 000,00 $ each, half with an endorsed amendment up (+500,00 $), half down
    (−500,00 $); `recommended` applications of 1 000,00 $ waiting for approval."""
    with app.test_request_context():
        try:
            centre = factories.centre()
            staff = factories.user(Role.STAFF, organisation=centre)
            coordinator = factories.user(Role.COORDINATOR)
            officer = factories.user(Role.MINISTRY)
            call = factories.call(envelope_cents=envelope, committed_cents=0)
            held, waiting = [], []
            for index in range(approved + recommended):
                application = factories.application(centre_org=centre, call_obj=call, status="recommended")
                line = factories.budget_line(application, computed_cents=LINE, requested_cents=LINE)
                db.session.refresh(application)
                if index < approved:
                    review.approve(application, officer)
                    application = db.session.get(Application, application.id, populate_existing=True,
                                                 options=amendments.PROPOSE_LOADS)  # as the amendment page loads it
                    change = STEP if index % 2 == 0 else -STEP
                    amendments.propose(application, staff, start=None, end=None, amounts={line.id: LINE + change},
                                       reason="Changement.")
                    amendments.endorse(application, coordinator)
                    held.append((application.id, change))
                else:
                    waiting.append(application.id)
            db.session.commit()
            return {"call": call.id, "program": call.program_id, "centre": centre.id, "held": held,
                    "waiting": waiting, "officer": officer.id, "users": [staff.id, coordinator.id, officer.id],
                    "emails": [staff.email, coordinator.email, officer.email]}
        finally:
            db.session.remove()


def cleanup(app, data: dict) -> None:
    with app.app_context():
        try:
            ids = [app_id for app_id, _ in data["held"]] + data["waiting"]
            db.session.execute(delete(MailMessage).where(MailMessage.recipient.in_(data["emails"])))
            db.session.execute(delete(AuditEvent).where(AuditEvent.actor_id.in_(data["users"])))
            db.session.execute(delete(Application).where(Application.id.in_(ids)))
            db.session.execute(delete(Call).where(Call.id == data["call"]))
            db.session.execute(delete(Program).where(Program.id == data["program"]))
            db.session.execute(delete(User).where(User.id.in_(data["users"])))
            db.session.execute(delete(Organisation).where(Organisation.id == data["centre"]))
            db.session.commit()
        finally:
            db.session.remove()


def run_one(app, barrier, operation, application_id, officer_id, results, label):
    with app.test_request_context():
        try:
            barrier.wait(timeout=60)
            operation(db.session.get(Application, application_id), db.session.get(User, officer_id))
            db.session.commit()
            results.append((label, "ok"))
        except DomainError as refused:
            db.session.rollback()
            results.append((label, refused.status_code))
        except Exception as error:  # noqa: BLE001  reported by the test
            db.session.rollback()
            results.append((label, repr(error)))
        finally:
            db.session.remove()


def run_all(app, data: dict) -> list:
    jobs = [(amendments.accept, app_id, "up" if change > 0 else "down") for app_id, change in data["held"]]
    jobs += [(review.approve, app_id, "approve") for app_id in data["waiting"]]
    results: list = []
    barrier = threading.Barrier(len(jobs))
    threads = [threading.Thread(target=run_one, args=(app, barrier, op, app_id, data["officer"], results, label))
               for op, app_id, label in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def figures(app, data: dict) -> tuple[int, int, int]:
    """(committed total of the call, sum of its ledger, what the applications hold by their movements)."""
    with app.app_context():
        try:
            committed = db.session.scalar(select(Call.committed_cents).where(Call.id == data["call"]))
            ledger = db.session.scalar(select(func.coalesce(func.sum(EnvelopeMovement.cents), 0))
                                       .where(EnvelopeMovement.call_id == data["call"]))
            ids = [app_id for app_id, _ in data["held"]] + data["waiting"]
            held = db.session.scalar(select(func.coalesce(func.sum(EnvelopeMovement.cents), 0))
                                     .where(EnvelopeMovement.application_id.in_(ids)))
            return int(committed), int(ledger), int(held)
        finally:
            db.session.remove()


def count(results: list, label: str, outcome) -> int:
    return sum(1 for got_label, got in results if got_label == label and got == outcome)


def test_everything_fits_twenty_threads_give_the_hand_computed_total(app):
    # 4 approved (4 000 $), 2 up (+1 000 $), 2 down (−1 000 $), 16 approvals (16 000 $): 20 000 $ in 100 000 $.
    data = setup_data(app, envelope=10_000_000, approved=4, recommended=16)
    try:
        results = run_all(app, data)
        assert sorted(outcome for _, outcome in results) == ["ok"] * 20, results
        assert figures(app, data) == (2_000_000, 2_000_000, 2_000_000)
    finally:
        cleanup(app, data)


def test_a_tight_envelope_is_never_overspent_nor_below_zero(app):
    # 4 approved hold 4 000 $ of an envelope of 9 000 $: 5 000 $ left for 16 approvals of 1 000 $ and 2 amendments
    # up of 500 $, while 2 amendments down release 500 $ each. Whatever the order, the downs always pass, and what
    # passed adds up exactly: 4 000 $ + 1 000 $ × approvals + 500 $ × ups − 1 000 $.
    data = setup_data(app, envelope=900_000, approved=4, recommended=16)
    try:
        results = run_all(app, data)
        assert all(outcome in ("ok", 409) for _, outcome in results), results
        assert count(results, "down", "ok") == 2
        approvals, ups = count(results, "approve", "ok"), count(results, "up", "ok")
        expected = 400_000 + LINE * approvals + STEP * ups - 2 * STEP
        committed, ledger, held = figures(app, data)
        assert committed == ledger == held == expected
        assert 0 <= committed <= 900_000
        # The 5 000 $ left at the start take at least 4 approvals, even if both ups (1 000 $) came first.
        assert approvals >= 4
    finally:
        cleanup(app, data)


def test_twenty_acceptances_of_the_same_amendment_release_once(app):
    data = setup_data(app, envelope=1_000_000, approved=2, recommended=0)
    try:
        down_id = next(app_id for app_id, change in data["held"] if change < 0)
        data_down = {**data, "held": [(down_id, -STEP)] * 20, "waiting": []}
        results = run_all(app, data_down)
        assert count(results, "down", "ok") == 1, results
        assert count(results, "down", 409) == 19
        # 2 approvals (2 000 $), one amendment down (−500 $); the other amendment (up) was never accepted.
        assert figures(app, data)[0:2] == (150_000, 150_000)
    finally:
        cleanup(app, data)

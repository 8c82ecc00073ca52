"""On PostgreSQL: concurrent approvals, each in its own thread, app context, session and connection, with real
commits. The envelope is never overspent and the same application is approved once."""
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
    Decision,
    FundingLine,
    MailMessage,
    Organisation,
    Program,
    Role,
    User,
)
from portal.workflow import review
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.no_db]

LINE_CENTS = 100_000


def setup_data(app, applications: int, envelope_cents: int) -> dict:
    with app.app_context():
        try:
            centre = factories.centre()
            staff = factories.user(Role.STAFF, organisation=centre)
            officers = [factories.user(Role.MINISTRY) for _ in range(2)]
            call = factories.call(envelope_cents=envelope_cents, committed_cents=0)
            ids = []
            for _ in range(applications):
                application = factories.application(centre_org=centre, call_obj=call, status="recommended")
                factories.budget_line(application, computed_cents=LINE_CENTS, requested_cents=LINE_CENTS)
                ids.append(application.id)
            data = {"call": call.id, "program": call.program_id, "centre": centre.id, "applications": ids,
                    "users": [staff.id] + [o.id for o in officers], "officers": [o.id for o in officers],
                    "emails": [staff.email] + [o.email for o in officers]}
            db.session.commit()
            return data
        finally:
            db.session.remove()


def cleanup(app, data: dict) -> None:
    with app.app_context():
        try:
            ids = data["applications"]
            db.session.execute(delete(MailMessage).where(MailMessage.recipient.in_(data["emails"])))
            db.session.execute(delete(AuditEvent).where(AuditEvent.object_type == "application",
                                                        AuditEvent.object_id.in_(ids)))
            db.session.execute(delete(Decision).where(Decision.application_id.in_(ids)))
            db.session.execute(delete(FundingLine).where(FundingLine.application_id.in_(ids)))
            db.session.execute(delete(Application).where(Application.id.in_(ids)))
            db.session.execute(delete(Call).where(Call.id == data["call"]))
            db.session.execute(delete(Program).where(Program.id == data["program"]))
            db.session.execute(delete(User).where(User.id.in_(data["users"])))
            db.session.execute(delete(Organisation).where(Organisation.id == data["centre"]))
            db.session.commit()
        finally:
            db.session.remove()


def approve_in_thread(app, barrier: threading.Barrier, application_id: int, officer_id: int, results: list,
                      key: str | None = None) -> None:
    with app.test_request_context():
        try:
            barrier.wait(timeout=60)  # before taking a connection: 20 threads exceed the pool's 15 at once
            application = db.session.get(Application, application_id)
            officer = db.session.get(User, officer_id)
            review.approve(application, officer, idempotency_key=key)
            db.session.commit()
            results.append("ok")
        except DomainError as refused:
            db.session.rollback()
            results.append(refused.status_code)
        except Exception as error:  # noqa: BLE001  reported by the test
            db.session.rollback()
            results.append(repr(error))
        finally:
            db.session.remove()


def run_threads(app, targets: list[tuple[int, int, str | None]]) -> list:
    results: list = []
    barrier = threading.Barrier(len(targets))
    threads = [threading.Thread(target=approve_in_thread, args=(app, barrier, app_id, officer_id, results, key))
               for app_id, officer_id, key in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def committed_and_decisions(app, data: dict) -> tuple[int, int, int]:
    with app.app_context():
        try:
            committed = db.session.scalar(select(Call.committed_cents).where(Call.id == data["call"]))
            decisions = db.session.scalar(select(func.count()).select_from(Decision).where(
                Decision.application_id.in_(data["applications"]), Decision.action == "approve"))
            approved = db.session.scalar(select(func.count()).select_from(Application).where(
                Application.id.in_(data["applications"]), Application.status == "approved"))
            return committed, decisions, approved
        finally:
            db.session.remove()


def test_twenty_concurrent_approvals_never_overspend_the_envelope(app):
    fits = 7
    data = setup_data(app, applications=20, envelope_cents=fits * LINE_CENTS)
    try:
        officer = data["officers"][0]
        results = run_threads(app, [(app_id, officer, None) for app_id in data["applications"]])
        assert sorted(map(str, results)) == sorted(["ok"] * fits + ["409"] * (20 - fits)), results
        committed, decisions, approved = committed_and_decisions(app, data)
        assert committed == fits * LINE_CENTS
        assert decisions == approved == fits
    finally:
        cleanup(app, data)


@pytest.mark.parametrize("keys", [(None, None), ("same-form", "same-form")])
def test_two_officers_approving_the_same_application_give_one_decision(app, keys):
    data = setup_data(app, applications=1, envelope_cents=10 * LINE_CENTS)
    try:
        app_id = data["applications"][0]
        results = run_threads(app, [(app_id, officer, key) for officer, key in zip(data["officers"], keys)])
        committed, decisions, approved = committed_and_decisions(app, data)
        assert (committed, decisions, approved) == (LINE_CENTS, 1, 1), results
        if keys[0] is None:
            assert sorted(map(str, results)) == ["409", "ok"]
        else:
            assert results == ["ok", "ok"]
    finally:
        cleanup(app, data)

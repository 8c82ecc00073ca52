"""On PostgreSQL: two answers sent at the same time through the same link, each in its own thread, session and
connection, with real commits. The row lock lets exactly one through; the other is refused as already used."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import Application, AuditEvent, Call, Decision, Organisation, Pairing, Program
from portal.partners.pairing import links, operations
from portal.partners.pairing.links import LinkRefused
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.no_db]


def setup_data(app) -> dict:
    with app.test_request_context():
        try:
            centre, partner = factories.centre(), factories.partner(contact_email="p@example.com")
            application = factories.application(centre, status="submitted", partner=partner)
            pairing = Pairing(application_id=application.id, partner_id=partner.id, status="proposed")
            db.session.add(pairing)
            db.session.flush()
            data = {"application": application.id, "pairing": pairing.id, "call": application.call_id,
                    "program": application.call.program_id, "organisations": [centre.id, partner.id],
                    "token": links.make_token(pairing)}
            db.session.commit()
            return data
        finally:
            db.session.remove()


def cleanup(app, data: dict) -> None:
    with app.app_context():
        try:
            db.session.execute(delete(AuditEvent).where(AuditEvent.object_type == "pairing",
                                                        AuditEvent.object_id == data["pairing"]))
            db.session.execute(delete(Decision).where(Decision.application_id == data["application"]))
            db.session.execute(delete(Pairing).where(Pairing.id == data["pairing"]))
            db.session.execute(delete(Application).where(Application.id == data["application"]))
            db.session.execute(delete(Call).where(Call.id == data["call"]))
            db.session.execute(delete(Program).where(Program.id == data["program"]))
            db.session.execute(delete(Organisation).where(Organisation.id.in_(data["organisations"])))
            db.session.commit()
        finally:
            db.session.remove()


def answer_in_thread(app, barrier, data: dict, confirmed: bool, results: list) -> None:
    with app.test_request_context():
        try:
            barrier.wait(timeout=30)
            operations.respond(data["token"], data["application"], confirmed, "thread")
            db.session.commit()
            results.append("confirmed" if confirmed else "declined")
        except LinkRefused as refused:
            db.session.rollback()
            results.append(str(refused.problem))
        finally:
            db.session.remove()


def test_two_simultaneous_answers_through_one_link_record_one(app):
    data = setup_data(app)
    try:
        barrier, results = threading.Barrier(2), []
        threads = [threading.Thread(target=answer_in_thread, args=(app, barrier, data, confirmed, results))
                   for confirmed in (True, False)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(results) == 2 and results.count("used") == 1
        with app.app_context():
            try:
                pairing = db.session.get(Pairing, data["pairing"])
                assert pairing.status == next(r for r in results if r != "used")
                stages = db.session.scalars(select(Decision.stage).where(
                    Decision.application_id == data["application"])).all()
                assert stages == ["partner"]
            finally:
                db.session.remove()
    finally:
        cleanup(app, data)

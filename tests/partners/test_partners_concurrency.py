"""On PostgreSQL, each in its own thread, session and connection, with real commits: two answers sent at the same
time through the same link (the row lock lets exactly one through; the other is refused as already used), and two
obligations of one partner met at once (both count in the summary)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import (
    Application,
    AuditEvent,
    Call,
    Decision,
    Organisation,
    Pairing,
    Program,
    ReciprocityObligation,
    ReciprocityObligationTotal,
)
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


def setup_obligations(app) -> dict:
    with app.test_request_context():
        try:
            centre, partner = factories.centre(), factories.partner()
            stays = [factories.application(centre, status="approved", partner=partner) for _ in range(2)]
            owed = [ReciprocityObligation(application_id=stay.id, partner_id=partner.id, due_year=2027,
                                          status="open", proposed_comment="") for stay in stays]
            db.session.add_all(owed)
            db.session.flush()
            data = {"obligations": [row.id for row in owed], "partner": partner.id,
                    "applications": [stay.id for stay in stays], "calls": [stay.call_id for stay in stays],
                    "programs": [stay.call.program_id for stay in stays], "organisations": [centre.id, partner.id]}
            db.session.commit()
            return data
        finally:
            db.session.remove()


def cleanup_obligations(app, data: dict) -> None:
    with app.app_context():
        try:
            db.session.execute(delete(ReciprocityObligation).where(ReciprocityObligation.id.in_(data["obligations"])))
            db.session.execute(delete(Application).where(Application.id.in_(data["applications"])))
            db.session.execute(delete(Call).where(Call.id.in_(data["calls"])))  # their summaries' rows go with them
            db.session.execute(delete(Program).where(Program.id.in_(data["programs"])))
            db.session.execute(delete(Organisation).where(Organisation.id.in_(data["organisations"])))
            db.session.commit()
        finally:
            db.session.remove()


def meet_in_thread(app, barrier, obligation_id: int, errors: list) -> None:
    with app.app_context():
        try:
            owed = db.session.get(ReciprocityObligation, obligation_id)
            barrier.wait(timeout=30)
            owed.status = "met"
            db.session.commit()
        except Exception as error:  # reported to the test's thread
            errors.append(error)
        finally:
            db.session.remove()


def test_two_obligations_of_one_partner_met_at_once_both_count_in_the_summary(app):
    data = setup_obligations(app)
    try:
        barrier, errors = threading.Barrier(2), []
        threads = [threading.Thread(target=meet_in_thread, args=(app, barrier, obligation_id, errors))
                   for obligation_id in data["obligations"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        with app.app_context():
            try:
                rows = db.session.execute(select(ReciprocityObligationTotal.due_year, ReciprocityObligationTotal.open,
                                                 ReciprocityObligationTotal.met)
                                          .where(ReciprocityObligationTotal.partner_id == data["partner"])
                                          .order_by(ReciprocityObligationTotal.due_year)).all()
                assert [tuple(row) for row in rows] == [(0, 0, 2), (2027, 0, 2)]
            finally:
                db.session.remove()
    finally:
        cleanup_obligations(app, data)

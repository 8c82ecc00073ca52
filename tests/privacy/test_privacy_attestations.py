"""Competency attestations: issued at the final report's acceptance, countersigned by the host through its link,
a PDF with a QR code, a verification page that rejects a tampered or revoked code."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attestation, FinalReport, MailMessage, StayReport
from portal.privacy import attestation_pdf, attestations
from portal.reports import final
from tests.helpers import count, login, post


@pytest.fixture
def accepted(factories, centre, staff, coordinator, request_ctx):
    partner = factories.partner(contact_email="accueil@lycee.example", languages="fr")
    application = factories.application(centre_org=centre, status="completed", partner=partner, trade_name="Cuisine",
                                        start_date=date(2026, 6, 1), title="Cuisine à Lyon")
    ana = factories.participant(application, first_name="Ana", last_name="Roy")
    db.session.add(StayReport(participant_id=ana.id, status="submitted", competencies="Mise en place, brigade"))
    db.session.add(FinalReport(application_id=application.id, status="submitted"))
    db.session.flush()
    final.accept(application, coordinator)
    return application


def _path(url: str) -> str:
    return url.split("portail.test", 1)[-1]


def test_accepting_the_final_report_issues_one_attestation_per_participant(accepted):
    [attestation] = db.session.scalars(select(Attestation)).all()
    assert attestation.competencies == "Mise en place, brigade"
    assert attestation.second_language == "en"
    [mail] = db.session.scalars(select(MailMessage).where(MailMessage.recipient == "accueil@lycee.example")).all()
    assert "/attestations/contresigner/" in mail.body_text


def test_an_incoming_stay_gets_no_attestation(factories, request_ctx):
    application = factories.application(direction="incoming", status="completed")
    factories.participant(application)
    assert attestations.issue_for(application) == []


def test_a_genuine_code_shows_the_attestation(client, accepted, app):
    attestation = db.session.scalars(select(Attestation)).one()
    db.session.commit()
    with app.test_request_context():
        url = _path(attestations.verification_url(attestation))
    response = client.get(url)
    assert response.status_code == 200 and "Ana Roy" in response.get_data(as_text=True)


def test_a_tampered_code_is_rejected(client, accepted, app):
    attestation = db.session.scalars(select(Attestation)).one()
    db.session.commit()
    with app.test_request_context():
        code = attestations.code_for(attestation)
    forged = attestations._serializer("another-salt").dumps({"t": attestation.id, "p": attestation.participant_id})
    for bad in (code[:-2] + ("AA" if not code.endswith("AA") else "BB"), forged):
        response = client.get(f"/confidentialite/attestation/{bad}")
        assert response.status_code == 404 and "Ana Roy" not in response.get_data(as_text=True)


def test_a_revoked_code_is_rejected(client, accepted, app, coordinator):
    attestation = db.session.scalars(select(Attestation)).one()
    attestations.revoke(attestation, "Erreur de participant", coordinator)
    db.session.commit()
    with app.test_request_context():
        url = _path(attestations.verification_url(attestation))
    response = client.get(url)
    assert response.status_code == 410 and "Ana Roy" not in response.get_data(as_text=True)


def test_the_host_countersigns_through_its_link(client, accepted, app):
    db.session.commit()
    with app.test_request_context():
        url = _path(attestations.host_url(accepted))
    page = client.get(url).get_data(as_text=True)
    assert "Ana" in page and "Roy" not in page  # the host sees first names only
    assert post(client, url, {"signatory": "Claire Dubois, directrice"}).status_code == 302
    assert db.session.scalars(select(Attestation)).one().host_signatory == "Claire Dubois, directrice"
    assert post(client, url, {"signatory": "Encore"}).status_code == 409


def test_a_tampered_host_link_is_refused(client, accepted):
    db.session.commit()
    assert client.get("/confidentialite/attestations/contresigner/abc.def").status_code == 404


def test_the_pdf_is_bilingual_with_a_qr_code(accepted, app):
    attestation = db.session.scalars(select(Attestation).options(*attestations.SHOWN)).one()
    pdf = attestation_pdf.build(attestation)
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf
    assert len(pdf) > 2000


def test_the_centre_downloads_the_pdf_and_a_stranger_cannot(client, accepted, staff, factories):
    attestation = db.session.scalars(select(Attestation)).one()
    stranger = factories.user("staff")
    db.session.commit()
    login(client, staff)
    response = client.get(f"/confidentialite/attestations/{attestation.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    other = client.application.test_client()
    login(other, stranger)
    assert other.get(f"/confidentialite/attestations/{attestation.id}.pdf").status_code == 404


def test_revoking_needs_a_reason(client, accepted, coordinator):
    attestation = db.session.scalars(select(Attestation)).one()
    db.session.commit()
    login(client, coordinator)
    post(client, f"/confidentialite/attestations/{attestation.id}/revoquer", {"reason": ""},
         token_from=f"/confidentialite/projets/{accepted.id}/attestations")
    assert count(Attestation) == 1
    assert db.session.get(Attestation, attestation.id).revoked_at is None

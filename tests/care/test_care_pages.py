"""The care page: staff record the items, an incident reaches the coordinators at once, strangers see nothing."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Document, EmergencyContact, MailMessage, StayCare, StayIncident
from tests.care.conftest import START
from tests.helpers import count, file_check_forms, fresh_client, login, post


@pytest.fixture
def approved(bare_stay):
    db.session.commit()
    return bare_stay


def page(application) -> str:
    return f"/projets/{application.id}/encadrement"


def test_staff_record_an_emergency_contact(client, approved, staff):
    login(client, staff)
    zoe = approved.participants[0]
    response = post(client, f"{page(approved)}/contact/{zoe.id}",
                    {"name": "Julie Mineure", "relation": "mère", "phone": "418 555 0101"}, token_from=page(approved))
    assert response.status_code == 302
    contact = db.session.scalars(select(EmergencyContact)).one()
    assert (contact.participant_id, contact.name, contact.phone) == (zoe.id, "Julie Mineure", "418 555 0101")


def test_a_contact_without_a_phone_is_refused_and_nothing_is_recorded(client, approved, staff):
    login(client, staff)
    zoe = approved.participants[0]
    response = post(client, f"{page(approved)}/contact/{zoe.id}", {"name": "Julie"}, token_from=page(approved))
    assert response.status_code == 400
    assert count(EmergencyContact) == 0


def test_a_participant_of_another_project_is_not_found(client, approved, staff, factories):
    login(client, staff)
    other = factories.participant(factories.application())
    db.session.commit()
    response = post(client, f"{page(approved)}/contact/{other.id}", {"name": "X", "phone": "1"},
                    token_from=page(approved))
    assert response.status_code == 404
    assert count(EmergencyContact) == 0


def test_staff_of_another_centre_cannot_see_the_page(client, approved, factories):
    stranger = factories.user("staff")
    db.session.commit()
    login(client, stranger)
    assert client.get(page(approved)).status_code == 404


def test_staff_upload_a_participants_attestation(client, approved, staff):
    login(client, staff)
    marc = approved.participants[1]
    response = post(client, f"{page(approved)}/document/{marc.id}",
                    {"kind": "health_insurance", "file": (io.BytesIO(b"%PDF-1.4\n%test\n"), "assurance.pdf")},
                    token_from=page(approved), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    doc = db.session.scalars(select(Document)).one()
    assert (doc.kind, doc.participant_id, doc.status) == ("health_insurance", marc.id, "confirmed")


def test_staff_record_the_itinerary_and_the_local_contact(client, approved, staff):
    login(client, staff)
    response = post(client, f"{page(approved)}/sejour", {"itinerary": "YUL-CDG 1 juin", "local_contact_name": "Claire",
                                                          "local_contact_phone": "+33 4"}, token_from=page(approved))
    assert response.status_code == 302
    assert db.session.scalars(select(StayCare)).one().itinerary == "YUL-CDG 1 juin"


def test_an_incident_is_recorded_and_mailed_to_the_coordinator_without_the_persons_data(
        client, approved, staff, coordinator, factories, set_today):
    factories.care_items(approved)
    approved.status = "in_progress"
    db.session.commit()
    set_today(START + timedelta(days=3))
    login(client, staff)
    zoe = approved.participants[0]
    response = post(client, f"{page(approved)}/incident", {
        "participant_id": str(zoe.id), "occurred_at": "2026-06-03T14:30", "nature": "Entorse à la cheville",
        "actions": "Clinique, repos", "parents_informed": "y"}, token_from=page(approved))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    incident = db.session.scalars(select(StayIncident)).one()
    assert (incident.participant_id, incident.parents_informed) == (zoe.id, True)
    assert incident.occurred_at.hour == 18  # 14:30 in Québec is 18:30 UTC in June
    [mail] = db.session.scalars(select(MailMessage).where(MailMessage.recipient == coordinator.email)).all()
    assert "Cuisine à Lyon" in mail.body_text and f"encadrement#incident-{incident.id}" in mail.body_text
    assert "Zoé" not in mail.body_text and "Entorse" not in mail.body_text
    reader = fresh_client(client.application)
    login(reader, coordinator)
    text = reader.get(page(approved)).get_data(as_text=True)
    assert "Entorse à la cheville" in text


def test_an_incident_in_the_future_is_refused(client, approved, staff, factories, set_today):
    approved.status = "in_progress"
    db.session.commit()
    set_today(START)
    login(client, staff)
    response = post(client, f"{page(approved)}/incident", {
        "participant_id": "0", "occurred_at": "2026-06-09T10:00", "nature": "Retard"}, token_from=page(approved))
    assert response.status_code == 400
    assert count(StayIncident) == 0 and count(MailMessage) == 0


def test_an_incident_cannot_be_reported_before_the_stay(client, approved, staff):
    login(client, staff)
    response = post(client, f"{page(approved)}/incident", {
        "participant_id": "0", "occurred_at": "2026-01-09T10:00", "nature": "Retard"}, token_from=page(approved))
    assert response.status_code == 409
    assert count(StayIncident) == 0


def test_each_care_document_form_states_the_upload_limits_for_the_browser(client, approved, staff):
    login(client, staff)
    html = client.get(page(approved)).get_data(as_text=True)
    forms = file_check_forms(html)
    assert [form["data-error-box"] for form in forms] == [f"doc-error-{p.id}" for p in approved.participants]
    assert all(form["data-max-bytes"] == str(20 * 1024 * 1024) and form["file-accept"].startswith(".pdf,")
               and "20 Mo" in form["data-msg-too-large"] for form in forms)
    assert all(f'id="{form["data-error-box"]}"' in html for form in forms)
    assert "/static/upload.js" in html

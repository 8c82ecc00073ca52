"""A person's rights: the export holds every table about them; correction and erasure are recorded requests;
erasure leaves no trace in the search, the exports, the snapshots and the queued mail."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ApplicationSnapshot,
    Consent,
    EmergencyContact,
    FundingLine,
    MailMessage,
    Participant,
    RightsRequest,
    Role,
    StayIncident,
    StayReport,
)
from portal.privacy import rights
from tests.helpers import count, login, post

NAME, EMAIL = "Zéphyrine", "zephyrine@example.com"


@pytest.fixture
def held(factories):
    """Zéphyrine in every table that can hold her data."""
    application = factories.application(status="in_progress")
    person = factories.participant(application, first_name=NAME, last_name="Quintal", email=EMAIL,
                                   inclusion_needs="Fauteuil roulant")
    other = factories.participant(application, first_name="Autre", email="autre@example.com")
    factories.budget_line(application, computed_cents=50_000, approved_cents=50_000)
    db.session.add_all([
        Consent(participant_id=person.id, purpose="participation", wording_version="v", given_at=datetime(2026, 1, 1),
                given_by=f"{NAME} Quintal", method="form"),
        EmergencyContact(participant_id=person.id, name="Mère Quintal", phone="418 555 0000"),
        StayReport(participant_id=person.id, status="submitted", advice=f"Signé {NAME}", quote_consent=True),
        StayIncident(application_id=application.id, participant_id=person.id, occurred_at=datetime(2026, 6, 2),
                     nature=f"{NAME} malade"),
        MailMessage(recipient=EMAIL, subject="Votre rapport", body_text=f"Bonjour {NAME}"),
        ApplicationSnapshot(application_id=application.id, number=1, data={"participants": [
            {"id": person.id, "first_name": NAME, "email": EMAIL},
            {"id": other.id, "first_name": "Autre"}]}),
    ])
    factories.confirmed_document(application, "health_insurance", participant_id=person.id,
                                 original_name=f"assurance-{NAME}.pdf")
    db.session.flush()
    return person


def test_the_export_holds_every_linked_table_with_the_persons_rows(held):
    data = rights.export(held)
    assert set(data) == set(rights.PERSON_LINKS)
    for table in ("participants", "consents", "emergency_contacts", "stay_reports", "stay_incidents", "documents",
                  "mail_outbox", "application_snapshots"):
        assert data[table], table
    assert data["participants"][0]["inclusion_needs"] == "Fauteuil roulant"
    assert data["application_snapshots"][0]["participant"]["first_name"] == NAME
    assert "Autre" not in json.dumps(data)  # the other participant's entry stays out


def test_every_personal_column_of_a_linked_table_is_in_the_export(held):
    from portal.privacy.registry import PERSONAL_COLUMNS

    data = rights.export(held)
    for (table, column) in PERSONAL_COLUMNS:
        if table in data and table != "application_snapshots" and data[table]:
            assert column in data[table][0], f"{table}.{column}"


def _scan_everything_for(*needles: str) -> list[str]:
    """Every text and JSON column of every table, read back from the database."""
    found = []
    for table in db.Model.metadata.sorted_tables:
        text_columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
        if not text_columns:
            continue
        for row in db.session.execute(select(*text_columns)):
            for column, value in zip(text_columns, row):
                if value is not None and any(n.lower() in json.dumps(value, ensure_ascii=False).lower()
                                             for n in needles):
                    found.append(f"{table.name}.{column.name}")
    return found


def test_erasure_leaves_no_trace_and_keeps_the_counts_and_money(held, factories, request_ctx):
    admin = factories.user(Role.ADMIN)
    assert _scan_everything_for(NAME, EMAIL)
    lines_before = db.session.scalar(select(sa.func.sum(FundingLine.approved_cents)))
    request, keys = rights.erase(held, NAME, date(2026, 6, 20), admin)
    assert keys  # the stored attestation goes too (after commit)
    assert _scan_everything_for(NAME, EMAIL) == []
    assert rights.find_people(NAME) == [] and rights.find_people(EMAIL) == []
    assert NAME not in json.dumps(rights.export(db.session.get(Participant, held.id)), ensure_ascii=False)
    assert count(MailMessage, recipient=EMAIL) == 0
    assert count(Participant) == 2
    assert db.session.scalar(select(sa.func.sum(FundingLine.approved_cents))) == lines_before
    assert (request.kind, request.due_on, request.completed_at is not None) == ("erasure", date(2026, 7, 20), True)


def test_a_correction_is_applied_and_recorded(held, factories, request_ctx):
    admin = factories.user(Role.ADMIN)
    rights.correct(held, {"last_name": "Quintal-Roy"}, "Zéphyrine", date(2026, 6, 1), admin)
    assert held.last_name == "Quintal-Roy"
    recorded = db.session.scalars(select(RightsRequest)).one()
    assert recorded.kind == "correction" and "last_name" in recorded.outcome


def test_the_admin_exports_json_and_the_request_is_recorded(client, held, factories):
    admin = factories.user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    page = f"/confidentialite/personnes/{held.id}"
    response = post(client, f"{page}/export.json", {"requester": NAME, "requested_on": "2026-06-01"}, token_from=page)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json()["participants"][0]["email"] == EMAIL
    recorded = db.session.scalars(select(RightsRequest)).one()
    assert (recorded.kind, recorded.requested_on, recorded.due_on) == ("access", date(2026, 6, 1), date(2026, 7, 1))


def test_the_readable_export_shows_every_table(client, held, factories):
    admin = factories.user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    page = f"/confidentialite/personnes/{held.id}"
    text = post(client, f"{page}/export.html", {"requester": NAME, "requested_on": "2026-06-01"},
                token_from=page).get_data(as_text=True)
    for table in rights.PERSON_LINKS:
        assert f'id="table-{table}"' in text


def test_an_export_without_a_requester_is_refused_and_records_nothing(client, held, factories):
    admin = factories.user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    page = f"/confidentialite/personnes/{held.id}"
    assert post(client, f"{page}/export.json", {"requested_on": "2026-06-01"}, token_from=page).status_code == 400
    assert count(RightsRequest) == 0


def test_the_admin_erases_through_the_page(client, held, factories):
    admin = factories.user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    page = f"/confidentialite/personnes/{held.id}"
    response = post(client, f"{page}/effacement", {"requester": NAME, "requested_on": "2026-06-01"}, token_from=page)
    assert response.status_code == 302
    assert db.session.get(Participant, held.id).anonymised_at is not None
    assert NAME not in client.get(f"/confidentialite/personnes?q={NAME}").get_data(as_text=True).split("</form>")[-1]


def test_only_admins_reach_a_persons_page(client, held, factories):
    coordinator = factories.user(Role.COORDINATOR)
    db.session.commit()
    login(client, coordinator)
    assert client.get(f"/confidentialite/personnes/{held.id}").status_code == 403

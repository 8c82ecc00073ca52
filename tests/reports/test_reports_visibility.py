"""Who reads a participant's report: minors' reports only by their centre and the coordinators; a participant with
an account finds the same form after login."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, StayReport
from tests.helpers import login, post
from tests.reports.conftest import START


@pytest.fixture
def reports(make_stay):
    """A completed stay with a submitted report from a minor and one from an adult."""
    application = make_stay(status="completed", participants=(
        {"email": "mineur@example.com", "birth_date": date(START.year - 16, 1, 1),
         "parental_consent_by": "Parent", "parental_consent_at": date(2026, 1, 1)},
        {"email": "adulte@example.com"}))
    minor, adult = application.participants
    for participant in (minor, adult):
        db.session.add(StayReport(participant_id=participant.id, status="submitted", competencies=participant.email))
    db.session.commit()
    return application, minor, adult


def url(application, participant) -> str:
    return f"/rapports/projet/{application.id}/participants/{participant.id}"


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_the_centre_and_the_coordinators_read_a_minors_report(client, reports, request, who):
    application, minor, _adult = reports
    login(client, request.getfixturevalue(who))
    response = client.get(url(application, minor))
    assert response.status_code == 200
    assert "mineur@example.com" in response.get_data(as_text=True)


def test_a_ministry_officer_reads_an_adults_report_but_not_a_minors(client, reports, officer):
    application, minor, adult = reports
    login(client, officer)
    assert client.get(url(application, adult)).status_code == 200
    assert client.get(url(application, minor)).status_code == 404


def test_another_centre_gets_404_for_every_report(client, reports, factories):
    application, minor, adult = reports
    login(client, factories.user(Role.STAFF))
    assert client.get(url(application, minor)).status_code == 404
    assert client.get(url(application, adult)).status_code == 404


def test_another_participant_gets_404(client, reports, factories):
    application, minor, _adult = reports
    login(client, factories.user(Role.PARTICIPANT, email="adulte@example.com"))
    assert client.get(url(application, minor)).status_code == 404
    assert client.get(f"/rapports/mes-rapports/{minor.id}").status_code == 404


def test_a_participant_account_lists_and_fills_its_report_after_login(client, make_stay, factories):
    application = make_stay(status="completed", participants=({"email": "Ana@Example.com"},))
    participant = application.participants[0]
    user = factories.user(Role.PARTICIPANT, email="ana@example.com")
    db.session.commit()
    login(client, user)
    home = client.get("/accueil").get_data(as_text=True)
    assert f"/rapports/mes-rapports/{participant.id}" in home
    response = post(client, f"/rapports/mes-rapports/{participant.id}",
                    {"competencies": "Cuisson", "language_progress": "3", "satisfaction_preparation": "4",
                     "satisfaction_host": "4", "satisfaction_lodging": "4", "satisfaction_overall": "5",
                     "submit": "y"})
    assert response.status_code == 302
    report = db.session.scalars(select(StayReport).where(StayReport.participant_id == participant.id)).one()
    assert report.status == "submitted"

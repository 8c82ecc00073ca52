"""The stay buttons on the application page and their routes: refusals answer 409 in French, nothing changes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Decision, FinalReport, StayReport
from tests.helpers import flashes, login, post
from tests.reports.conftest import START


@pytest.fixture
def approved(make_stay):
    application = make_stay(status="approved")
    db.session.commit()
    return application


def show(application) -> str:
    return f"/projets/{application.id}"


def test_staff_see_the_start_button_and_starting_early_is_refused_in_french(client, approved, staff, set_today):
    set_today(START - timedelta(days=1))
    login(client, staff)
    assert 'id="stay-start"' in client.get(show(approved)).get_data(as_text=True)
    response = post(client, f"/projets/{approved.id}/sejour/debut", token_from=show(approved))
    assert response.status_code == 409
    assert flashes(response) == ["Le séjour commence le 1 juin 2026 : il ne peut pas être indiqué en cours avant ce jour."]
    db.session.refresh(approved)
    assert approved.status == "approved"


def test_starting_on_the_first_day_moves_the_stay_in_progress(client, approved, staff, set_today):
    set_today(START)
    login(client, staff)
    response = post(client, f"/projets/{approved.id}/sejour/debut", token_from=show(approved))
    assert response.status_code == 302
    db.session.refresh(approved)
    assert approved.status == "in_progress"


def test_a_coordinator_sees_no_stay_buttons_and_cannot_start(client, approved, coordinator):
    login(client, coordinator)
    page = client.get(show(approved)).get_data(as_text=True)
    assert 'id="stay-start"' not in page
    assert post(client, f"/projets/{approved.id}/sejour/debut", token_from=show(approved)).status_code == 403


def test_the_coordinator_closes_with_a_reason_from_the_page(client, make_stay, coordinator):
    application = make_stay(status="completed")
    db.session.add(FinalReport(application_id=application.id, status="accepted"))
    db.session.commit()
    login(client, coordinator)
    page = client.get(show(application)).get_data(as_text=True)
    assert 'id="close-missing"' in page and "Rapports de participant·e·s manquants : 2." in page
    response = post(client, f"/projets/{application.id}/cloturer", {"override_reason": ""}, token_from=show(application))
    assert response.status_code == 409
    assert flashes(response)[0].startswith("Le dossier ne peut pas encore être fermé :")
    response = post(client, f"/projets/{application.id}/cloturer", {"override_reason": "Élèves injoignables."},
                    token_from=show(application))
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == "closed"
    decision = db.session.scalars(select(Decision).where(Decision.application_id == application.id)).one()
    assert "Élèves injoignables." in decision.comment


def test_the_page_links_to_the_reports_once_the_stay_is_completed(client, make_stay, staff):
    application = make_stay(status="completed")
    db.session.add(StayReport(participant_id=application.participants[0].id, status="submitted"))
    db.session.commit()
    login(client, staff)
    page = client.get(show(application)).get_data(as_text=True)
    assert 'id="reports-tracking-link"' in page and 'id="final-report-link"' in page
    assert client.get(f"/rapports/projet/{application.id}/rapport-final").status_code == 200

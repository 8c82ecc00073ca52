"""Centre A's staff never reach centre B's projects (404, existence not disclosed); reviewers read, never edit;
posted fields the form does not declare change nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.clock import Clock
from portal.extensions import db
from portal.models import Application, Decision, Role
from tests.helpers import csrf_token, fresh_client, login, post


def project_data(**overrides) -> dict:
    start = Clock().today() + timedelta(days=60)
    data = {
        "title": "Titre modifié", "trade_code": "5195", "trade_name": "Soudage-montage", "direction": "outgoing",
        "group_kind": "group", "partner_id": "0", "destination_country": "FR", "destination_city": "Lyon",
        "start_date": start.isoformat(), "end_date": (start + timedelta(days=13)).isoformat(), "travel_days": "2",
        "travel_mode": "air",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


@pytest.fixture
def centre_b_project(factories):
    return factories.application(factories.centre(), title="Projet du centre B")


@pytest.fixture
def staff_a(app, factories):
    user = factories.user(Role.STAFF)
    client = fresh_client(app)
    login(client, user)
    client.user = user
    return client


def unchanged(project: Application) -> bool:
    db.session.expire_all()
    fresh = db.session.get(Application, project.id)
    return (fresh.title, fresh.status, fresh.version) == ("Projet du centre B", "draft", 1)


def test_index_does_not_list_another_centres_project(staff_a, centre_b_project):
    html = staff_a.get("/projets/").get_data(as_text=True)
    assert "Projet du centre B" not in html
    assert f"/projets/{centre_b_project.id}" not in html


@pytest.mark.parametrize("path", ["", "/modifier"])
def test_get_of_another_centres_project_is_404(staff_a, centre_b_project, path):
    response = staff_a.get(f"/projets/{centre_b_project.id}{path}")
    assert response.status_code == 404
    assert "Projet du centre B" not in response.get_data(as_text=True)


def test_unknown_project_is_the_same_404(staff_a, centre_b_project):
    unknown = staff_a.get("/projets/999999999")
    theirs = staff_a.get(f"/projets/{centre_b_project.id}")
    assert unknown.status_code == theirs.status_code == 404


@pytest.mark.parametrize("path, data", [
    ("/modifier", project_data(version=1)),
    ("/soumettre", {"version": "1"}),
    ("/retirer", {"comment": "Je retire le projet d'un autre centre"}),
])
def test_post_to_another_centres_project_is_404_and_changes_nothing(staff_a, centre_b_project, path, data):
    response = post(staff_a, f"/projets/{centre_b_project.id}{path}", data, token_from="/projets/")
    assert response.status_code == 404
    assert unchanged(centre_b_project)
    assert not db.session.scalars(select(Decision).where(Decision.application_id == centre_b_project.id)).all()


def test_own_form_posted_to_another_centres_url_is_404(staff_a, centre_b_project, factories):
    """Form tampering: the edit form of my project, with the action rewritten to theirs."""
    mine = factories.application(staff_a.user.organisation)
    token = csrf_token(staff_a, f"/projets/{mine.id}/modifier")
    response = staff_a.post(f"/projets/{centre_b_project.id}/modifier",
                            data={**project_data(version=1), "csrf_token": token})
    assert response.status_code == 404
    assert unchanged(centre_b_project)


def test_posted_fields_the_form_does_not_declare_are_ignored_on_edit(staff_a, centre_b_project, factories):
    mine = factories.application(staff_a.user.organisation)
    other_call = factories.call()
    response = post(staff_a, f"/projets/{mine.id}/modifier", project_data(
        version=mine.version, status="approved", organisation_id=centre_b_project.organisation_id,
        call_id=other_call.id, amount="999999", approved_cents="999999", submitted_at="2020-01-01", id=centre_b_project.id,
        created_by_id=999,
    ))
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Application, mine.id)
    assert fresh.title == "Titre modifié"
    assert fresh.status == "draft"
    assert fresh.organisation_id == staff_a.user.organisation_id
    assert fresh.call_id == mine.call_id
    assert fresh.submitted_at is None
    assert fresh.version == 2  # one save, counted by SQLAlchemy, not taken from the form
    assert unchanged(centre_b_project)


def test_posted_fields_the_form_does_not_declare_are_ignored_on_create(staff_a, centre_b_project, factories):
    call = factories.call()
    response = post(staff_a, "/projets/nouveau", project_data(
        call_id=call.id, title="Créé avec des extras", status="approved",
        organisation_id=centre_b_project.organisation_id, version=42, amount="5000", decided_at="2020-01-01"))
    assert response.status_code == 302
    created = db.session.scalars(select(Application).where(Application.title == "Créé avec des extras")).one()
    assert created.organisation_id == staff_a.user.organisation_id
    assert (created.status, created.version, created.decided_at) == ("draft", 1, None)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MINISTRY, Role.ADMIN])
def test_reviewers_read_the_project_without_edit_controls(app, factories, centre_b_project, role):
    centre_b_project.status = "submitted"  # a draft is the centre's business: reviewers get 404 (issue 12)
    db.session.flush()
    client = fresh_client(app)
    login(client, factories.user(role))
    response = client.get(f"/projets/{centre_b_project.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Projet du centre B" in html and 'id="eligibility-checklist"' in html
    for control in ('id="edit-application"', 'id="submit-form"', 'id="withdraw-form"'):
        assert control not in html


@pytest.mark.parametrize("method, path, data", [
    ("get", "/modifier", None),
    ("post", "/modifier", project_data(version=1)),
    ("post", "/soumettre", {"version": "1"}),
    ("post", "/retirer", {"comment": "non"}),
])
def test_a_coordinator_cannot_edit_submit_or_withdraw(app, factories, centre_b_project, method, path, data):
    client = fresh_client(app)
    login(client, factories.user(Role.COORDINATOR))
    url = f"/projets/{centre_b_project.id}{path}"
    if method == "get":
        response = client.get(url)
    else:
        response = post(client, url, data, token_from="/compte/mot-de-passe")  # the draft itself is a 404
    assert response.status_code in (403, 404)
    assert unchanged(centre_b_project)


def test_a_participant_account_cannot_read_a_project(app, factories, centre_b_project):
    client = fresh_client(app)
    login(client, factories.user(Role.PARTICIPANT))
    assert client.get(f"/projets/{centre_b_project.id}").status_code == 404
    assert client.get("/projets/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(app, centre_b_project):
    client = fresh_client(app)
    for url in ("/projets/", f"/projets/{centre_b_project.id}", "/projets/nouveau"):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]

"""Who may see the review pages and use the decision forms: other roles 403, drafts and unknown ids 404."""
from __future__ import annotations

import pytest

from tests.helpers import post
from tests.review.conftest import review_page, state_of, text


@pytest.mark.parametrize("who", ["as_staff", "as_participant"])
@pytest.mark.parametrize("path", ["/examen/", "/examen/ministere", "/examen/{id}"])
def test_staff_and_participants_get_403_on_the_pages(request, who, path, make_application):
    application = make_application("submitted")
    client = request.getfixturevalue(who)
    assert client.get(path.format(id=application.id)).status_code == 403


@pytest.mark.parametrize("who", ["as_staff", "as_participant"])
@pytest.mark.parametrize("path", ["demander-des-modifications", "recommander", "refuser", "renvoyer", "approuver"])
def test_staff_and_participants_get_403_on_every_decision(request, who, path, make_application):
    application = make_application("submitted")
    client = request.getfixturevalue(who)
    before = state_of(application)
    response = post(client, f"/examen/{application.id}/{path}", {"comment": "x", "reason": "x"}, token_from="/accueil")
    assert response.status_code == 403
    assert state_of(application) == before


def test_the_coordinator_queue_is_not_for_officers(as_officer):
    assert as_officer.get("/examen/").status_code == 403


def test_the_ministry_queue_is_not_for_coordinators(as_coordinator):
    assert as_coordinator.get("/examen/ministere").status_code == 403


def test_a_coordinator_cannot_approve(as_coordinator, make_application):
    application = make_application("recommended")
    before = state_of(application)
    response = post(as_coordinator, f"/examen/{application.id}/approuver", {"version": "1"}, token_from="/accueil")
    assert response.status_code == 403
    assert state_of(application) == before


def test_a_draft_is_not_found(as_coordinator, make_application):
    application = make_application("draft", snapshot=False)
    assert as_coordinator.get(f"/examen/{application.id}").status_code == 404


def test_an_unknown_application_is_not_found(as_officer):
    assert as_officer.get("/examen/999999").status_code == 404


def test_a_decision_not_possible_in_this_state_is_409(as_coordinator, make_application):
    """A coordinator's form posted once the application is recommended: the operation refuses, nothing changes."""
    application = make_application("recommended")
    before = state_of(application)
    response = post(as_coordinator, f"/examen/{application.id}/refuser",
                    {"reason": "Non", "version": str(application.version), "idempotency_key": "r" * 32},
                    token_from=f"/examen/{application.id}")
    assert response.status_code == 409
    assert "Cette action n'est pas possible lorsque le statut de la demande est « Recommandé" in text(response)
    assert state_of(application) == before


def test_only_the_forms_of_the_readers_role_and_state_are_shown(as_coordinator, as_officer, make_application):
    submitted, recommended = make_application("submitted"), make_application("recommended")
    coordinator_page = review_page(as_coordinator, submitted)
    assert all(f'id="{form}"' in coordinator_page for form in ("request-changes-form", "recommend-form",
                                                               "reject-form"))
    assert 'id="approve-form"' not in coordinator_page and 'id="send-back-form"' not in coordinator_page
    assert 'id="no-action"' in review_page(as_coordinator, recommended)
    officer_page = review_page(as_officer, recommended)
    assert all(f'id="{form}"' in officer_page for form in ("approve-form", "send-back-form", "reject-form"))
    assert 'id="no-action"' in review_page(as_officer, submitted)

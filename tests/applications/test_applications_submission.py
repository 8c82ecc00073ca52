"""Submit and withdraw from the project page: the workflow operations behind buttons, one commit per request, each
confirmed first (as are removing a participant and deleting a document)."""
from __future__ import annotations

import html
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, ApplicationSnapshot, Decision, Document, Participant, Role
from tests.helpers import count, fresh_client, login, post, post_confirmed

_keys = itertools.count(1)



def confirmed_document(application: Application, kind: str) -> Document:
    document = Document(application_id=application.id, kind=kind, status="confirmed", storage_backend="local",
                        storage_key=f"test/{application.id}/{kind}/{next(_keys)}-{utcnow().timestamp()}",
                        original_name=f"{kind}.pdf", content_type="application/pdf", size_bytes=1234,
                        sha256="0" * 64)
    db.session.add(document)
    db.session.flush()
    return document


@pytest.fixture
def staff(factories):
    return factories.user(Role.STAFF)


@pytest.fixture
def browser(app, staff):
    client = fresh_client(app)
    login(client, staff)
    return client


@pytest.fixture
def eligible(factories, staff):
    """A draft that passes every rule: dates in the window, an adult participant, a computed budget, the required
    documents."""
    application = factories.application(staff.organisation)
    factories.participant(application)
    factories.budget_line(application, kind="transport", computed_cents=50_000)
    for kind in application.call.program.required_document_kinds:
        confirmed_document(application, kind)
    db.session.commit()  # a refused operation rolls the request back: the setup must be committed before
    return application


def reload(application: Application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def test_submit_happy_path(browser, eligible, staff):
    page = browser.get(f"/projets/{eligible.id}").get_data(as_text=True)
    assert 'id="submit-blocked"' not in page and "rule-failed" not in page
    response = post_confirmed(browser, f"/projets/{eligible.id}/soumettre", {"version": str(eligible.version)},
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projets/{eligible.id}")
    fresh = reload(eligible)
    assert fresh.status == "submitted" and fresh.submitted_at is not None
    decision = db.session.scalars(select(Decision).where(Decision.application_id == eligible.id)).one()
    assert (decision.action, decision.actor_id, decision.to_status) == ("submit", staff.id, "submitted")
    assert db.session.scalars(select(ApplicationSnapshot)
                              .where(ApplicationSnapshot.application_id == eligible.id)).one().number == 1


def test_submitted_project_shows_no_edit_or_submit_controls(browser, eligible):
    post_confirmed(browser, f"/projets/{eligible.id}/soumettre", {"version": str(eligible.version)},
         token_from=f"/projets/{eligible.id}")
    html = browser.get(f"/projets/{eligible.id}").get_data(as_text=True)
    assert 'id="edit-application"' not in html and 'id="submit-form"' not in html
    assert 'id="withdraw-form"' in html  # still possible before approval
    assert 'id="decisions"' in html and 'id="snapshots"' in html


def test_submit_refused_while_ineligible_changes_nothing(browser, factories, staff):
    application = factories.application(staff.organisation)  # no participant, no document
    db.session.commit()
    response = post_confirmed(browser, f"/projets/{application.id}/soumettre", {"version": str(application.version)},
                    token_from=f"/projets/{application.id}")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="rule-has_participants" class="mb-1 rule-failed' in html
    assert reload(application).status == "draft"
    assert not db.session.scalars(select(Decision).where(Decision.application_id == application.id)).all()


def test_submit_refused_after_the_deadline(browser, factories, staff):
    now = utcnow()
    call = factories.call(opens_at=now - timedelta(days=60), closes_at=now - timedelta(seconds=1))
    application = factories.application(staff.organisation, call)
    factories.participant(application)
    for kind in call.program.required_document_kinds:
        confirmed_document(application, kind)
    db.session.commit()
    response = post_confirmed(browser, f"/projets/{application.id}/soumettre", {"version": str(application.version)},
                    token_from=f"/projets/{application.id}")
    assert response.status_code == 409
    assert 'id="rule-call_open" class="mb-1 rule-failed' in response.get_data(as_text=True)
    assert reload(application).status == "draft"


def test_submit_refused_when_the_project_changed_since_the_page_was_shown(browser, eligible):
    token_page = f"/projets/{eligible.id}"
    stale = eligible.version
    eligible.title = "Changé par un collègue"
    db.session.commit()
    response = post_confirmed(browser, f"/projets/{eligible.id}/soumettre", {"version": str(stale)}, token_from=token_page)
    assert response.status_code == 409
    assert reload(eligible).status == "draft"


def test_submitting_twice_is_refused(browser, eligible):
    url = f"/projets/{eligible.id}/soumettre"
    assert post_confirmed(browser, url, {}, token_from=f"/projets/{eligible.id}").status_code == 302
    assert post_confirmed(browser, url, {}, token_from=f"/projets/{eligible.id}").status_code == 409
    assert len(db.session.scalars(select(Decision).where(Decision.application_id == eligible.id)).all()) == 1


def test_withdraw_with_a_reason(browser, eligible, staff):
    response = post_confirmed(browser, f"/projets/{eligible.id}/retirer", {"comment": "  Le partenaire a annulé.  "},
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 302
    assert reload(eligible).status == "withdrawn"
    decision = db.session.scalars(select(Decision).where(Decision.application_id == eligible.id)).one()
    assert (decision.action, decision.comment, decision.actor_id) == ("withdraw", "Le partenaire a annulé.", staff.id)


def test_withdraw_without_a_reason_changes_nothing(browser, eligible):
    response = post_confirmed(browser, f"/projets/{eligible.id}/retirer", {"comment": "   "},
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="withdraw" open' in html and "is-invalid" in html
    assert reload(eligible).status == "draft"


def test_withdraw_refused_once_approved(browser, factories, staff):
    application = factories.application(staff.organisation, status="approved")
    db.session.commit()
    response = post_confirmed(browser, f"/projets/{application.id}/retirer", {"comment": "Trop tard"},
                    token_from=f"/projets/{application.id}")
    assert response.status_code == 409
    assert reload(application).status == "approved"


def test_submit_without_csrf_token_is_refused(browser, eligible):
    response = browser.post(f"/projets/{eligible.id}/soumettre", data={"version": str(eligible.version)})
    assert response.status_code == 400
    assert reload(eligible).status == "draft"


# --- confirmation first: posted without confirmed=1, nothing changes and the answer (428) says what will happen --

def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def decisions(application) -> int:
    return len(db.session.scalars(select(Decision).where(Decision.application_id == application.id)).all())


def test_submitting_says_what_will_happen_and_changes_nothing(browser, eligible):
    response = post(browser, f"/projets/{eligible.id}/soumettre", {"version": str(eligible.version)},
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 428
    page = text(response)
    assert f"Le projet « {eligible.title} » sera transmis à la coordination" in page
    assert "Montant demandé : 500,00\xa0$." in page
    assert reload(eligible).status == "draft" and decisions(eligible) == 0
    assert count(ApplicationSnapshot, application_id=eligible.id) == 0


def test_the_confirmation_page_submits(browser, eligible):
    response = post_confirmed(browser, f"/projets/{eligible.id}/soumettre", {"version": str(eligible.version)},
                              token_from=f"/projets/{eligible.id}")
    assert response.status_code == 302
    assert reload(eligible).status == "submitted" and decisions(eligible) == 1


def test_withdrawing_says_it_cannot_be_undone_and_changes_nothing(browser, eligible):
    response = post(browser, f"/projets/{eligible.id}/retirer", {"comment": "Le partenaire a annulé."},
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 428
    assert "C’est définitif : un projet retiré ne peut plus être déposé." in text(response)
    assert reload(eligible).status == "draft" and decisions(eligible) == 0


def test_removing_a_participant_names_them_and_changes_nothing(browser, eligible):
    participant = eligible.participants[0]
    response = post(browser, f"/projets/{eligible.id}/participants/{participant.id}/supprimer",
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 428
    assert f"{participant.full_name} sera retiré·e du projet" in text(response)
    db.session.expire_all()
    assert count(Participant, application_id=eligible.id) == 1


def test_deleting_a_document_names_the_file_and_changes_nothing(browser, eligible):
    document = db.session.scalars(select(Document).where(Document.application_id == eligible.id)).first()
    response = post(browser, f"/projets/{eligible.id}/documents/{document.id}/supprimer",
                    token_from=f"/projets/{eligible.id}")
    assert response.status_code == 428
    assert f"Le fichier « {document.original_name} » (" in text(response)
    db.session.expire_all()
    assert db.session.get(Document, document.id) is not None


def test_the_project_page_marks_the_forms_that_ask_first(browser, eligible):
    page = browser.get(f"/projets/{eligible.id}").get_data(as_text=True)
    assert 'id="submit-form" data-confirm' in page and "novalidate data-confirm" in page
    assert page.count("data-confirm\n") + page.count("data-confirm ") >= 2
    assert "/static/confirm.js" in page

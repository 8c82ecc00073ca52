"""Downloads and deletions: access check first (404 for anyone else), attachment + nosniff, editable states only."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from portal.extensions import db
from portal.models import ApplicationStatus, DocumentStatus
from tests.helpers import csrf_token, fresh_client, login, post, post_confirmed


def _url(scene, doc_id, suffix=""):
    return f"/projets/{scene.application.id}/documents/{doc_id}{suffix}"


def _set_status(application, status):
    application.status = status
    db.session.commit()


def test_download_headers(uploader, storage_backend, scene, kit):
    data = kit.samples["pdf"]
    doc_id = uploader.upload("Lettre d’entente — Lyon.pdf", data, kind="partner_agreement").document_id
    response = scene.client.get(_url(scene, doc_id))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    if storage_backend.name == "local":
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Lettre%20d%E2%80%99entente%20%E2%80%94%20Lyon.pdf" in disposition
        assert response.mimetype == "application/pdf"
        assert response.get_data() == data
    else:
        assert response.status_code in (302, 303)
        location = response.headers["Location"]
        query = parse_qs(urlparse(location).query)
        assert int(query["X-Amz-Expires"][0]) <= 300  # short-lived
        assert query["response-content-disposition"][0].startswith("attachment;")
        fetched = requests.get(location, timeout=30)
        assert fetched.status_code == 200
        assert fetched.content == data
        assert fetched.headers["Content-Disposition"].startswith("attachment;")


def test_staff_of_another_centre_gets_404_everywhere(app, uploader, storage_backend, scene, kit, factories):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    other = factories.user("staff")  # in another centre
    client_b = fresh_client(app)
    login(client_b, other)
    assert client_b.get(_url(scene, doc_id)).status_code == 404
    assert client_b.get(f"/projets/{scene.application.id}/documents/televerser").status_code == 404
    assert post_confirmed(client_b, _url(scene, doc_id, "/supprimer"), token_from="/accueil").status_code == 404
    token = csrf_token(client_b, "/accueil")
    presign = client_b.post(f"/projets/{scene.application.id}/documents/presigner",
                            json={"kind": "budget_grid", "filename": "a.pdf", "size": 10},
                            headers={"X-CSRFToken": token})
    assert presign.status_code == 404
    confirm = client_b.post(_url(scene, doc_id, "/confirmer"), json={}, headers={"X-CSRFToken": token})
    assert confirm.status_code == 404
    upload = post(client_b, f"/projets/{scene.application.id}/documents/televerser",
                  {"kind": "budget_grid", "file": (io.BytesIO(kit.samples["pdf"]), "a.pdf")},
                  token_from="/accueil", content_type="multipart/form-data")
    assert upload.status_code == 404
    # Their own application with our document's id: still 404 (form / URL tampering).
    own = factories.application(centre_org=other.organisation)
    assert client_b.get(f"/projets/{own.id}/documents/{doc_id}").status_code == 404
    assert post_confirmed(client_b, f"/projets/{own.id}/documents/{doc_id}/supprimer", token_from="/accueil").status_code == 404
    assert [d.status for d in kit.documents_of(scene.application)] == [DocumentStatus.CONFIRMED]
    assert len(kit.stored_keys(storage_backend)) == 1


def test_document_of_another_application_of_the_same_centre_is_404(uploader, storage_backend, scene, kit,
                                                                     factories):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    sibling = factories.application(centre_org=scene.centre)
    assert scene.client.get(f"/projets/{sibling.id}/documents/{doc_id}").status_code == 404
    response = post_confirmed(scene.client, f"/projets/{sibling.id}/documents/{doc_id}/supprimer", token_from="/accueil")
    assert response.status_code == 404
    # Replacing another application's document (tampered hidden field) is refused too.
    result = type(uploader)(uploader.mode, scene.client, sibling).upload(
        "programme.pdf", kit.samples["pdf"], replaces=doc_id)
    assert result.status == 404
    assert kit.documents_of(sibling) == []
    assert kit.documents_of(scene.application)[0].superseded_at is None


@pytest.mark.parametrize("role", ["coordinator", "ministry", "admin"])
def test_reviewers_can_download(app, uploader, storage_backend, scene, kit, factories, role):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    reviewer = factories.user(role)
    client = fresh_client(app)
    login(client, reviewer)
    assert client.get(_url(scene, doc_id)).status_code == 404  # while a draft: the centre's business (issue 12)
    _set_status(scene.application, "submitted")
    assert client.get(_url(scene, doc_id)).status_code in (200, 302, 303)
    # Reviewers read; they do not upload or delete.
    assert post_confirmed(client, _url(scene, doc_id, "/supprimer"), token_from="/accueil").status_code in (403, 404)


def test_anonymous_and_participants_cannot_download(app, uploader, storage_backend, scene, kit, factories):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    anonymous = fresh_client(app)
    response = anonymous.get(_url(scene, doc_id))
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    participant = factories.user("participant")
    client = fresh_client(app)
    login(client, participant)
    assert client.get(_url(scene, doc_id)).status_code == 404


def test_pending_and_rejected_documents_are_not_downloadable(s3_backend, scene, kit):
    from portal.core.clock import utcnow
    from portal.extensions import db
    from portal.models import Document

    rows = [Document(application_id=scene.application.id, kind="budget_grid", status=status, storage_backend="s3",
                     storage_key=f"incoming/2026/11/{status}", original_name="a.pdf",
                     content_type="application/pdf", size_bytes=10, uploaded_at=utcnow())
            for status in ("pending", "rejected")]
    db.session.add_all(rows)
    db.session.commit()
    for row in rows:
        assert scene.client.get(_url(scene, row.id)).status_code == 404


def test_delete_removes_the_row_and_the_object(uploader, storage_backend, scene, kit):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    response = post_confirmed(scene.client, _url(scene, doc_id, "/supprimer"), token_from="/accueil")
    assert response.status_code == 302
    assert kit.documents_of(scene.application) == []
    assert kit.stored_keys(storage_backend) == []


def test_delete_needs_post_and_csrf(uploader, storage_backend, scene, kit):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    assert scene.client.get(_url(scene, doc_id, "/supprimer")).status_code == 405
    assert scene.client.post(_url(scene, doc_id, "/supprimer")).status_code == 400
    assert len(kit.documents_of(scene.application)) == 1


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED,
                                    ApplicationStatus.WITHDRAWN])
def test_no_change_outside_editable_states(uploader, storage_backend, scene, kit, status):
    doc_id = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    _set_status(scene.application, status)
    assert scene.client.get(f"/projets/{scene.application.id}/documents/televerser").status_code == 409
    assert post_confirmed(scene.client, _url(scene, doc_id, "/supprimer"), token_from="/accueil").status_code == 409
    token = csrf_token(scene.client, "/accueil")
    presign = scene.client.post(f"/projets/{scene.application.id}/documents/presigner",
                                json={"kind": "budget_grid", "filename": "a.pdf", "size": 10},
                                headers={"X-CSRFToken": token})
    assert presign.status_code == 409
    upload = post(scene.client, f"/projets/{scene.application.id}/documents/televerser",
                  {"kind": "budget_grid", "file": (io.BytesIO(kit.samples["pdf"]), "a.pdf")},
                  token_from="/accueil", content_type="multipart/form-data")
    assert upload.status_code == 409
    assert [d.id for d in kit.documents_of(scene.application)] == [doc_id]
    assert len(kit.stored_keys(storage_backend)) == 1
    # Reading is still possible.
    assert scene.client.get(_url(scene, doc_id)).status_code in (200, 302, 303)


def test_confirm_is_refused_once_the_application_was_submitted(s3_backend, scene, kit):
    data = kit.samples["pdf"]
    token = csrf_token(scene.client, f"/projets/{scene.application.id}/documents/televerser")
    body = scene.client.post(f"/projets/{scene.application.id}/documents/presigner",
                             json={"kind": "budget_grid", "filename": "a.pdf", "size": len(data)},
                             headers={"X-CSRFToken": token}).get_json()
    requests.post(body["url"], data=body["fields"], files={"file": ("a.pdf", data)}, timeout=30)
    _set_status(scene.application, ApplicationStatus.SUBMITTED)
    response = scene.client.post(body["confirm_url"], json={}, headers={"X-CSRFToken": token})
    assert response.status_code == 409
    assert kit.no_document_counts(scene.application)

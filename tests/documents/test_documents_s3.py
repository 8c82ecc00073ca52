"""Direct upload to S3: presign, then the server-side confirmation (moto does not enforce POST policies)."""
from __future__ import annotations

from datetime import timedelta

import requests

from portal.extensions import db
from portal.models import Document, DocumentStatus
from tests.helpers import csrf_token


def _presign(scene, body):
    url = f"/projets/{scene.application.id}/documents/presigner"
    token = csrf_token(scene.client, f"/projets/{scene.application.id}/documents/televerser")
    return scene.client.post(url, json=body, headers={"X-CSRFToken": token})


def _confirm(scene, url, body=None):
    token = csrf_token(scene.client, f"/projets/{scene.application.id}/documents/televerser")
    return scene.client.post(url, json=body or {}, headers={"X-CSRFToken": token})


def _post_to_bucket(presigned, name, data, content_type="application/pdf"):
    fields = dict(presigned["fields"])
    response = requests.post(presigned["url"], data=fields, files={"file": (name, data, content_type)}, timeout=30)
    assert response.status_code in (200, 201, 204), response.text


def test_presign_returns_a_policy_for_a_pending_server_key(s3_backend, scene, kit):
    response = _presign(scene, {"kind": "budget_grid", "filename": "../grille.pdf", "size": 1234,
                                "content_type": "application/x-msdownload"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["url"].startswith(s3_backend.client.meta.endpoint_url)
    fields = body["fields"]
    assert fields["Content-Type"] == "application/pdf"  # canonical type, whatever the browser said
    assert fields["key"].startswith("incoming/")
    assert "grille" not in fields["key"]
    assert kit.documents_of(scene.application) == []  # presigning writes nothing: the token carries it
    assert f"/documents/confirmer?token={body['token']}" in body["confirm_url"]
    assert kit.no_document_counts(scene.application)


def test_presign_sends_no_write_to_the_database(s3_backend, scene):
    from tests.statements import counting_statements

    token = csrf_token(scene.client, f"/projets/{scene.application.id}/documents/televerser")
    with counting_statements() as statements:
        response = scene.client.post(f"/projets/{scene.application.id}/documents/presigner",
                                     json={"kind": "budget_grid", "filename": "a.pdf", "size": 10},
                                     headers={"X-CSRFToken": token})
    assert response.status_code == 200
    writes = [s for s in statements if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_the_confirmed_document_is_the_one_the_token_names(s3_backend, scene, kit):
    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "insurance", "filename": "assurance.pdf", "size": len(data)}).get_json()
    _post_to_bucket(presigned, "assurance.pdf", data)
    assert _confirm(scene, presigned["confirm_url"]).status_code == 200
    [doc] = kit.documents_of(scene.application)
    assert (doc.kind, doc.original_name, doc.size_bytes) == ("insurance", "assurance.pdf", len(data))


def test_a_forged_or_foreign_token_is_refused_and_records_nothing(s3_backend, scene, kit, factories):
    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": len(data)}).get_json()
    _post_to_bucket(presigned, "grille.pdf", data)
    forged = presigned["confirm_url"].replace("token=", "token=x")
    assert _confirm(scene, forged).status_code == 400
    other = factories.application(scene.application.organisation, scene.application.call)
    db.session.commit()
    foreign = presigned["confirm_url"].replace(f"/projets/{scene.application.id}/", f"/projets/{other.id}/")
    assert _confirm(scene, foreign).status_code == 400
    assert kit.documents_of(scene.application) == [] and kit.documents_of(other) == []


def test_presign_needs_the_csrf_header(s3_backend, scene, kit):
    response = scene.client.post(f"/projets/{scene.application.id}/documents/presigner",
                                 json={"kind": "budget_grid", "filename": "a.pdf", "size": 10})
    assert response.status_code == 400
    assert kit.documents_of(scene.application) == []


def test_confirm_moves_the_object_to_a_key_the_browser_cannot_write(s3_backend, scene, kit):
    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": len(data)}).get_json()
    _post_to_bucket(presigned, "grille.pdf", data)
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 200
    assert response.get_json()["status"] == "confirmed"
    [doc] = kit.documents_of(scene.application)
    assert doc.status == DocumentStatus.CONFIRMED
    assert doc.storage_key.startswith("documents/")
    assert kit.stored_keys(s3_backend) == [doc.storage_key]  # the incoming key is gone
    # Re-using the still valid policy afterwards cannot change the confirmed document.
    _post_to_bucket(presigned, "grille.pdf", kit.samples["exe"])
    assert kit.read_object(s3_backend, doc.storage_key) == data
    # Confirming twice is harmless.
    assert _confirm(scene, presigned["confirm_url"]).status_code == 200


def test_confirm_rejects_bytes_that_do_not_match_and_deletes_the_object(s3_backend, scene, kit):
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": 100}).get_json()
    _post_to_bucket(presigned, "grille.pdf", kit.samples["exe"])
    assert kit.stored_keys(s3_backend) == [presigned["fields"]["key"]]
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "type_mismatch" and body["error"]
    assert kit.documents_of(scene.application) == []
    assert kit.stored_keys(s3_backend) == []
    # A rejected upload cannot be confirmed later: its object is gone.
    again = _confirm(scene, presigned["confirm_url"])
    assert again.status_code == 400 and again.get_json()["code"] == "missing"


def test_confirm_rejects_a_content_type_other_than_the_policy(s3_backend, scene, kit):
    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": len(data)}).get_json()
    presigned["fields"]["Content-Type"] = "text/html"  # moto does not enforce the policy; the server does
    _post_to_bucket(presigned, "grille.pdf", data)
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "type_mismatch"
    assert kit.stored_keys(s3_backend) == []
    assert kit.no_document_counts(scene.application)


def test_confirm_checks_the_size_of_the_object(s3_backend, scene, kit, max_size):
    limit = max_size(32 * 1024)
    data = b"%PDF-1.4\n" + b"0" * (limit * 2)
    # The browser announces a small size, then sends more than the limit (the policy is not enforced).
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": 1000}).get_json()
    _post_to_bucket(presigned, "grille.pdf", data)
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "too_large"
    assert kit.stored_keys(s3_backend) == []
    assert kit.no_document_counts(scene.application)


def test_confirm_of_an_empty_object_is_rejected(s3_backend, scene, kit):
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": 10}).get_json()
    _post_to_bucket(presigned, "grille.pdf", b"")
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "empty"
    assert kit.stored_keys(s3_backend) == []


def test_confirm_without_an_upload_is_rejected(s3_backend, scene, kit):
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": 10}).get_json()
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "missing"
    assert kit.no_document_counts(scene.application)


def test_an_upload_token_older_than_an_hour_cannot_be_confirmed(s3_backend, scene, kit, monkeypatch):
    from portal.core import clock

    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": len(data)}).get_json()
    _post_to_bucket(presigned, "grille.pdf", data)
    later = clock.utcnow() + timedelta(hours=1, seconds=2)
    monkeypatch.setattr("portal.documents.uploads.utcnow", lambda: later)
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "missing"
    assert kit.documents_of(scene.application) == []
    assert kit.stored_keys(s3_backend) == []


def test_expire_pending_marks_stale_rows_of_older_presigns_rejected(app, s3_backend, scene, kit):
    """Pending rows presigned before the signed tokens are still expired by the housekeeping."""
    from portal.core.clock import utcnow
    from portal.documents import housekeeping

    def pending(key, age):
        doc = Document(application_id=scene.application.id, kind="budget_grid", status="pending",
                       storage_backend="s3", storage_key=key, original_name="a.pdf", content_type="application/pdf",
                       size_bytes=10, uploaded_at=utcnow() - age)
        db.session.add(doc)
        return doc
    pending("incoming/2026/11/fresh", timedelta(minutes=5))
    pending("incoming/2026/11/stale", timedelta(hours=2))
    db.session.flush()
    assert housekeeping.expire_pending() == ["incoming/2026/11/stale"]
    statuses = {d.storage_key: d.status for d in kit.documents_of(scene.application)}
    assert statuses == {"incoming/2026/11/fresh": "pending", "incoming/2026/11/stale": "rejected"}


def test_presign_is_refused_with_the_local_backend(local_storage, scene, kit):
    response = _presign(scene, {"kind": "budget_grid", "filename": "a.pdf", "size": 10})
    assert response.status_code == 400
    assert kit.documents_of(scene.application) == []


def test_upload_page_switches_to_direct_mode_with_s3(s3_backend, scene):
    html = scene.client.get(f"/projets/{scene.application.id}/documents/televerser").get_data(as_text=True)
    assert 'data-mode="direct"' in html
    assert "/documents/presigner" in html
    assert 'id="upload-progress"' in html
    assert "upload.js" in html
    assert "<script>" not in html  # CSP: no inline script


def test_upload_page_posts_through_the_portal_with_local(local_storage, scene):
    html = scene.client.get(f"/projets/{scene.application.id}/documents/televerser").get_data(as_text=True)
    assert 'data-mode="server"' in html
    assert 'enctype="multipart/form-data"' in html

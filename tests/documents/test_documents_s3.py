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
    [doc] = kit.documents_of(scene.application)
    assert doc.status == DocumentStatus.PENDING
    assert doc.storage_key == fields["key"]
    assert doc.original_name == "grille.pdf"
    assert body["confirm_url"].endswith(f"/documents/{doc.id}/confirmer")
    assert kit.no_document_counts(scene.application)  # pending never counts


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
    [doc] = kit.documents_of(scene.application)
    assert doc.status == DocumentStatus.REJECTED
    assert kit.stored_keys(s3_backend) == []
    # A rejected upload cannot be confirmed later.
    assert _confirm(scene, presigned["confirm_url"]).status_code == 409


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


def test_pending_upload_older_than_an_hour_cannot_be_confirmed(s3_backend, scene, kit):
    data = kit.samples["pdf"]
    presigned = _presign(scene, {"kind": "budget_grid", "filename": "grille.pdf", "size": len(data)}).get_json()
    _post_to_bucket(presigned, "grille.pdf", data)
    doc = db.session.get(Document, int(presigned["confirm_url"].split("/")[-2]))
    doc.uploaded_at = doc.uploaded_at - timedelta(hours=1, seconds=1)
    db.session.commit()
    response = _confirm(scene, presigned["confirm_url"])
    assert response.status_code == 400 and response.get_json()["code"] == "missing"
    assert kit.documents_of(scene.application)[0].status == DocumentStatus.REJECTED
    assert kit.stored_keys(s3_backend) == []


def test_expire_pending_marks_stale_uploads_rejected(app, s3_backend, scene, kit):
    from portal.documents import housekeeping

    fresh = _presign(scene, {"kind": "budget_grid", "filename": "a.pdf", "size": 10}).get_json()
    stale = _presign(scene, {"kind": "insurance", "filename": "b.pdf", "size": 10}).get_json()
    stale_doc = db.session.scalars(db.select(Document).where(
        Document.storage_key == stale["fields"]["key"])).one()
    stale_doc.uploaded_at -= timedelta(hours=2)
    db.session.flush()
    keys = housekeeping.expire_pending()
    assert keys == [stale["fields"]["key"]]
    statuses = {d.storage_key: d.status for d in kit.documents_of(scene.application)}
    assert statuses == {fresh["fields"]["key"]: "pending", stale["fields"]["key"]: "rejected"}


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

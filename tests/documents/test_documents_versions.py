"""Replacing keeps the old version; the checklist per program; the documents section of the application page."""
from __future__ import annotations

import io
import re

import pytest

from portal.documents import housekeeping, kinds, queries, uploads
from portal.extensions import db
from portal.models import DocumentStatus
from tests.helpers import post_confirmed


def test_replace_keeps_the_old_version(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second_data = kit.samples["pdf"] + b"% v2\n"
    second = uploader.upload("programme v2.pdf", second_data, replaces=first).document_id
    old, new = kit.documents_of(scene.application)
    assert (old.id, new.id) == (first, second)
    assert old.superseded_by_id == new.id and old.superseded_at is not None
    assert old.status == DocumentStatus.CONFIRMED  # kept, just no longer current
    assert new.superseded_at is None
    assert sorted(kit.stored_keys(storage_backend)) == sorted([old.storage_key, new.storage_key])
    assert [d.id for d in queries.current_documents(scene.application)] == [second]
    # The old version can still be downloaded.
    assert scene.client.get(f"/projets/{scene.application.id}/documents/{first}").status_code in (200, 302, 303)


def test_uploading_a_kind_again_replaces_its_current_document(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second = uploader.upload("programme v2.pdf", kit.samples["pdf"]).document_id
    assert [d.id for d in queries.current_documents(scene.application, "stay_programme")] == [second]
    assert kit.documents_of(scene.application)[0].superseded_by_id == second
    assert first != second


def test_several_files_for_multi_kinds(uploader, storage_backend, scene, kit):
    a = uploader.upload("consentement A.pdf", kit.samples["pdf"], kind="parental_consent").document_id
    b = uploader.upload("consentement B.pdf", kit.samples["pdf"], kind="parental_consent").document_id
    assert {d.id for d in queries.current_documents(scene.application, "parental_consent")} == {a, b}
    c = uploader.upload("consentement B2.pdf", kit.samples["pdf"], kind="parental_consent", replaces=b).document_id
    assert {d.id for d in queries.current_documents(scene.application, "parental_consent")} == {a, c}


def test_replacing_with_another_kind_is_refused(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme.pdf", kit.samples["pdf"]).document_id
    result = uploader.upload("budget.pdf", kit.samples["pdf"], kind="budget_grid", replaces=first)
    assert result.status == 400
    assert [d.id for d in queries.current_documents(scene.application)] == [first]
    assert len(kit.stored_keys(storage_backend)) == 1


def test_deleting_the_current_version_restores_the_previous_one(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second = uploader.upload("programme v2.pdf", kit.samples["pdf"], replaces=first).document_id
    response = post_confirmed(scene.client, f"/projets/{scene.application.id}/documents/{second}/supprimer",
                    token_from="/accueil")
    assert response.status_code == 302
    [doc] = kit.documents_of(scene.application)
    assert doc.id == first and doc.superseded_at is None and doc.superseded_by_id is None
    assert kit.stored_keys(storage_backend) == [doc.storage_key]


def test_previous_versions_cannot_be_deleted(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    uploader.upload("programme v2.pdf", kit.samples["pdf"], replaces=first)
    response = post_confirmed(scene.client, f"/projets/{scene.application.id}/documents/{first}/supprimer",
                    token_from="/accueil")
    assert response.status_code == 409
    assert len(kit.documents_of(scene.application)) == 2


def test_purge_superseded_once_decided(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second = uploader.upload("programme v2.pdf", kit.samples["pdf"], replaces=first).document_id
    old_key = kit.documents_of(scene.application)[0].storage_key
    keys = housekeeping.purge_superseded(scene.application)
    assert keys == [old_key]
    uploads.delete_objects(keys)
    assert [d.id for d in kit.documents_of(scene.application)] == [second]
    assert old_key not in kit.stored_keys(storage_backend)


def test_the_purge_command_drops_replaced_versions_of_decided_applications_only(
        app, uploader, storage_backend, scene, kit, factories):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second = uploader.upload("programme v2.pdf", kit.samples["pdf"], replaces=first).document_id
    undecided = factories.application(centre_org=scene.centre, status="submitted")
    kept = factories.confirmed_document(undecided, "stay_programme")
    kept.superseded_at = kept.uploaded_at
    old_key = kit.documents_of(scene.application)[0].storage_key
    scene.application.status = "approved"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-documents"])
    assert result.exit_code == 0, result.output
    assert [d.id for d in kit.documents_of(scene.application)] == [second]
    assert old_key not in kit.stored_keys(storage_backend)
    assert [d.id for d in kit.documents_of(undecided)] == [kept.id]


def test_checklist_follows_the_program(app, factories):
    program = factories.program(required_documents="stay_programme,budget_grid,parental_consent",
                                optional_documents="insurance")
    application = factories.application(call_obj=factories.call(program))
    items = queries.checklist(application)
    assert [(i.kind, i.required) for i in items] == [
        ("stay_programme", True), ("budget_grid", True), ("parental_consent", True), ("insurance", False)]
    assert not any(i.present for i in items)
    with app.test_request_context():
        assert str(items[0].label) and str(items[3].label) != str(items[0].label)
    assert queries.missing_required_kinds(application) == ["stay_programme", "budget_grid", "parental_consent"]
    assert set(kinds.DOCUMENT_KINDS) <= set(kinds.allowed_kinds(application))


def test_only_confirmed_current_documents_count(uploader, storage_backend, scene, kit, factories):
    uploader.upload("programme.pdf", kit.samples["pdf"])
    uploader.upload("budget.exe", kit.samples["exe"], kind="budget_grid")  # rejected
    missing = queries.missing_required_kinds(scene.application)
    assert "stay_programme" not in missing and "budget_grid" in missing


def test_application_page_shows_the_documents(uploader, storage_backend, scene, kit):
    first = uploader.upload("programme v1.pdf", kit.samples["pdf"]).document_id
    second = uploader.upload("programme v2.pdf", kit.samples["pdf"], replaces=first).document_id
    response = scene.client.get(f"/projets/{scene.application.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="documents-table"' in html
    row = re.search(r'<tr id="document-kind-stay_programme".*?</tr>', html, re.S).group(0)
    assert f'id="document-{second}"' in row
    previous = re.search(r'<details class="mt-1" id="document-previous-stay_programme">.*?</details>', row, re.S)
    assert previous and f'id="document-{first}"' in previous.group(0)
    assert 'id="document-kind-budget_grid" class="document-missing"' in html
    assert 'id="document-upload-link"' in html
    assert "document-delete" in html
    assert "style=" not in re.search(r'<section id="documents".*?</section>', html, re.S).group(0)


def test_reviewer_sees_documents_without_actions(app, uploader, storage_backend, scene, kit, factories):
    from tests.helpers import fresh_client, login

    uploader.upload("programme.pdf", kit.samples["pdf"])
    scene.application.status = "submitted"  # a draft is the centre's business alone (404 to reviewers)
    db.session.commit()
    coordinator = factories.user("coordinator")
    client = fresh_client(app)
    login(client, coordinator)
    html = client.get(f"/projets/{scene.application.id}").get_data(as_text=True)
    assert 'id="documents-table"' in html
    assert 'id="document-upload-link"' not in html and "document-delete" not in html


def test_a_failed_commit_removes_the_stored_upload_too(app, local_storage, factories, monkeypatch):
    application = factories.application()
    local_storage.put("documents/orphan-check", io.BytesIO(b"%PDF-1.4\n"), "application/pdf")
    doc = factories.confirmed_document(application, "stay_programme", storage_key="documents/orphan-check")

    def failing_commit():
        raise RuntimeError("database gone")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with app.test_request_context(), pytest.raises(RuntimeError):
        uploads.commit_upload(doc)
    assert local_storage.head("documents/orphan-check") is None

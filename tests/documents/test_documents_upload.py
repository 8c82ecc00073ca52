"""One upload suite, run against both backends (``storage_backend`` is parametrised local / s3).

local: multipart POST through the portal; s3: presign → HTTP POST to the moto server → confirm.
"""
from __future__ import annotations

import hashlib

import pytest

from portal.models import DocumentStatus
from portal.storage.validation import MESSAGES


def _assert_nothing_stored(kit, storage, application):
    """Rejected: no document counts, and no object is left in the storage."""
    assert kit.no_document_counts(application)
    assert kit.stored_keys(storage) == []
    rows = kit.documents_of(application)
    if storage.name == "local":
        assert rows == []  # through the portal nothing is recorded at all
    else:
        # A direct upload had a pending row (created at presign); the refusal marks it rejected.
        assert all(row.status == DocumentStatus.REJECTED for row in rows)


@pytest.mark.parametrize(("name", "sample", "content_type"), [
    ("programme de séjour.pdf", "pdf", "application/pdf"),
    ("photo.PNG", "png", "image/png"),
    ("grille budgétaire.docx", "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("élèves.csv", "csv", "text/csv"),
])
def test_valid_upload_is_recorded(uploader, storage_backend, scene, kit, name, sample, content_type):
    data = kit.samples[sample]
    result = uploader.upload(name, data)
    assert result.ok, result
    [doc] = kit.documents_of(scene.application)
    assert doc.id == result.document_id
    assert doc.status == DocumentStatus.CONFIRMED
    assert doc.kind == "stay_programme"
    assert doc.storage_backend == storage_backend.name
    assert doc.original_name == name
    assert doc.content_type == content_type  # from the extension, proven by the content; not the browser's
    assert doc.size_bytes == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.uploaded_by_id == scene.staff.id
    assert doc.superseded_at is None
    assert doc.storage_key.startswith("documents/")  # server-generated key, never the file name
    assert name.split(".")[0] not in doc.storage_key
    assert kit.stored_keys(storage_backend) == [doc.storage_key]
    assert kit.read_object(storage_backend, doc.storage_key) == data


def test_large_file_is_streamed_and_hashed(uploader, storage_backend, scene, kit):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8192  # about 2 MiB
    result = uploader.upload("big.pdf", data)
    assert result.ok, result
    [doc] = kit.documents_of(scene.application)
    assert doc.size_bytes == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


HOSTILE = [
    pytest.param("setup.pdf", "exe", "type_mismatch", id="exe-renamed-pdf"),
    pytest.param("setup.exe", "exe", "bad_extension", id="exe"),
    pytest.param("page.html", "html", "bad_extension", id="html"),
    pytest.param("page.txt", "html", "type_mismatch", id="html-renamed-txt"),
    pytest.param("page.pdf", "html", "type_mismatch", id="html-renamed-pdf"),
    pytest.param("image.svg", "svg", "bad_extension", id="svg"),
    pytest.param("image.png", "svg", "type_mismatch", id="svg-renamed-png"),
    pytest.param("liste.csv", "svg", "type_mismatch", id="svg-renamed-csv"),
    pytest.param("../../etc/passwd", "pdf", "bad_extension", id="traversal-no-extension"),
    pytest.param("rapport\x00.pdf", "pdf", "bad_name", id="nul-in-name"),
    pytest.param("rapport.pdf\x00.exe", "pdf", "bad_name", id="nul-before-extension"),
]


@pytest.mark.parametrize(("name", "sample", "code"), HOSTILE)
def test_hostile_upload_is_rejected_and_nothing_stored(uploader, storage_backend, scene, kit, name, sample, code):
    result = uploader.upload(name, kit.samples[sample])
    assert not result.ok
    assert result.status in (400, 413)
    assert result.code == code
    assert result.message  # a clear message, shown to the user (translated msgid of validation.MESSAGES)
    _assert_nothing_stored(kit, storage_backend, scene.application)


def test_empty_file_is_rejected(uploader, storage_backend, scene, kit):
    result = uploader.upload("vide.pdf", b"")
    assert result.status == 400 and result.code == "empty" and result.message
    _assert_nothing_stored(kit, storage_backend, scene.application)


def test_rejection_message_is_the_validation_msgid(app, uploader, storage_backend, scene, kit):
    """In English (no translation applies) the message is exactly the msgid of validation.MESSAGES."""
    from tests.helpers import post

    post(scene.client, "/langue/en", {"next": "/"}, token_from="/accueil")
    result = uploader.upload("vide.pdf", b"")
    assert result.code == "empty"
    assert result.message == MESSAGES["empty"]


def test_traversal_name_is_stored_under_a_server_key(uploader, storage_backend, scene, kit, tmp_path):
    data = kit.samples["pdf"]
    result = uploader.upload("../../etc/passwd.pdf", data)
    assert result.ok, result
    [doc] = kit.documents_of(scene.application)
    assert doc.original_name == "passwd.pdf"  # display name only
    assert doc.storage_key.startswith("documents/") and ".." not in doc.storage_key
    assert kit.stored_keys(storage_backend) == [doc.storage_key]
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "etc" / "passwd.pdf").exists()


def test_oversized_is_rejected(uploader, storage_backend, scene, kit, max_size):
    limit = max_size(64 * 1024)
    data = b"%PDF-1.4\n" + b"0" * (limit + 1)
    result = uploader.upload("trop gros.pdf", data)
    assert not result.ok
    assert result.status == 400 and result.code == "too_large"  # the per-file limit (local: at storage; S3: presign)
    _assert_nothing_stored(kit, storage_backend, scene.application)


def test_a_file_of_exactly_the_stated_limit_is_accepted(uploader, storage_backend, scene, kit, max_size):
    limit = max_size(64 * 1024)
    data = kit.samples["pdf"] + b"0" * (limit - len(kit.samples["pdf"]))
    assert len(data) == limit
    result = uploader.upload("juste.pdf", data)
    assert result.ok, result


def test_unknown_kind_is_refused(uploader, storage_backend, scene, kit):
    result = uploader.upload("a.pdf", kit.samples["pdf"], kind="passport_scan")
    assert not result.ok
    assert result.status in (200, 400)  # local: the form is shown again with the field's error
    assert kit.no_document_counts(scene.application)
    assert kit.stored_keys(storage_backend) == []

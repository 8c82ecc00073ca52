"""A file posted through the portal's form to the S3 backend (the proxied upload): received into a ReceivedFile
(counted while Werkzeug parses the body), checked, then sent to the bucket by path while it is hashed."""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import tracemalloc

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import EnvironBuilder, encode_multipart

from portal.storage.base import ReceivedFile
from tests.helpers import csrf_token

ERROR_CODE = 'id="upload-error" data-code="'
SENDING = {"PutObject", "CreateMultipartUpload", "UploadPart"}  # requests that carry (or start carrying) a file


@pytest.fixture
def sent(s3_backend):
    """The operation names of every request the portal's S3 client sends during the test."""
    operations: list[str] = []

    def record(event_name, **_):
        operations.append(event_name.split(".")[-1])

    s3_backend.client.meta.events.register("before-send.s3", record)
    yield operations
    s3_backend.client.meta.events.unregister("before-send.s3", record)


@pytest.fixture
def spool_folder(tmp_path, monkeypatch):
    """Where the received files go during the test (Python's temporary folder)."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + os.urandom(size - 9)


def _form_post(scene, data: bytes, name: str = "programme.pdf", *, cut_at: int | None = None) -> EnvironBuilder:
    """The upload form's POST as a browser sends it (CSRF token and kind first); ``cut_at`` drops the rest of the
    body after that many bytes while the Content-Length still announces all of it (a client gone mid-upload)."""
    url = f"/projets/{scene.application.id}/documents/televerser"
    boundary, body = encode_multipart({"csrf_token": csrf_token(scene.client, url), "kind": "stay_programme",
                                       "file": FileStorage(io.BytesIO(data), name, "file")})
    return EnvironBuilder(path=url, base_url="http://portail.test/", method="POST", input_stream=io.BytesIO(body[:cut_at]), content_length=len(body),
                          content_type=f"multipart/form-data; boundary={boundary}")


def test_the_posted_file_is_received_into_a_counted_file_while_the_body_is_parsed(app):
    data = _pdf(700 * 1024)
    with app.test_request_context("/", method="POST", content_type="multipart/form-data",
                                  data={"file": (io.BytesIO(data), "a.pdf")}) as ctx:
        stream = ctx.request.files["file"].stream
        assert isinstance(stream, ReceivedFile)
        assert stream.size == len(data)  # counted by the parser's writes: nothing has read the file since
        with open(stream.path, "rb") as fh:
            assert fh.read() == data


def test_a_small_form_keeps_its_file_in_memory(app):
    with app.test_request_context("/", method="POST", content_type="multipart/form-data",
                                  data={"file": (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")}) as ctx:
        assert not isinstance(ctx.request.files["file"].stream, ReceivedFile)


def test_a_large_file_reaches_s3_in_one_put_with_its_size_and_sha256(s3_backend, scene, kit, sent):
    data = _pdf(12 * 1024 * 1024)
    response = scene.client.open(_form_post(scene, data))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    [doc] = kit.documents_of(scene.application)
    assert (doc.size_bytes, doc.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert kit.read_object(s3_backend, doc.storage_key) == data
    assert sent.count("PutObject") == 1 and "UploadPart" not in sent


def test_no_received_file_is_left_after_an_upload(s3_backend, scene, spool_folder):
    response = scene.client.open(_form_post(scene, _pdf(2 * 1024 * 1024)))
    assert response.status_code == 302
    assert list(spool_folder.iterdir()) == []


def test_a_too_large_file_is_refused_before_anything_is_sent(s3_backend, scene, kit, sent, max_size):
    max_size(600 * 1024)
    response = scene.client.open(_form_post(scene, _pdf(700 * 1024)))
    assert response.status_code == 400
    assert ERROR_CODE + "too_large" in response.get_data(as_text=True)
    assert SENDING.isdisjoint(sent)
    assert kit.stored_keys(s3_backend) == [] and kit.documents_of(scene.application) == []


def test_a_large_file_of_the_wrong_type_is_refused_before_anything_is_sent(s3_backend, scene, kit, sent):
    data = kit.samples["exe"] + os.urandom(700 * 1024)
    response = scene.client.open(_form_post(scene, data, "setup.pdf"))
    assert response.status_code == 400
    assert ERROR_CODE + "type_mismatch" in response.get_data(as_text=True)
    assert SENDING.isdisjoint(sent)
    assert kit.stored_keys(s3_backend) == [] and kit.documents_of(scene.application) == []


def test_a_body_cut_off_mid_file_is_a_400_with_nothing_stored_or_left(s3_backend, scene, kit, sent, spool_folder):
    response = scene.client.open(_form_post(scene, _pdf(2 * 1024 * 1024), cut_at=1024 * 1024))
    assert response.status_code == 400
    assert SENDING.isdisjoint(sent)
    assert kit.stored_keys(s3_backend) == [] and kit.documents_of(scene.application) == []
    assert list(spool_folder.iterdir()) == []  # the half-received file is gone with the request


def test_the_worker_never_holds_the_file_in_memory(s3_backend, scene):
    data = _pdf(16 * 1024 * 1024)
    post = _form_post(scene, data)  # the test client's copy of the body is made before measuring
    tracemalloc.start()
    try:
        response = scene.client.open(post)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    assert peak < len(data) / 4

"""Fixtures for the documents tests: the app's storage swapped for a clean local folder or an S3 bucket,
and an uploader that drives each backend the way the browser does.

* local: a multipart POST through the portal (``documents.upload``);
* s3: JSON presign → a real HTTP POST of the presigned form to the moto server → JSON confirm.
"""
from __future__ import annotations

import io
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from portal.extensions import db, services
from portal.models import Document
from portal.storage.base import StorageBackend
from portal.storage.local import LocalStorage
from tests.helpers import csrf_token, fresh_client, login, post

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
CSV = "nom,ville\nÉcole hôtelière,Québec\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", b"<w/>")
    return buf.getvalue()


DOCX = _docx()


@dataclass
class UploadResult:
    status: int  # HTTP status of the step that decided (upload POST, presign or confirm)
    document_id: int | None = None
    code: str | None = None  # validation.MESSAGES code when rejected
    message: str | None = None  # the (translated) message shown to the user

    @property
    def ok(self) -> bool:
        return self.document_id is not None and self.code is None


ERROR_RE = re.compile(r'id="upload-error" data-code="([a-z_]*)">([^<]*)<')


class Uploader:
    """Uploads files to one application as the logged-in staff client, through the active backend."""

    def __init__(self, mode: str, client, application) -> None:
        self.mode = mode
        self.client = client
        self.application = application

    @property
    def upload_url(self) -> str:
        return f"/projets/{self.application.id}/documents/televerser"

    @property
    def presign_url(self) -> str:
        return f"/projets/{self.application.id}/documents/presigner"

    def upload(self, name: str, data: bytes, kind: str = "stay_programme", replaces: int | None = None,
               *, announce_size: int | None = None, s3_content_type: str = "application/octet-stream"
               ) -> UploadResult:
        if self.mode == "local":
            return self._through_portal(name, data, kind, replaces)
        return self._direct(name, data, kind, replaces, announce_size, s3_content_type)

    def _through_portal(self, name, data, kind, replaces) -> UploadResult:
        form = {"kind": kind, "file": (io.BytesIO(data), name)}
        if replaces:
            form["replaces"] = str(replaces)
        response = post(self.client, self.upload_url, form, content_type="multipart/form-data")
        if response.status_code == 302:
            doc = db.session.scalars(
                db.select(Document).where(Document.application_id == self.application.id)
                .order_by(Document.id.desc())).first()
            return UploadResult(302, document_id=doc.id)
        match = ERROR_RE.search(response.get_data(as_text=True))
        return UploadResult(response.status_code, code=match.group(1) if match else None,
                            message=match.group(2).strip() if match else None)

    def presign(self, body: dict):
        token = csrf_token(self.client, self.upload_url)
        return self.client.post(self.presign_url, json=body, headers={"X-CSRFToken": token})

    def confirm(self, url: str, body: dict | None = None):
        token = csrf_token(self.client, self.upload_url)
        return self.client.post(url, json=body or {}, headers={"X-CSRFToken": token})

    def _direct(self, name, data, kind, replaces, announce_size, s3_content_type) -> UploadResult:
        response = self.presign({"kind": kind, "filename": name, "content_type": s3_content_type,
                                 "size": len(data) if announce_size is None else announce_size,
                                 "replaces": replaces})
        if response.status_code != 200:
            body = response.get_json(silent=True) or {}
            return UploadResult(response.status_code, code=body.get("code"), message=body.get("error"))
        presigned = response.get_json()
        # What the browser does: the policy fields, then the file, straight to the bucket.
        sent = requests.post(presigned["url"], data=presigned["fields"],
                             files={"file": (name, data, s3_content_type)}, timeout=30)
        assert sent.status_code in (200, 201, 204), sent.text
        confirmed = self.confirm(presigned["confirm_url"], {"replaces": replaces})
        body = confirmed.get_json(silent=True) or {}
        if confirmed.status_code == 200:
            return UploadResult(200, document_id=body["document_id"])
        return UploadResult(confirmed.status_code, document_id=None, code=body.get("code"),
                            message=body.get("error"))


def stored_keys(storage: StorageBackend) -> list[str]:
    """Every object the backend holds (local: files other than the content-type sidecars)."""
    if isinstance(storage, LocalStorage):
        root = Path(storage.root)
        return sorted(
            str(path.relative_to(root)) for path in root.rglob("*")
            if path.is_file() and not path.name.endswith(".meta")
        )
    listing = storage.client.list_objects_v2(Bucket=storage.bucket)  # type: ignore[attr-defined]
    return sorted(obj["Key"] for obj in listing.get("Contents", []))


def read_object(storage: StorageBackend, key: str) -> bytes:
    with storage.open(key) as fh:
        return fh.read()


@pytest.fixture(params=["local", "s3"])
def storage_backend(request, app, tmp_path):
    """The session app's storage, swapped for a clean local folder or a fresh S3 bucket (restored after)."""
    if request.param == "local":
        storage: StorageBackend = LocalStorage(tmp_path / "uploads")
    else:
        storage = request.getfixturevalue("s3_storage")
    with using_storage(app, storage, request.param):
        yield storage


@pytest.fixture
def local_storage(app, tmp_path):
    """Only the local backend (for tests of the portal-side upload)."""
    storage = LocalStorage(tmp_path / "uploads")
    with using_storage(app, storage, "local"):
        yield storage


@pytest.fixture
def s3_backend(app, s3_storage):
    """Only the S3 backend (presign / confirm specifics)."""
    with using_storage(app, s3_storage, "s3"):
        yield s3_storage


@contextmanager
def using_storage(app, storage: StorageBackend, backend: str):
    saved_backend = app.config.get("STORAGE_BACKEND")
    app.config["STORAGE_BACKEND"] = backend
    try:
        with services.replace(app, storage=storage):
            yield
    finally:
        app.config["STORAGE_BACKEND"] = saved_backend


@pytest.fixture
def max_size(app):
    """Lower the per-file limit (and the request limit derived from it) for the test; restored after."""
    saved = app.config["MAX_UPLOAD_BYTES"], app.config["MAX_CONTENT_LENGTH"]

    def set_limit(value: int) -> int:
        app.config["MAX_UPLOAD_BYTES"] = value
        app.config["MAX_CONTENT_LENGTH"] = value + 1024 * 1024
        return value

    yield set_limit
    app.config["MAX_UPLOAD_BYTES"], app.config["MAX_CONTENT_LENGTH"] = saved


@dataclass
class Scene:
    staff: object
    centre: object
    application: object
    client: object


@pytest.fixture
def scene(app, factories) -> Scene:
    """A staff member of a centre, logged in, and a draft application of that centre."""
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre)
    application = factories.application(centre_org=centre)
    client = fresh_client(app)
    login(client, staff)
    return Scene(staff, centre, application, client)


@pytest.fixture
def uploader(storage_backend, scene, app) -> Uploader:
    return Uploader(app.config["STORAGE_BACKEND"], scene.client, scene.application)


def documents_of(application) -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(
        db.select(Document).where(Document.application_id == application.id).order_by(Document.id)))


def no_document_counts(application) -> bool:
    return not [d for d in documents_of(application) if d.status == "confirmed"]


SAMPLES = {"pdf": PDF, "png": PNG, "csv": CSV, "docx": DOCX, "exe": EXE, "html": HTML, "svg": SVG}


@pytest.fixture
def kit() -> SimpleNamespace:
    """Sample files and helpers, as a fixture (test modules never import a conftest)."""
    return SimpleNamespace(samples=dict(SAMPLES), stored_keys=stored_keys, read_object=read_object,
                           documents_of=documents_of, no_document_counts=no_document_counts)

"""Application documents: the per-program checklist and the upload / confirm / replace / delete operations.

Plain functions; the views parse the request, call one of these, commit once and redirect or answer JSON.

Two ways in:

* through the server (any backend, the only one for ``local``): :func:`store_upload` reads the first bytes,
  validates name / extension / magic bytes, streams the rest to storage with a size limit, re-checks what was
  stored, and records a confirmed :class:`Document`;
* straight from the browser to S3: :func:`start_direct_upload` checks the announced name / size and returns a
  presigned POST with a signed, expiring token (no database write); :func:`confirm_signed_upload` then checks
  the object itself (HEAD size and type, magic bytes), moves it to a key the browser never had a policy for,
  computes its sha256 and records the document, or deletes the object (rejection in the audit log). Pending
  rows made before the tokens are still confirmed by :func:`confirm_direct_upload`.

Only confirmed, not superseded documents count (:func:`current_documents`). Pending rows older than
:data:`PENDING_TTL` can no longer be confirmed and never count. Replacing a document keeps the old version
(``superseded_by_id`` / ``superseded_at``) until the application is decided (:func:`purge_superseded`).
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, DomainError, InvalidInput
from portal.documents.kinds import MULTI_KINDS, allowed_kinds, file_size
from portal.documents.policy import ensure_editable, lock_for_change
from portal.documents.queries import current_documents, document_of
from portal.extensions import db, services
from portal.models import Application, Document, DocumentStatus
from portal.storage import ObjectTooLarge, StorageBackend, new_key
from portal.storage.validation import (
    ALLOWED_TYPES,
    SNIFF_BYTES,
    UploadRejected,
    confirm_uploaded_object,
    extension_of,
    sanitize_filename,
    validate_upload,
)

PENDING_TTL = timedelta(hours=1)  # a direct upload must be confirmed within this delay
DOWNLOAD_URL_SECONDS = 120  # presigned download links (S3): the browser follows the redirect at once
UPLOAD_POLICY_SECONDS = 300  # presigned POST policy (S3)
PENDING_PREFIX = "incoming"  # keys the browser may write to (a bucket lifecycle rule can expire them)
FINAL_PREFIX = "documents"  # keys only the server writes to
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ALLOWED_TYPES)
UPLOAD_TOKEN_SALT = "portal.documents.direct-upload"  # noqa: S105  (a namespace for signing, not a secret)


# --- storage -------------------------------------------------------------------------------------------------

def storage_for(document: Document) -> StorageBackend:
    storage = services.storage
    if storage.name != document.storage_backend:
        raise RuntimeError(
            f"document {document.id} is on the {document.storage_backend!r} backend, "
            f"the portal uses {storage.name!r}"
        )
    return storage


def uses_direct_upload() -> bool:
    """True when the browser uploads straight to the bucket (S3), False when it posts to the portal."""
    return services.storage.name == "s3"


def max_upload_size() -> int:
    """The per-file limit the upload page states (a request carries the file and a few fields besides)."""
    return int(current_app.config.get("MAX_UPLOAD_BYTES") or 20 * 1024 * 1024)


@dataclass(frozen=True)
class FileLimits:
    """What a file form states once for the browser's check before sending (static/upload.js, the
    _file_check.html macros): the largest file and the accepted extensions. The server checks again."""

    max_bytes: int
    accept: str

    @property
    def max_size(self) -> str:
        return file_size(self.max_bytes)


def document_limits() -> FileLimits:
    """The limits of every form that stores a file as a document (project documents, care documents, receipts)."""
    return FileLimits(max_upload_size(), ACCEPT_ATTRIBUTE)


def delete_objects(keys: Iterable[str]) -> None:
    """Remove stored objects after the database change was committed (best effort, logged)."""
    storage = services.storage
    for key in keys:
        try:
            storage.delete(key)
        except Exception:  # noqa: BLE001 - an orphan object is harmless; a failed request is not
            current_app.logger.exception("could not delete stored object %s", key)


def commit_upload(doc: Document) -> None:
    """Commit a stored upload; if the commit fails, the stored object is removed too (no orphan file)."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        delete_objects([doc.storage_key])
        raise


def _check_kind(application: Application, kind: str) -> None:
    if kind not in allowed_kinds(application):
        raise InvalidInput(_("Unknown document kind."))


def _replaced(application: Application, kind: str, replaces_id: int | None) -> Document | None:
    """The current document the upload replaces, if any (same application, same kind), else 404."""
    if not replaces_id:
        return None
    doc = document_of(application, int(replaces_id))
    if doc.kind != kind or doc.superseded_at is not None:
        raise InvalidInput(_("Only the current version of a document of this kind can be replaced."))
    return doc


def _supersede(application: Application, new: Document, replaces: Document | None, at: datetime) -> None:
    targets = {doc.id: doc for doc in ([replaces] if replaces and replaces.superseded_at is None else [])}
    if new.kind not in MULTI_KINDS:
        targets.update({doc.id: doc for doc in current_documents(application, new.kind)})
    targets.pop(new.id, None)
    for old in targets.values():
        old.superseded_by_id = new.id
        old.superseded_at = at


def _audit(actor, action: str, doc: Document, **after: Any) -> None:
    add_event(actor, action, "document", doc.id,
              after={"application_id": doc.application_id, "kind": doc.kind, "name": doc.original_name, **after})


# --- upload through the server -------------------------------------------------------------------------------

class _Prefixed:
    """A read-only stream: ``head`` (already read to sniff it), then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: Any) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._stream.read(size)


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError):
        return False


def _read_head(stream: Any, n: int) -> bytes:
    chunks: list[bytes] = []
    remaining = n
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def store_upload(application: Application, kind: str, upload: Any, actor, *, replaces_id: int | None = None,
                 at: datetime | None = None, participant_id: int | None = None) -> Document:
    """Store a file posted to the portal (werkzeug ``FileStorage``) and record it as a confirmed document.

    Raises :class:`UploadRejected` (nothing stored, nothing recorded) or :class:`DomainError`.
    The caller commits; if the commit fails it must delete ``document.storage_key``.
    """
    at = at or utcnow()
    ensure_editable(application, kind)
    _check_kind(application, kind)
    replaces = _replaced(application, kind, replaces_id)
    max_size = max_upload_size()
    filename = upload.filename or ""
    # Name, extension, emptiness and magic bytes are checked on the first bytes, before anything is stored.
    head = _read_head(upload.stream, SNIFF_BYTES)
    checked = validate_upload(filename, head, len(head), max_size)
    if _seekable(upload.stream):
        upload.stream.seek(0)  # the backend gets the received file itself (see ReceivedFile)
        content = upload.stream
    else:
        content = _Prefixed(head, upload.stream)

    storage = services.storage
    key = new_key(FINAL_PREFIX)
    try:
        stored = storage.put(key, content, checked.content_type, max_size=max_size)
    except ObjectTooLarge:
        with suppress(Exception):
            storage.delete(key)
        raise UploadRejected("too_large", f"more than {max_size} bytes") from None
    except BaseException:
        with suppress(Exception):
            storage.delete(key)
        raise
    try:
        # What was stored is checked again (size and first bytes), then recorded.
        validate_upload(filename, storage.read_head(key, SNIFF_BYTES), stored.size, max_size)
        lock_for_change(application, kind)
        doc = _record_stored(application, kind, key, checked.display_name, checked.content_type, stored, actor, at,
                             replaces, participant_id=participant_id)
    except BaseException:
        with suppress(Exception):
            storage.delete(key)
        raise
    return doc


def _record_stored(application: Application, kind: str, key: str, name: str, content_type: str, stored: Any,
                   actor: Any, at: Any, replaces: Document | None, participant_id: int | None = None) -> Document:
    """The confirmed document row of a stored object (proxied or direct upload), superseding what it replaces."""
    doc = Document(application_id=application.id, participant_id=participant_id, kind=kind,
                   status=DocumentStatus.CONFIRMED, storage_backend=services.storage.name, storage_key=key,
                   original_name=name, content_type=content_type, size_bytes=stored.size, sha256=stored.sha256,
                   uploaded_by_id=getattr(actor, "id", None), uploaded_at=at)
    db.session.add(doc)
    db.session.flush()
    _supersede(application, doc, replaces, at)
    _audit(actor, "document.uploaded", doc, size=stored.size, sha256=stored.sha256)
    db.session.flush()
    return doc


# --- direct upload to S3 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DirectUpload:
    """A presigned POST for the browser and the signed token the confirm step needs (nothing stored yet)."""

    token: str
    url: str
    fields: dict[str, Any]


class _PortalClockSigner(TimestampSigner):
    """Token age measured on the portal's clock (the tests' set_today moves it too)."""

    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _tokens() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_TOKEN_SALT,
                                  signer=_PortalClockSigner)


def start_direct_upload(application: Application, kind: str, filename: str, size: Any, actor, *,
                        replaces_id: int | None = None, at: datetime | None = None) -> DirectUpload:
    """Check what the browser announces and hand it a presigned POST plus a signed, expiring token.

    Nothing is written to the database: the token carries what the confirm step needs (application, kind, key,
    name, type, announced size, user), so presigning costs a signature, never a row or a commit.
    """
    ensure_editable(application)
    _check_kind(application, kind)
    _replaced(application, kind, replaces_id)
    display_name = sanitize_filename(filename if isinstance(filename, str) else "")
    extension = extension_of(display_name)
    if extension not in ALLOWED_TYPES:
        raise UploadRejected("bad_extension", f"extension {extension!r}")
    try:
        announced = int(size)
    except (TypeError, ValueError):
        raise UploadRejected("empty", f"size {size!r}") from None
    if announced <= 0:
        raise UploadRejected("empty")
    max_size = max_upload_size()
    if announced > max_size:
        raise UploadRejected("too_large", f"{announced} > {max_size}")
    content_type = ALLOWED_TYPES[extension]  # the policy pins the canonical type, never the browser's guess

    key = new_key(PENDING_PREFIX)
    post = services.storage.presigned_upload(key, content_type, max_size, expires=UPLOAD_POLICY_SECONDS)
    if post is None:
        raise InvalidInput(_("Direct upload is not available; please use the upload form."))
    token = _tokens().dumps({"application": application.id, "kind": kind, "key": key, "name": display_name,
                             "type": content_type, "size": announced, "user": getattr(actor, "id", None)})
    return DirectUpload(token, str(post["url"]), dict(post["fields"]))  # type: ignore[arg-type]


def _final_key_of(pending_key: str) -> str:
    """The confirmed object's key, derived from the pending one: a second confirm finds the first one's row."""
    return FINAL_PREFIX + pending_key[len(PENDING_PREFIX):]


def confirm_signed_upload(application: Application, token: str, actor, *, replaces_id: int | None = None,
                          at: datetime | None = None) -> Document:
    """Check the object uploaded with the token's policy and record it as a confirmed document.

    A forged, foreign or reused-elsewhere token is InvalidInput; an expired one, or a bad object, is
    UploadRejected after the object was deleted (the audit log records the rejection; the caller commits it).
    """
    at = at or utcnow()
    try:
        data = _tokens().loads(token, max_age=int(PENDING_TTL.total_seconds()))
    except SignatureExpired as expired:
        _drop_expired(expired.payload)
        raise UploadRejected("missing", "pending for more than an hour") from None
    except BadSignature:
        raise InvalidInput(_("This upload link is not valid; please upload the file again.")) from None
    if data.get("application") != application.id or data.get("user") != getattr(actor, "id", None):
        raise InvalidInput(_("This upload link is not valid; please upload the file again."))
    final_key = _final_key_of(data["key"])
    done = db.session.scalar(select(Document).where(Document.application_id == application.id,
                                                    Document.storage_key == final_key))
    if done is not None:
        return done  # confirmed twice (double click, retry): nothing to do
    ensure_editable(application)
    _check_kind(application, data["kind"])
    storage = services.storage
    try:
        info = confirm_uploaded_object(storage, data["key"], data["type"], max_upload_size(),
                                       extension_of(data["name"]), final_key=final_key)
        stored = storage.checksum(final_key)  # streams the object: its sha256, and its size once more
        if stored.size != info.size:
            raise UploadRejected("missing", "object changed while it was checked")
    except UploadRejected as exc:
        for key in (data["key"], final_key):
            with suppress(Exception):
                storage.delete(key)
        add_event(actor, "document.rejected", "document", None,
                  after={"application_id": application.id, "kind": data["kind"], "name": data["name"],
                         "reason": exc.code})
        raise
    except BaseException:
        for key in (data["key"], final_key):
            with suppress(Exception):
                storage.delete(key)
        raise
    try:
        lock_for_change(application)
        replaces = None
        if replaces_id:
            with suppress(DomainError):  # replaced meanwhile: then the upload is simply added
                replaces = _replaced(application, data["kind"], replaces_id)
        doc = _record_stored(application, data["kind"], final_key, data["name"], data["type"], stored, actor, at,
                             replaces)
    except BaseException:
        with suppress(Exception):
            storage.delete(final_key)
        raise
    return doc


def _drop_expired(signed_payload: Any) -> None:
    """Delete what an expired token's browser may have uploaded (the signature was checked; only the age failed)."""
    try:
        payload = _tokens().load_payload(signed_payload)
    except BadData:
        return
    key = payload.get("key") if isinstance(payload, dict) else None
    if isinstance(key, str) and key.startswith(f"{PENDING_PREFIX}/"):
        with suppress(Exception):
            services.storage.delete(key)


def confirm_direct_upload(application: Application, doc: Document, actor, *, replaces_id: int | None = None,
                          at: datetime | None = None) -> Document:
    """A pending row presigned before tokens replaced them: check the object; confirm it, or reject it.

    On :class:`UploadRejected` the row has been marked rejected: the caller commits that, then reports.
    """
    at = at or utcnow()
    ensure_editable(application)
    if doc.status == DocumentStatus.CONFIRMED:
        return doc  # confirmed twice (double click, retry): nothing to do
    if doc.status != DocumentStatus.PENDING:
        raise Conflict(_("This upload was refused; please upload the file again."))
    storage = storage_for(doc)
    extension = extension_of(doc.original_name)
    if at - doc.uploaded_at > PENDING_TTL:
        _reject(doc, actor, storage, "expired")
        raise UploadRejected("missing", "pending for more than an hour")
    final_key = new_key(FINAL_PREFIX)
    try:
        info = confirm_uploaded_object(storage, doc.storage_key, doc.content_type, max_upload_size(), extension,
                                       final_key=final_key)
        stored = storage.checksum(final_key)  # streams the object: its sha256, and its size once more
        if stored.size != info.size:
            raise UploadRejected("missing", "object changed while it was checked")
    except UploadRejected as exc:
        with suppress(Exception):
            storage.delete(final_key)
        _reject(doc, actor, storage, exc.code)
        raise
    except BaseException:
        for key in (doc.storage_key, final_key):
            with suppress(Exception):
                storage.delete(key)
        raise
    try:
        lock_for_change(application)
        replaces = None
        if replaces_id:
            with suppress(DomainError):  # replaced meanwhile: then the upload is simply added
                replaces = _replaced(application, doc.kind, replaces_id)
        doc.storage_key = final_key
        doc.status = DocumentStatus.CONFIRMED
        doc.size_bytes = stored.size
        doc.sha256 = stored.sha256
        doc.uploaded_at = at
        _supersede(application, doc, replaces, at)
        _audit(actor, "document.uploaded", doc, size=stored.size, sha256=stored.sha256)
        db.session.flush()
    except BaseException:
        with suppress(Exception):
            storage.delete(final_key)
        raise
    return doc


def _reject(doc: Document, actor, storage: StorageBackend, reason: str) -> None:
    with suppress(Exception):
        storage.delete(doc.storage_key)
    doc.status = DocumentStatus.REJECTED
    doc.sha256 = None
    _audit(actor, "document.rejected", doc, reason=reason)
    db.session.flush()


# --- delete, purge -------------------------------------------------------------------------------------------

def delete_document(application: Application, doc: Document, actor) -> list[str]:
    """Delete the current version of a document; the version it replaced (if any) becomes current again.

    Returns the storage keys to delete once the change is committed (:func:`delete_objects`).
    """
    ensure_editable(application, doc.kind)
    if doc.status != DocumentStatus.CONFIRMED or doc.superseded_at is not None:
        raise Conflict(_("Only the current version of a document can be deleted."))
    lock_for_change(application, doc.kind)
    for previous in db.session.scalars(select(Document).where(Document.superseded_by_id == doc.id)):
        previous.superseded_by_id = None
        previous.superseded_at = None
    db.session.flush()
    _audit(actor, "document.deleted", doc, size=doc.size_bytes, sha256=doc.sha256)
    key = doc.storage_key
    db.session.delete(doc)
    db.session.flush()
    return [key]


def rejection_message(exc: UploadRejected) -> str:
    return _(exc.message_key)

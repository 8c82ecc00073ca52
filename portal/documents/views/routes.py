"""Documents of an application: upload (through the portal, or straight to S3), confirm, download, delete."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.applications import policy
from portal.core.errors import DomainError
from portal.documents import kinds, queries, uploads
from portal.documents import policy as document_policy
from portal.documents.views.blueprint import bp
from portal.documents.views.forms import DocumentUploadForm
from portal.extensions import db
from portal.models import DocumentStatus, Role
from portal.storage import ObjectNotFound, content_disposition
from portal.storage.validation import UploadRejected
from portal.web import confirm as ask_first  # this module has its own confirm view (uploads)
from portal.web.access import roles_required
from portal.web.errors import render_error


@bp.app_context_processor
def _documents_helpers() -> dict[str, Any]:
    """For the ``_documents.html`` partial included by the application page."""
    return {
        "document_checklist": queries.checklist,
        "documents_editable": _documents_editable,
        "document_file_size": kinds.file_size,
        "document_multi_kinds": kinds.MULTI_KINDS,
    }


def _documents_editable(application) -> bool:
    return (current_user.is_authenticated and policy.can_edit(current_user, application)
            and document_policy.is_editable(application))


def _show_url(application_id: int) -> str:
    return url_for("applications.show", application_id=application_id, _anchor="documents")


def _refused(exc: DomainError):
    if exc.status_code == 404:
        abort(404)
    return render_error(exc.status_code, exc.message)


def _json_error(message: str, status: int, code: str | None = None):
    return jsonify(error=message, code=code), status


def _json_payload() -> dict[str, Any]:
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else {}


def _optional_id(value: Any) -> int | None:
    if value in (None, "", 0):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a document id: the operation answers 404


@bp.route("/<int:application_id>/documents/televerser", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def upload(application_id: int):
    application = policy.application_for_staff(current_user, application_id, options=kinds.LOADS)
    try:
        document_policy.ensure_editable(application)
    except DomainError as exc:
        return _refused(exc)
    form = DocumentUploadForm()
    form.kind.choices = kinds.kind_choices(application)
    if request.method == "GET":
        form.kind.data = request.args.get("kind") or None
        form.replaces.data = request.args.get("replaces", "") if request.args.get("replaces", "").isdigit() else ""
    error = error_code = None
    if form.validate_on_submit():
        try:
            doc = uploads.store_upload(application, form.kind.data, form.file.data, current_user,
                                         replaces_id=form.replaces_id)
        except UploadRejected as exc:
            db.session.rollback()
            error, error_code = uploads.rejection_message(exc), exc.code
        except DomainError as exc:
            db.session.rollback()
            return _json_error(exc.message, exc.status_code) if _wants_json() else _refused(exc)
        else:
            uploads.commit_upload(doc)
            flash(_("The document was uploaded."), "success")
            if _wants_json():
                return jsonify(status=doc.status, document_id=doc.id, redirect=_show_url(application.id))
            return redirect(_show_url(application.id))
    if _wants_json():  # upload.js posted the form itself (for its progress bar): the first thing to fix
        message = error or next((str(m) for messages in form.errors.values() for m in messages), None)
        return _json_error(message or _("The upload failed. Please check your connection and try again."), 400,
                           error_code)
    return render_template(
        "applications/document_upload.html", application=application, form=form, error=error, error_code=error_code,
        direct=uploads.uses_direct_upload(), limits=uploads.document_limits(),
    ), (400 if error or form.errors else 200)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/<int:application_id>/documents/presigner")
@roles_required(Role.STAFF)
def presign(application_id: int):
    """JSON ``{kind, filename, size, content_type, replaces?}`` → ``{url, fields, token, confirm_url}``."""
    application = policy.application_for_staff(current_user, application_id, options=kinds.LOADS)
    payload = _json_payload()
    try:
        upload = uploads.start_direct_upload(
            application, str(payload.get("kind") or ""), payload.get("filename") or "", payload.get("size"),
            current_user, replaces_id=_optional_id(payload.get("replaces")))
    except UploadRejected as exc:
        db.session.rollback()
        return _json_error(uploads.rejection_message(exc), 400, exc.code)
    except DomainError as exc:
        db.session.rollback()
        return _json_error(exc.message, exc.status_code)
    # Nothing was written: no commit. The token travels in the confirm URL the browser posts to next.
    return jsonify(url=upload.url, fields=upload.fields, token=upload.token,
                   confirm_url=url_for("documents.confirm_upload", application_id=application.id,
                                       token=upload.token))


@bp.post("/<int:application_id>/documents/confirmer")
@roles_required(Role.STAFF)
def confirm_upload(application_id: int):
    """``?token=`` (or JSON ``{token}``) and JSON ``{replaces?}`` after the browser's POST to S3
    → ``{status, document_id, redirect}``."""
    application = policy.application_for_staff(current_user, application_id, options=kinds.LOADS)
    payload = _json_payload()
    token = request.args.get("token") or payload.get("token")
    if not isinstance(token, str) or not token:
        return _json_error(_("This upload link is not valid; please upload the file again."), 400)
    try:
        doc = uploads.confirm_signed_upload(application, token, current_user,
                                            replaces_id=_optional_id(payload.get("replaces")))
    except UploadRejected as exc:
        db.session.commit()  # the rejection's audit event; the object is gone
        return _json_error(uploads.rejection_message(exc), 400, exc.code)
    except DomainError as exc:
        db.session.rollback()
        return _json_error(exc.message, exc.status_code)
    db.session.commit()
    flash(_("The document was uploaded."), "success")
    return jsonify(status=doc.status, document_id=doc.id, redirect=_show_url(application.id))


@bp.post("/<int:application_id>/documents/<int:doc_id>/confirmer")
@roles_required(Role.STAFF)
def confirm(application_id: int, doc_id: int):
    """Pending rows presigned before the signed tokens: JSON ``{replaces?}`` → ``{status, document_id, redirect}``."""
    application = policy.application_for_staff(current_user, application_id)
    payload = _json_payload()
    try:
        doc = queries.document_of(application, doc_id, statuses=tuple(DocumentStatus))
        uploads.confirm_direct_upload(application, doc, current_user,
                                        replaces_id=_optional_id(payload.get("replaces")))
    except UploadRejected as exc:
        db.session.commit()  # the row is marked rejected, the object is gone
        return _json_error(uploads.rejection_message(exc), 400, exc.code)
    except DomainError as exc:
        db.session.rollback()
        return _json_error(exc.message, exc.status_code)
    db.session.commit()
    flash(_("The document was uploaded."), "success")
    return jsonify(status=doc.status, document_id=doc.id, redirect=_show_url(application.id))


@bp.get("/<int:application_id>/documents/<int:doc_id>")
@login_required
def download(application_id: int, doc_id: int):
    application = policy.application_for_reader(current_user, application_id)  # access check first
    try:
        doc = queries.document_of(application, doc_id)
    except DomainError as exc:
        return _refused(exc)
    storage = uploads.storage_for(doc)
    url = storage.download_url(doc.storage_key, doc.original_name, expires=uploads.DOWNLOAD_URL_SECONDS,
                               content_type=doc.content_type)
    if url:
        response = redirect(url, code=303)
    else:
        try:
            stream = storage.open(doc.storage_key)
        except ObjectNotFound:
            abort(404)
        response = send_file(stream, mimetype=doc.content_type, as_attachment=True,
                             download_name=doc.original_name, max_age=0, etag=False)
        response.headers["Content-Disposition"] = content_disposition(doc.original_name)
        if doc.size_bytes:
            response.content_length = doc.size_bytes
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:application_id>/documents/<int:doc_id>/supprimer")
@roles_required(Role.STAFF)
def delete(application_id: int, doc_id: int):
    application = policy.application_for_staff(current_user, application_id)
    try:
        doc = queries.document_of(application, doc_id)
        if not ask_first.confirmed():
            ask_first.rehearse(lambda: uploads.delete_document(application, doc, current_user))
            return ask_first.ask(ask_first.Confirmation(
                title=_("Delete this document?"), button=_("Delete the document"), danger=True,
                cancel_url=_show_url(application.id),
                consequences=[_("The file “%(name)s” (%(kind)s) will be deleted from the project.",
                                name=doc.original_name, kind=kinds.kind_label(doc.kind)),
                              _("This cannot be undone.")]))
        keys = uploads.delete_document(application, doc, current_user)
    except DomainError as exc:
        db.session.rollback()
        return _refused(exc)
    db.session.commit()
    uploads.delete_objects(keys)
    flash(_("The document was deleted."), "success")
    return redirect(_show_url(application.id))

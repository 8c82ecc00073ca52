"""Error pages: one handler maps the domain errors and the HTTP errors to a page (or JSON under /api/)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request, url_for
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.core.errors import DomainError
from portal.documents.kinds import file_size
from portal.extensions import db
from portal.web.retry import is_sqlite_busy

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check the form and try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (_l("Method not allowed"), _l("This action cannot be done this way.")),
    409: (_l("Conflict"), _l("This action is not possible in the current state of the file.")),
    413: (_l("File too large"), _l("The file is larger than the portal accepts.")),  # see render_too_large
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Server error"), _l("Something went wrong on our side. Nothing was changed; please try again later.")),
}



def init_errors(app: Flask) -> None:
    app.register_error_handler(DomainError, render_domain_error)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(Exception, render_unexpected_error)


def render_error(code: int, detail: str | None = None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if _request_ctx_url_adapter() is None:  # a Host outside TRUSTED_HOSTS: no URL can be built, so no page either
        return f"{title}. {detail or text}", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def render_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if request.path.startswith("/api/"):
        return {"error": str(ERROR_TEXTS.get(error.code, ERROR_TEXTS[500])[1])}, error.code
    if error.code == 413 and _request_ctx_url_adapter() is not None:
        return render_too_large()
    return render_error(error.code)


def render_too_large():
    """A request above MAX_CONTENT_LENGTH (a file too large, sent without the page's own check): say the limit and
    lead back to the form it came from."""
    limit = file_size(int(current_app.config.get("MAX_UPLOAD_BYTES") or 0))
    text = _l("The portal accepts files of at most %(size)s. Choose a smaller file (or compress it, or split it "
              "into several documents), then send the form again.", size=limit)
    back = same_site_referrer(request.headers.get("Referer", ""), request.host)
    return render_template("errors/error.html", code=413, title=ERROR_TEXTS[413][0], text=text,
                           back_url=back or url_for("web.index"), back_is_form=bool(back)), 413


def same_site_referrer(referrer: str, host: str) -> str | None:
    """The path (and query) of ``referrer`` when it is a page of this portal, else None: never a link elsewhere."""
    if not referrer or "\\" in referrer or any(ord(c) < 32 for c in referrer):
        return None
    parts = urlsplit(referrer)
    if parts.netloc and (parts.scheme not in ("http", "https") or parts.netloc != host):
        return None
    if not parts.netloc and (parts.scheme or not parts.path.startswith("/")):
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def render_csrf_error(error: CSRFError):
    return render_error(400, str(_l("The form has expired or was not sent from this site. "
                                    "Please reload the page and try again.")))


def render_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return render_http_error(error)
    answer = database_refusal(error)
    if answer is not None:
        current_app.logger.warning("Refused by the database: %s", error)
        db.session.rollback()
        return render_error(*answer)
    current_app.logger.exception("Unhandled error", exc_info=error)
    db.session.rollback()
    if current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error
    return render_http_error(InternalServerError())


def database_refusal(error: Exception) -> tuple[int, str] | None:
    """Last line of defence, after the views' own checks: what the database refused changed nothing, so it is a
    clear 4xx rather than a server error. A busy SQLite after the retries (web/retry.py) or a duplicate written by a
    concurrent request (a double click) is a conflict; a number the column cannot hold is an invalid input."""
    if is_sqlite_busy(error) or isinstance(error, IntegrityError):
        return 409, str(_l("Another request changed this at the same time. Nothing was changed by yours; "
                           "reload the page to see the current state."))
    if isinstance(error, (DataError, OverflowError)):
        return 400, str(_l("A value is too large or not valid. Nothing was changed; please correct it."))
    return None


def render_domain_error(error: DomainError):
    """A refusal that no view handled itself: its status and its message. Nothing was committed; the session is
    discarded at the end of the request."""
    if request.path.startswith("/api/"):
        return {"error": error.message or str(ERROR_TEXTS[error.status_code][1])}, error.status_code
    return render_error(error.status_code, error.message or None)


def _request_ctx_url_adapter():
    return request_ctx.url_adapter if request_ctx else None

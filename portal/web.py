"""Request-level wiring: sessions, security headers, error pages."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .config import s3_public_origin
from .extensions import db, login_manager

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' {extra_connect}; form-action 'self' {extra_connect}; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check the form and try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (_l("Method not allowed"), _l("This action cannot be done this way.")),
    409: (_l("Conflict"), _l("This action is not possible in the current state of the file.")),
    413: (_l("File too large"), _l("The file is larger than the portal accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Server error"), _l("Something went wrong on our side. Nothing was changed; please try again later.")),
}


def init_web(app: Flask) -> None:
    from .formatting import money
    from .labels import role_label, status_label
    from .navigation import nav_items

    init_login(app)
    app.jinja_env.globals.update(nav_items=nav_items, status_label=status_label, role_label=role_label)
    app.jinja_env.filters["money"] = money
    app.after_request(add_security_headers)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(Exception, render_unexpected_error)


def init_login(app: Flask) -> None:
    from .models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, nonce = session_id.partition(":")
        if not user_id.isdigit() or not nonce:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_nonce != nonce or not user.is_active:
            return None
        return user


def add_security_headers(response):
    from flask import current_app

    extra = s3_public_origin(current_app.config) or ""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(extra_connect=extra).strip())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("PORTAL_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def render_error(code: int, detail: str | None = None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def render_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if request.path.startswith("/api/"):
        return {"error": str(ERROR_TEXTS.get(error.code, ERROR_TEXTS[500])[1])}, error.code
    detail = error.description if getattr(error, "portal_message", False) else None
    return render_error(error.code, detail)


def render_csrf_error(error: CSRFError):
    return render_error(400, str(_l("The form has expired or was not sent from this site. "
                                    "Please reload the page and try again.")))


def render_unexpected_error(error: Exception):
    from flask import current_app

    if isinstance(error, HTTPException):
        return render_http_error(error)
    current_app.logger.exception("Unhandled error", exc_info=error)
    db.session.rollback()
    if current_app.config.get("PROPAGATE_EXCEPTIONS"):
        raise error
    return render_http_error(InternalServerError())

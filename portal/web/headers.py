"""Security headers on every response (CSP allows the S3 origin for direct uploads when one is set)."""
from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_login import current_user

from portal.config import s3_public_origin

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' {extra_connect}; form-action 'self' {extra_connect}; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def add_security_headers(response):
    extra = s3_public_origin(current_app.config) or ""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(extra_connect=extra).strip())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("PORTAL_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if _authenticated() or response.mimetype == "text/html":
        # A logged-in person's pages, JSON and files stay out of every cache (shared proxies, the browser's back
        # button on a shared computer); pages without log-in are forms with CSRF tokens.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def _authenticated() -> bool:
    if not has_request_context() or request.endpoint == "static":
        return False
    return bool(current_user and current_user.is_authenticated)

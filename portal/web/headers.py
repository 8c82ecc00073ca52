"""Security headers on every response (CSP allows the S3 origin for direct uploads when one is set)."""
from __future__ import annotations

from flask import current_app

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
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response

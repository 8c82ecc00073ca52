"""Links in mail, built from the configured public address (``PUBLIC_BASE_URL``), never from the request's host."""
from __future__ import annotations

from flask import current_app, url_for

REVIEWER_ROLES = frozenset({"coordinator", "ministry"})


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def public_base_url() -> str:
    """The configured public address (required in production); in development and tests, the configured
    SERVER_NAME or the local server's address. Never the request's Host header, which a client chooses."""
    config = current_app.config
    if config.get("PUBLIC_BASE_URL"):
        return config["PUBLIC_BASE_URL"].rstrip("/")
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    return DEVELOPMENT_BASE_URL


def absolute_url(endpoint: str, **values) -> str:
    path = url_for(endpoint, **values)  # relative: the host part always comes from the configuration
    return public_base_url() + path


def application_endpoint(user) -> str:
    """Where a person opens an application from a mail: reviewers on the review page, the centre on its own."""
    return "review.show" if user.role in REVIEWER_ROLES else "applications.show"

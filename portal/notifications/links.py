"""Links in mail, built from the configured public address (``PUBLIC_BASE_URL``), never from the request's host."""
from __future__ import annotations

from flask import current_app, url_for

REVIEWER_ROLES = frozenset({"coordinator", "ministry"})


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def application_endpoint(user) -> str:
    """Where a person opens an application from a mail: reviewers on the review page, the centre on its own."""
    return "review.show" if user.role in REVIEWER_ROLES else "applications.show"

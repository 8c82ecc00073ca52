"""Helpers for driving the app like a browser: CSRF tokens, log-in."""
from __future__ import annotations

import re

from tests.factories import PASSWORD

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/compte/connexion") -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post(client, url: str, data: dict | None = None, token_from: str | None = None, **kwargs):
    """POST a form the way a browser would: with the CSRF token of the page."""
    form = dict(data or {})
    form.setdefault("csrf_token", csrf_token(client, token_from or url))
    return client.post(url, data=form, **kwargs)


def login(client, user, password: str = PASSWORD):
    response = post(client, "/compte/connexion", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response

"""Fixtures for the review pages: users of every role logged in on their own client, applications in any state
with two budget lines and a frozen snapshot."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, Role
from portal.workflow import snapshots
from tests.helpers import application_state as state_of  # noqa: F401  (used by the tests)
from tests.helpers import (
    confirmation_fields,
    count,  # noqa: F401
    fresh_client,
    login,
)

KEY_PATTERN = re.compile(r'name="idempotency_key"[^>]*value="([^"]+)"')
VERSION_PATTERN = re.compile(r'name="version"[^>]*value="([^"]+)"')


def fresh(application: Application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """The hidden version and one-time key of one decision form of the page."""
    start = html.index(f'id="{form_id}"')
    end = html.index("</form>", start)
    chunk = html[start:end]
    return {"version": VERSION_PATTERN.search(chunk).group(1),
            "idempotency_key": KEY_PATTERN.search(chunk).group(1)}


@pytest.fixture
def centre(factories):
    return factories.centre(name="CFP de Rimouski")


def _client(app, user):
    client = fresh_client(app)
    login(client, user)
    client.user = user
    return client


@pytest.fixture
def as_coordinator(app, coordinator):
    return _client(app, coordinator)


@pytest.fixture
def as_officer(app, officer):
    return _client(app, officer)


@pytest.fixture
def as_staff(app, staff):
    return _client(app, staff)


@pytest.fixture
def as_participant(app, factories):
    return _client(app, factories.user(Role.PARTICIPANT))


@pytest.fixture
def make_application(factories, centre, staff):
    def make(status: str = "submitted", call=None, lines=(60_000, 40_000), days_ago: int = 3, snapshot=True,
             **fields) -> Application:
        fields.setdefault("submitted_at", utcnow() - timedelta(days=days_ago) if status != "draft" else None)
        application = factories.application(centre_org=fields.pop("centre_org", centre), call_obj=call,
                                            created_by=staff, status=status, **fields)
        for position, cents in enumerate(lines):
            factories.budget_line(application, position=position, kind="lodging" if position else "transport",
                                  computed_cents=cents, requested_cents=cents,
                                  explanation_fr=f"Ligne {position} en français",
                                  explanation_en=f"Line {position} in English")
        db.session.refresh(application)
        if snapshot:
            snapshots.take(application)
        db.session.commit()
        return application
    return make


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def review_page(client, application) -> str:
    response = client.get(f"/examen/{application.id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def decide(client, application, form_id: str, path: str, data: dict | None = None, fields: dict | None = None,
           follow_redirects: bool = True, confirmed: bool = True):
    """Open the review page, then post one of its decision forms as a browser would (CSRF, version, key), and
    confirm it on the confirmation it answers with (unless `confirmed` is False)."""
    html = review_page(client, application)
    posted = dict(fields or form_fields(html, form_id))
    posted.setdefault("csrf_token", CSRF_PATTERN.search(html).group(1))
    posted.update(data or {})
    url = f"/examen/{application.id}/{path}"
    first = client.post(url, data=posted, follow_redirects=follow_redirects)
    if first.status_code != 428 or not confirmed:
        return first
    return client.post(url, data=MultiDict(confirmation_fields(first)), follow_redirects=follow_redirects)


def text(response) -> str:
    """The page's text with HTML entities decoded (apostrophes, non-breaking spaces)."""
    import html

    return html.unescape(response.get_data(as_text=True))

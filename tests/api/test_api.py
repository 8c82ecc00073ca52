"""The read-only API: tokens (401/403), cursor pagination, no-store, and the OpenAPI document."""
from __future__ import annotations

from datetime import datetime

import pytest

from portal.api import tokens
from portal.extensions import db
from portal.models import ApiToken, Role
from tests.helpers import login, post


def _token(scopes=("read:calls",), days=30):
    _token_row, secret = tokens.create(name="SI ministère", scopes=list(scopes), days=days, actor_id=None)
    return secret


def _get(client, url, secret=None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.get(url, headers=headers)


def test_no_token_is_a_401(client):
    response = _get(client, "/api/v1/calls")
    assert response.status_code == 401 and response.headers["Cache-Control"] == "no-store"


def test_wrong_scope_is_a_403(client):
    assert _get(client, "/api/v1/partners", _token(("read:calls",))).status_code == 403


def test_expired_token_is_a_401(client, set_today):
    secret = _token(days=1)
    token = db.session.query(ApiToken).one()
    token.expires_at = datetime(2020, 1, 1)
    db.session.flush()
    assert _get(client, "/api/v1/calls", secret).status_code == 401


def test_revoked_token_is_a_401(client):
    secret = _token()
    tokens.revoke(db.session.query(ApiToken).one().id)
    assert _get(client, "/api/v1/calls", secret).status_code == 401


def test_only_the_hash_is_stored_and_last_use_is_recorded(client):
    secret = _token()
    assert _get(client, "/api/v1/calls", secret).status_code == 200
    token = db.session.query(ApiToken).one()
    assert token.token_hash == tokens.digest(secret) and secret not in token.token_hash
    assert token.last_used_at is not None


def test_cursor_pagination_is_stable_under_inserts(client, factories):
    secret = _token()
    first_calls = [factories.call() for _ in range(3)]
    page1 = _get(client, "/api/v1/calls?limit=2", secret).get_json()
    factories.call()  # inserted while the client walks the list
    page2 = _get(client, f"/api/v1/calls?limit=2&cursor={page1['next_cursor']}", secret).get_json()
    ids = [c["id"] for c in page1["items"]] + [c["id"] for c in page2["items"]]
    assert ids[:3] == [c.id for c in first_calls]
    assert len(set(ids)) == len(ids) == 4


def test_a_cursor_past_every_id_is_an_empty_page(client, factories):
    factories.call()
    body = _get(client, "/api/v1/calls?cursor=999999999999", _token()).get_json()
    assert body == {"items": [], "next_cursor": None}


def test_a_bad_cursor_is_a_400(client):
    assert _get(client, "/api/v1/calls?cursor=!!!", _token()).status_code == 400


def test_application_detail_hides_drafts(client, factories):
    secret = _token(("read:applications",))
    draft = factories.application()
    assert _get(client, f"/api/v1/applications/{draft.id}", secret).status_code == 404
    draft.submitted_at = datetime(2031, 1, 1)
    db.session.flush()
    assert _get(client, f"/api/v1/applications/{draft.id}", secret).get_json()["id"] == draft.id


def test_indicators_carry_plan_codes(client, counted):
    body = _get(client, "/api/v1/indicators?year=2031", _token(("read:indicators",))).get_json()
    assert body["participating_centres"] == {"code": "1.A.3", "value": 2, "all_centres": 3}
    assert body["money_cents"]["approved"] == 240_000


def test_the_document_lists_every_route(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/calls", "/api/v1/applications", "/api/v1/applications/{application_id}",
                                      "/api/v1/partners", "/api/v1/indicators"}
    assert "listCalls" in client.get("/api/v1/docs").get_data(as_text=True)


def test_admin_creates_and_revokes_a_token(client, factories):
    login(client, factories.user(Role.ADMIN))
    response = post(client, "/api/v1/jetons", {"name": "SI", "scopes": ["read:calls"], "days": "30"})
    assert response.status_code == 200 and "new-secret" in response.get_data(as_text=True)
    token = db.session.query(ApiToken).one()
    post(client, f"/api/v1/jetons/{token.id}/revoquer", token_from="/api/v1/jetons")
    db.session.refresh(token)
    assert token.revoked_at is not None


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MINISTRY])
def test_only_admins_manage_tokens(client, factories, role):
    login(client, factories.user(role))
    assert client.get("/api/v1/jetons").status_code == 403

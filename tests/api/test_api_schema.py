"""Schemathesis against /api/v1/openapi.json: no 500 and every response matches the document (bounded run)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from portal.api import tokens
from portal.models.indicators import API_SCOPES


@pytest.fixture
def api_schema(app, counted):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_document(case):
    _token, secret = tokens.create(name="schemathesis", scopes=list(API_SCOPES), days=1, actor_id=None)
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})

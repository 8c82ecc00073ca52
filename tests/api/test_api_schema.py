"""Schemathesis against /api/v1/openapi.json: no 500 and every response matches the document (bounded run).

The pytest plugin of schemathesis does not yet load under this pytest; each operation's strategy is driven by
hypothesis directly instead, with the same checks (`call_and_validate`).
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from portal.api import tokens
from portal.models.indicators import API_SCOPES

EXAMPLES = 10


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_schema_is_valid_openapi(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 5


@pytest.mark.parametrize("operation_id", ["listCalls", "listApplications", "getApplication", "listPartners",
                                          "getIndicators"])
def test_the_api_matches_its_document(api_schema, counted, operation_id):
    _token, secret = tokens.create(name="schemathesis", scopes=list(API_SCOPES), days=1, actor_id=None)
    [operation] = [result.ok() for result in api_schema.get_all_operations()
                   if result.ok().definition.raw.get("operationId") == operation_id]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})

    run()

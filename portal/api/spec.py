"""The OpenAPI 3 document, built from the operations each route declares with `operation(...)` — the routes and
the document cannot drift apart: a route without its declaration has no entry, and the test walks the document."""
from __future__ import annotations

from typing import Any

NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STR = {"type": ["string", "null"]}

SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Call": {"type": "object", "required": ["id", "year", "title_fr", "title_en", "envelope_cents",
                                            "committed_cents", "opens_at", "closes_at"],
             "properties": {"id": {"type": "integer"}, "year": {"type": "integer"}, "title_fr": {"type": "string"},
                            "title_en": {"type": "string"}, "envelope_cents": {"type": "integer"},
                            "committed_cents": {"type": "integer"}, "opens_at": {"type": "string"},
                            "closes_at": {"type": "string"}}},
    "ApplicationSummary": {"type": "object", "required": ["id", "call_id", "centre_id", "status", "direction"],
                           "properties": {"id": {"type": "integer"}, "call_id": {"type": "integer"},
                                          "centre_id": {"type": "integer"}, "partner_id": NULLABLE_INT,
                                          "status": {"type": "string"}, "direction": {"type": "string"},
                                          "destination_country": NULLABLE_STR, "start_date": NULLABLE_STR,
                                          "end_date": NULLABLE_STR, "requested_total_cents": {"type": "integer"},
                                          "approved_total_cents": NULLABLE_INT}},
    "Partner": {"type": "object", "required": ["id", "name", "country"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "city": {"type": "string"},
                               "country": {"type": "string"}, "active": {"type": "boolean"}}},
    "Indicators": {"type": "object", "required": ["applications_by_status", "money_cents", "satisfaction"],
                   "properties": {"year": NULLABLE_INT, "applications_by_status": {"type": "object"},
                                  "money_cents": {"type": "object"}, "satisfaction": {"type": "object"},
                                  "carbon": {"type": "object"}, "beneficiaries": {"type": "object"}}},
}
SCHEMAS["ApplicationDetail"] = {
    "allOf": [{"$ref": "#/components/schemas/ApplicationSummary"},
              {"type": "object", "properties": {"title": {"type": "string"}, "travel_mode": {"type": "string"},
                                                "co2_kg": {"type": ["number", "null"]},
                                                "offset_cents": NULLABLE_INT, "trade_name": {"type": "string"}}}]}

OPERATIONS: list[dict[str, Any]] = []

PAGE_PARAMETERS = [
    {"name": "cursor", "in": "query", "required": False,
     "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
     "description": "next_cursor of the previous page"},
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(name: str) -> dict[str, Any]:
    return {"type": "object", "required": ["items", "next_cursor"],
            "properties": {"items": {"type": "array", "items": _ref(name)}, "next_cursor": NULLABLE_STR}}


def operation(path: str, operation_id: str, summary: str, scope: str, response: dict[str, Any],
              parameters: list[dict[str, Any]] | None = None):
    """Declare a GET route's entry in the document; returns the view unchanged."""
    def register(view):
        OPERATIONS.append({"path": path, "id": operation_id, "summary": summary, "scope": scope,
                           "response": response, "parameters": parameters or []})
        return view
    return register


def _errors() -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    return {code: {"description": text, **error} for code, text in (
        ("400", "Invalid parameter"), ("401", "Missing, unknown, expired or revoked token"),
        ("403", "The token lacks the scope"), ("404", "Not found"))}


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op["path"], {})["get"] = {
            "operationId": op["id"], "summary": op["summary"], "parameters": op["parameters"],
            "security": [{"bearer": [op["scope"]]}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": op["response"]}}},
                          **_errors()}}
    return {"openapi": "3.1.0",
            "info": {"title": "Mobility portal — read-only API", "version": "1.0.0",
                     "description": "Bearer tokens are created by administrators; each carries scopes."},
            "servers": [{"url": "/"}],
            "paths": paths,
            "components": {"schemas": SCHEMAS,
                           "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}}

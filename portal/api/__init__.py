"""The read-only JSON API (/api/v1) for the ministry's systems: bearer tokens, queries, OpenAPI document."""

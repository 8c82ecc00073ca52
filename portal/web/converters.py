"""URL converters registered app-wide before any blueprint, so every ``<int:…>`` in a route is bounded."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

# Primary keys are 32-bit integers on PostgreSQL; a larger number cannot name a row, so it is a 404 (not a 500
# from the database driver: "integer out of range" on PostgreSQL, OverflowError on SQLite above 2**63).
MAX_URL_INTEGER = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that matches 0 … 2**31-1 only: anything larger is a page that does not exist (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_URL_INTEGER if max is None else max,
                         signed=signed)

"""Counting the SQL statements a request sends, to prove a page's cost does not grow with its rows."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db

# The test transaction's savepoints are the harness's, not the page's.
HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Collects every statement sent to the database inside the block (the list fills as they run)."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _executemany):
        if not statement.lstrip().upper().startswith(HARNESS):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(client, url: str) -> list[str]:
    """The statements of one GET, which must answer 200."""
    with counting_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return statements

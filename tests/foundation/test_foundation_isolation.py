"""The per-test isolation promised by tests/conftest.py, checked with the suite's own fixtures (the ``_transaction``
autouse fixture, Flask's test client) and with the corrected ones from tests/helpers.py.

A commit made during a test must stay invisible outside the test's transaction; two browsers of one test must not
share request state.
"""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Region
from tests.helpers import choose_language, page_language

LOGIN = "/compte/connexion"


def visible_from_another_connection(code: str) -> bool:
    """Read with a connection of its own: only committed rows are visible there."""
    with db.engine.connect() as connection:
        found = connection.execute(sa.text("SELECT count(*) FROM regions WHERE code = :code"), {"code": code}).scalar()
        connection.rollback()
    return bool(found)


def remove_if_leaked(code: str) -> None:
    if visible_from_another_connection(code):  # never left behind for the other tests
        with db.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM regions WHERE code = :code"), {"code": code})


def test_a_commit_stays_inside_the_test_transaction():
    try:
        db.session.add(Region(code="Z1", name="Leak test"))
        db.session.commit()
        assert db.session.get(Region, "Z1") is not None
        assert not visible_from_another_connection("Z1")
    finally:
        remove_if_leaked("Z1")


def test_requests_do_not_share_state_between_test_clients(app):
    first = app.test_client()
    choose_language(first, "en")
    assert page_language(first.get(LOGIN)) == "en"
    assert page_language(app.test_client().get(LOGIN)) == "fr"

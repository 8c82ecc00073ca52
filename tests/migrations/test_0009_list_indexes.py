"""Revision 0009 (list indexes) adds the indexes of the keyset lists and keeps every row; the downgrade drops them
and keeps the rows too."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

NEW = {"ix_applications_status_submitted", "ix_applications_status_start", "ix_audit_events_created",
       "ix_organisations_lower_name", "ix_users_role_email"}


def all_index_names() -> set[str]:
    """From the catalogue: the inspector skips expression indexes on SQLite."""
    query = ("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
             if db.engine.dialect.name == "postgresql" else "SELECT name FROM sqlite_master WHERE type = 'index'")
    with db.engine.connect() as connection:
        return set(connection.scalars(sa.text(query)))


@pytest.fixture
def loaded_at_0004(migration_app):
    upgrade(revision="0004")
    rows.load_rows()
    return migration_app


def test_upgrade_adds_the_indexes_and_keeps_the_rows(loaded_at_0004):
    before = rows.count("applications"), rows.count("users")
    upgrade(revision="0009")
    assert NEW <= all_index_names()
    assert (rows.count("applications"), rows.count("users")) == before
    assert rows.count("applications") >= 1


def test_downgrade_drops_them_and_keeps_the_rows(loaded_at_0004):
    upgrade(revision="0009")
    downgrade(revision="0004")
    assert not NEW & all_index_names()
    assert rows.count("applications") >= 1

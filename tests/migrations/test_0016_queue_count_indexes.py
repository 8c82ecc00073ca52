"""Revision 0016 (queue count indexes) only adds an index and widens another: the rows are the same before and
after, the carbon index keeps its name and keys (PostgreSQL includes the requested total in it), and the downgrade
gives back 0015's indexes."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

NEW = "ix_applications_country_organisation"
CARBON = "ix_applications_call_status_carbon"


@pytest.fixture
def loaded_at_0015(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0015")
    return migration_app


def indexes() -> dict[str, dict]:
    return {index["name"]: index for index in sa.inspect(db.engine).get_indexes("applications")}


def application_rows() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT id, status, destination_country, organisation_id, requested_total_cents FROM applications "
            "ORDER BY id"))]


def test_the_rows_are_the_same_after_the_upgrade(loaded_at_0015):
    before = application_rows()
    upgrade(revision="0016")
    assert application_rows() == before
    assert len(before) == rows.count("applications") >= 1


def test_the_new_index_covers_country_then_centre(loaded_at_0015):
    upgrade(revision="0016")
    assert indexes()[NEW]["column_names"] == ["destination_country", "organisation_id"]
    assert indexes()[CARBON]["column_names"] == ["call_id", "status", "co2_kg", "offset_cents"]


def test_postgresql_reads_the_status_and_the_amounts_from_the_indexes(loaded_at_0015):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("INCLUDE columns are PostgreSQL's (the CI run on PostgreSQL checks them)")
    upgrade(revision="0016")
    assert indexes()[NEW]["include_columns"] == ["status"]
    assert indexes()[CARBON]["include_columns"] == ["requested_total_cents"]


def test_the_downgrade_gives_back_the_indexes_of_0015(loaded_at_0015):
    before = indexes()
    upgrade(revision="0016")
    downgrade(revision="0015")
    after = indexes()
    assert NEW not in after
    assert after[CARBON]["column_names"] == before[CARBON]["column_names"]
    assert after[CARBON].get("include_columns", []) == before[CARBON].get("include_columns", [])

"""Revision 0015 (reciprocity all years) adds to reciprocity_totals one row per partner and centre, of year 0,
holding the sums of its yearly rows; the yearly rows are kept as they were, and the downgrade removes only the
all-years rows."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db


@pytest.fixture
def loaded_at_0014(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0010")
    # The approved stay over New Year (25 Dec 2026 – 8 Jan 2027, one participant): 7 days in 2026, 8 in 2027.
    rows.execute("UPDATE applications SET start_date = :start, end_date = :end WHERE id = :id",
                 start=date(2026, 12, 25), end=date(2027, 1, 8), id=rows.APPLICATION_ID)
    upgrade(revision="0014")
    return migration_app


def balances() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT owner_kind, owner_id, year, sent, received FROM reciprocity_totals "
            "ORDER BY owner_kind, owner_id, year"))]


YEARLY = [("centre", rows.CENTRE_ID, 2026, 7, 0), ("centre", rows.CENTRE_ID, 2027, 8, 0),
          ("partner", rows.PARTNER_ID, 2026, 7, 0), ("partner", rows.PARTNER_ID, 2027, 8, 0)]


def test_the_yearly_rows_are_there_before(loaded_at_0014):
    assert balances() == YEARLY


def test_each_owner_gets_the_sum_of_its_years(loaded_at_0014):
    upgrade(revision="0015")
    assert balances() == sorted([*YEARLY, ("centre", rows.CENTRE_ID, 0, 15, 0), ("partner", rows.PARTNER_ID, 0, 15, 0)])


def test_the_downgrade_keeps_the_yearly_rows(loaded_at_0014):
    upgrade(revision="0015")
    downgrade(revision="0014")
    assert balances() == YEARLY


def test_the_new_indexes_come_and_go(loaded_at_0014):
    upgrade(revision="0015")
    added = {"ix_pairings_responded", "ix_pairings_standing_application", "ix_reciprocity_totals_year_kind",
             "ix_applications_country_requested", "ix_applications_country_submitted"}
    assert added <= index_names()
    downgrade(revision="0014")
    assert not added & index_names()


def index_names() -> set[str]:
    return {index["name"] for table in ("pairings", "reciprocity_totals", "applications")
            for index in sa.inspect(db.engine).get_indexes(table)}

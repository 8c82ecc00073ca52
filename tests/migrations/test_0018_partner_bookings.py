"""Revision 0018 (partner bookings) fills the new summary from the applications already there: the participants of
each application holding places at a partner, in the year of its first day; a withdrawn one holds none. The
applications stay as they were, and the downgrade drops the summary alone."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows
from tests.migrations.test_0017_reciprocity_obligation_totals import copy_application

pytestmark = pytest.mark.no_db

WITHDRAWN = 9003


@pytest.fixture
def loaded_at_0017(migration_app):
    upgrade(revision="0003")
    rows.load_rows()  # the approved stay to the partner, 11–25 April 2027, one participant
    upgrade(revision="0017")
    copy_application(WITHDRAWN)
    rows.execute("UPDATE applications SET status = 'withdrawn' WHERE id = :id", id=WITHDRAWN)
    columns = sorted(rows.column_names("participants") - {"id", "application_id"})
    listed = ", ".join(columns)
    rows.execute(f"INSERT INTO participants (application_id, {listed}) SELECT :new_id, {listed} FROM participants "
                 "WHERE application_id = :id", new_id=WITHDRAWN, id=rows.APPLICATION_ID)
    return migration_app


def bookings() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT partner_id, year, participants FROM partner_bookings ORDER BY partner_id, year"))]


def test_the_approved_stay_takes_its_places_in_the_year_of_its_first_day(loaded_at_0017):
    upgrade(revision="0018")
    assert bookings() == [(rows.PARTNER_ID, 2027, 1)]


def test_the_applications_are_unchanged(loaded_at_0017):
    before = rows.read_back("applications", "id", rows.row_of("applications", rows.APPLICATION_ID))
    upgrade(revision="0018")
    assert rows.read_back("applications", "id", rows.row_of("applications", rows.APPLICATION_ID)) == before
    assert rows.count("participants") == 2


def test_the_downgrade_drops_the_summary(loaded_at_0017):
    upgrade(revision="0018")
    downgrade(revision="0017")
    assert "partner_bookings" not in rows.table_names()
    assert rows.count("applications") == 2

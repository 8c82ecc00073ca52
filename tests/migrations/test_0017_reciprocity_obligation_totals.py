"""Revision 0017 (reciprocity obligation totals) fills the new summary from the obligations already there: open and
met ones per partner and due year, and over all years (due year 0); cancelled ones count nowhere. The obligations
stay as they were, and the downgrade drops the summary alone."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

MET_STAY, CANCELLED_STAY = 9001, 9002


def copy_application(new_id: int) -> None:
    """Another application like the loaded one (an obligation is one per application)."""
    columns = sorted(rows.column_names("applications") - {"id"})
    listed = ", ".join(columns)
    rows.execute(f"INSERT INTO applications (id, {listed}) SELECT :new_id, {listed} FROM applications WHERE id = :id",
                 new_id=new_id, id=rows.APPLICATION_ID)


def add_obligation(application_id: int, due_year: int, status: str) -> None:
    rows.execute("INSERT INTO reciprocity_obligations (application_id, partner_id, due_year, status, proposed_comment,"
                 " created_at) VALUES (:a, :p, :y, :s, '', :at)",
                 a=application_id, p=rows.PARTNER_ID, y=due_year, s=status, at=rows.CREATED)


@pytest.fixture
def loaded_at_0016(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0016")  # 0007 opened the approved outgoing stay's obligation: open, due 2028
    for application_id, due_year, status in ((MET_STAY, 2027, "met"), (CANCELLED_STAY, 2026, "cancelled")):
        copy_application(application_id)
        add_obligation(application_id, due_year, status)
    return migration_app


def obligations() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT application_id, partner_id, due_year, status FROM reciprocity_obligations ORDER BY application_id"))]


def totals() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            "SELECT partner_id, due_year, open, met FROM reciprocity_obligation_totals ORDER BY partner_id, due_year"))]


OBLIGATIONS = [(rows.APPLICATION_ID, rows.PARTNER_ID, 2028, "open"), (MET_STAY, rows.PARTNER_ID, 2027, "met"),
               (CANCELLED_STAY, rows.PARTNER_ID, 2026, "cancelled")]


def test_the_obligations_are_there_before(loaded_at_0016):
    assert obligations() == sorted(OBLIGATIONS)
    assert "reciprocity_obligation_totals" not in rows.table_names()


def test_each_partner_gets_its_open_and_met_obligations_per_due_year_and_over_all_years(loaded_at_0016):
    upgrade(revision="0017")
    assert totals() == [(rows.PARTNER_ID, 0, 1, 1), (rows.PARTNER_ID, 2027, 0, 1), (rows.PARTNER_ID, 2028, 1, 0)]


def test_the_obligations_are_unchanged(loaded_at_0016):
    upgrade(revision="0017")
    assert obligations() == sorted(OBLIGATIONS)


def test_the_downgrade_drops_the_summary_and_keeps_the_obligations(loaded_at_0016):
    upgrade(revision="0017")
    downgrade(revision="0016")
    assert "reciprocity_obligation_totals" not in rows.table_names()
    assert obligations() == sorted(OBLIGATIONS)


def test_the_due_years_are_read_from_the_index_alone_on_postgresql(loaded_at_0016):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("INCLUDE columns are PostgreSQL's (the CI run on PostgreSQL checks them)")
    upgrade(revision="0017")
    index = {found["name"]: found for found in sa.inspect(db.engine).get_indexes("reciprocity_obligation_totals")}
    due_years = index["ix_reciprocity_obligation_totals_due_year"]
    assert (due_years["column_names"], due_years["include_columns"]) == (["due_year", "partner_id"], ["open", "met"])

"""Revision 0011 (summaries) adds the carbon page's summary, filled per call, status and direction from the
applications the carbon page counts (drafts and withdrawn ones left out; carbon in tenths of kg), and the
reciprocity dashboard's, filled with each counted stay's person-days per partner or centre and calendar year; the
downgrade drops both and keeps every application."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

SECOND_ID, DRAFT_ID = rows.APPLICATION_ID + 100, rows.APPLICATION_ID + 101


@pytest.fixture
def loaded_at_0010(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0010")
    rows.execute("UPDATE applications SET co2_kg = 1234.5, offset_cents = 3704 WHERE id = :id", id=rows.APPLICATION_ID)
    for new_id, status, kg in ((SECOND_ID, "approved", None), (DRAFT_ID, "draft", 99.9)):
        rows.execute(
            "INSERT INTO applications (id, call_id, organisation_id, created_by_id, partner_id, status, version, title,"
            " trade_code, trade_name, direction, group_kind, destination_country, destination_city, travel_days,"
            " travel_mode, quote_justification, objectives, activities, created_at, updated_at,"
            " requested_total_cents, co2_kg)"
            " SELECT :id, call_id, organisation_id, created_by_id, partner_id, :status, 1, title, trade_code,"
            " trade_name, direction, group_kind, destination_country, destination_city, travel_days, travel_mode,"
            " quote_justification, objectives, activities, created_at, updated_at, 0, :kg"
            " FROM applications WHERE id = :source", id=new_id, status=status, kg=kg, source=rows.APPLICATION_ID)
    return migration_app


def select(sql: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


def summary() -> list[tuple]:
    return select("SELECT call_id, status, direction, co2_tenths_kg, offset_cents, computed, applications "
                  "FROM carbon_totals ORDER BY call_id, status, direction")


def balances() -> list[tuple]:
    return select("SELECT owner_kind, owner_id, year, sent, received FROM reciprocity_totals "
                  "ORDER BY owner_kind, owner_id, year")


class TestUpgrade:
    def test_the_counted_applications_are_summed_per_call_status_and_direction(self, loaded_at_0010):
        upgrade(revision="0011")
        assert summary() == [(rows.CALL_ID, "approved", "outgoing", 12345, 3704, 1, 2)]

    def test_without_counted_applications_the_summary_is_empty(self, loaded_at_0010):
        rows.execute("UPDATE applications SET status = 'withdrawn'")
        upgrade(revision="0011")
        assert summary() == []

    def test_each_counted_stay_gives_its_person_days_per_owner_and_year(self, loaded_at_0010):
        # The approved stay (11–25 April 2027, 15 days, one participant), sent; the second approved application
        # has no participant and the draft is not counted.
        rows.execute("UPDATE applications SET start_date = :start, end_date = :end WHERE id = :id",
                     start=date(2026, 12, 25), end=date(2027, 1, 8), id=rows.APPLICATION_ID)
        upgrade(revision="0011")
        assert balances() == [("centre", rows.CENTRE_ID, 2026, 7, 0), ("centre", rows.CENTRE_ID, 2027, 8, 0),
                              ("partner", rows.PARTNER_ID, 2026, 7, 0), ("partner", rows.PARTNER_ID, 2027, 8, 0)]

    def test_an_incoming_stay_is_received(self, loaded_at_0010):
        rows.execute("UPDATE applications SET direction = 'incoming' WHERE id = :id", id=rows.APPLICATION_ID)
        upgrade(revision="0011")
        assert balances()[0] == ("centre", rows.CENTRE_ID, 2027, 0, 15)

    def test_the_applications_keep_every_value(self, loaded_at_0010):
        before = rows.row_of("applications", rows.APPLICATION_ID)
        upgrade(revision="0011")
        assert rows.read_back("applications", "id", before) == before


class TestDowngrade:
    def test_the_summaries_are_gone_and_the_applications_stay(self, loaded_at_0010):
        upgrade(revision="0011")
        downgrade(revision="0010")
        assert not {"carbon_totals", "reciprocity_totals"} & rows.table_names()
        assert rows.count("applications") == 3

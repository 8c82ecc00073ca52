"""Revision 0013 (indicator totals) adds the indicators page's summary, filled with one row per application: its
filter dimensions, its participants by kind and its submitted stay reports' answers as counts per scale value (an
application without participants gets zeros; a draft report counts nothing); the downgrade drops it and keeps every
application."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

EMPTY_ID = rows.APPLICATION_ID + 100


@pytest.fixture
def loaded_at_0012(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0012")
    rows.execute(
        "INSERT INTO applications (id, call_id, organisation_id, created_by_id, partner_id, status, version, title,"
        " trade_code, trade_name, direction, group_kind, destination_country, destination_city, travel_days,"
        " travel_mode, quote_justification, objectives, activities, created_at, updated_at, requested_total_cents)"
        " SELECT :id, call_id, organisation_id, created_by_id, NULL, 'draft', 1, title, trade_code, trade_name,"
        " 'incoming', group_kind, NULL, destination_city, travel_days, travel_mode, quote_justification,"
        " objectives, activities, created_at, updated_at, 0 FROM applications WHERE id = :source",
        id=EMPTY_ID, source=rows.APPLICATION_ID)
    return migration_app


def totals(*columns: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(
            f"SELECT application_id, {', '.join(columns)} FROM indicator_totals ORDER BY application_id"))]


class TestUpgrade:
    def test_each_application_has_its_dimensions(self, loaded_at_0012):
        upgrade(revision="0013")
        assert totals("call_id", "organisation_id", "partner_id", "status", "direction", "destination_country") == [
            (rows.APPLICATION_ID, rows.CALL_ID, rows.CENTRE_ID, rows.PARTNER_ID, "approved", "outgoing", "DE"),
            (EMPTY_ID, rows.CALL_ID, rows.CENTRE_ID, None, "draft", "incoming", None)]

    def test_participants_are_counted_by_kind(self, loaded_at_0012):
        upgrade(revision="0013")
        assert totals("students", "teachers", "staff", "accompanying") == [
            (rows.APPLICATION_ID, 1, 0, 0, 0), (EMPTY_ID, 0, 0, 0, 0)]

    def test_a_submitted_report_gives_its_answers_per_scale_value(self, loaded_at_0012):
        # Preparation 5, host 4, lodging 3, overall 5, language progress 4.
        upgrade(revision="0013")
        assert totals("reports", "language_sum", "language_answers", "preparation_5", "host_4", "lodging_3",
                      "overall_5", "overall_4")[0] == (rows.APPLICATION_ID, 1, 4, 1, 1, 1, 1, 1, 0)

    def test_a_draft_report_counts_nothing(self, loaded_at_0012):
        rows.execute("UPDATE stay_reports SET status = 'draft'")
        upgrade(revision="0013")
        assert totals("reports", "language_answers", "overall_5")[0] == (rows.APPLICATION_ID, 0, 0, 0)

    def test_an_outgoing_stay_answered_by_an_incoming_one_is_answered(self, loaded_at_0012):
        rows.execute("UPDATE applications SET answers_application_id = :answered WHERE id = :id",
                     answered=rows.APPLICATION_ID, id=EMPTY_ID)
        upgrade(revision="0013")
        assert [(key, bool(answered)) for key, answered in totals("answered")] == [
            (rows.APPLICATION_ID, True), (EMPTY_ID, False)]

    def test_the_money_and_what_an_accepted_final_report_spent(self, loaded_at_0012):
        rows.execute("UPDATE applications SET requested_total_cents = 2000, approved_total_cents = 1500 WHERE id = :id",
                     id=rows.APPLICATION_ID)
        rows.execute("INSERT INTO final_reports (id, application_id, status, outcomes, reciprocal_visit_status,"
                     " overrun_justification, review_comment, created_at, updated_at)"
                     " VALUES (91, :id, 'accepted', '', '', '', '', :now, :now)", id=rows.APPLICATION_ID,
                     now=rows.CREATED)
        for line_id, actual in ((92, 600), (93, 300)):
            rows.execute("INSERT INTO funding_lines (id, application_id, position, kind, explanation_fr,"
                         " explanation_en, computed_cents, actual_cents, rates, justification, needs_review) VALUES (:line, :id, 0,"
                         " 'transport', '', '', 700, :actual, '{}', '', false)", line=line_id, id=rows.APPLICATION_ID,
                         actual=actual)
        upgrade(revision="0013")
        assert totals("requested_total_cents", "approved_total_cents", "spent_cents") == [
            (rows.APPLICATION_ID, 2000, 1500, 900), (EMPTY_ID, 0, None, None)]

    def test_the_answered_application_is_indexed(self, loaded_at_0012):
        upgrade(revision="0013")
        indexes = {index["name"] for index in sa.inspect(db.engine).get_indexes("applications")}
        assert "ix_applications_answers_application_id" in indexes

    def test_the_applications_keep_every_value(self, loaded_at_0012):
        before = rows.row_of("applications", rows.APPLICATION_ID)
        upgrade(revision="0013")
        assert rows.read_back("applications", "id", before) == before


class TestDowngrade:
    def test_the_summary_is_gone_and_the_applications_stay(self, loaded_at_0012):
        upgrade(revision="0013")
        downgrade(revision="0012")
        assert "indicator_totals" not in rows.table_names()
        indexes = {index["name"] for index in sa.inspect(db.engine).get_indexes("applications")}
        assert "ix_applications_answers_application_id" not in indexes
        assert rows.count("applications") == 2

"""Revision 0004 (application totals) adds requested_total_cents (0 by default), approved_total_cents, co2_kg and
offset_cents (NULL) to applications, filled from the lines the application already has; the downgrade drops them
and keeps every line."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

TOTALS = {"requested_total_cents": sa.BigInteger(), "approved_total_cents": sa.BigInteger(),
          "co2_kg": sa.Numeric(12, 1), "offset_cents": sa.BigInteger()}


def add_line(line_id: int, kind: str, computed: int, requested: int | None, approved: int | None) -> None:
    """One funding line at 0003 (rates bound as JSON, which rows.insert cannot infer from a dict)."""
    statement = sa.text(
        "INSERT INTO funding_lines (id, application_id, position, kind, explanation_fr, explanation_en,"
        " computed_cents, requested_cents, approved_cents, rates, justification, needs_review)"
        " VALUES (:id, :application, :id, :kind, '', '', :computed, :requested, :approved, :rates, '', :review)"
    ).bindparams(sa.bindparam("rates", {}, type_=sa.JSON), sa.bindparam("review", False, type_=sa.Boolean),
                 sa.bindparam("requested", requested, type_=sa.BigInteger),
                 sa.bindparam("approved", approved, type_=sa.BigInteger))
    with db.engine.begin() as connection:
        connection.execute(statement, {"id": line_id, "application": rows.APPLICATION_ID, "kind": kind,
                                       "computed": computed})


@pytest.fixture
def loaded_at_0003(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    return migration_app


def totals() -> dict:
    return rows.read_row("applications", "id", rows.APPLICATION_ID, TOTALS)


class TestUpgrade:
    def test_an_application_without_lines_asks_for_nothing(self, loaded_at_0003):
        upgrade(revision="0004")
        assert totals() == {"requested_total_cents": 0, "approved_total_cents": None, "co2_kg": None,
                            "offset_cents": None}

    def test_the_requested_total_counts_the_computed_amount_where_nothing_was_typed(self, loaded_at_0003):
        add_line(1, "transport", 300_000, 250_000, None)
        add_line(2, "lodging", 120_000, None, None)
        upgrade(revision="0004")
        assert totals()["requested_total_cents"] == 370_000
        assert totals()["approved_total_cents"] is None

    def test_the_approved_total_sums_the_approved_lines_with_the_cap_reduction(self, loaded_at_0003):
        add_line(1, "transport", 300_000, 300_000, 280_000)
        add_line(2, "cap_reduction", -50_000, -50_000, -50_000)
        upgrade(revision="0004")
        assert totals()["approved_total_cents"] == 230_000

    def test_the_application_keeps_every_value(self, loaded_at_0003):
        before = rows.row_of("applications", rows.APPLICATION_ID)
        upgrade(revision="0004")
        assert rows.read_back("applications", "id", before) == before


class TestDowngrade:
    def test_the_columns_are_gone_and_the_lines_stay(self, loaded_at_0003):
        add_line(1, "transport", 300_000, 300_000, 280_000)
        upgrade(revision="0004")
        downgrade(revision="0003")
        assert not set(TOTALS) & set(rows.column_names("applications"))
        assert rows.count("funding_lines") == 1

"""Revision 0014 (indicator stage clock and figures) gives each decision the time its stage began: the previous
decision of the same application in (created_at, id) order, NULL for an application's first decision; it adds the
stored figures (empty) and the data version (one row at 0); the downgrade drops them and keeps every decision."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

OTHER_ID = rows.APPLICATION_ID + 100
SUBMITTED, RECOMMENDED, APPROVED = datetime(2027, 1, 5, 9), datetime(2027, 1, 20, 14), datetime(2027, 2, 3, 10)


def decision(decision_id: int, application_id: int, action: str, at: datetime) -> None:
    rows.execute("INSERT INTO decisions (id, application_id, stage, action, from_status, to_status, comment,"
                 " actor_id, idempotency_key, created_at) VALUES (:id, :application, 'coordinator', :action,"
                 " 'submitted', 'recommended', '', NULL, NULL, :at)", id=decision_id, application=application_id,
                 action=action, at=at)


@pytest.fixture
def loaded_at_0013(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0013")
    rows.execute(
        "INSERT INTO applications (id, call_id, organisation_id, created_by_id, partner_id, status, version, title,"
        " trade_code, trade_name, direction, group_kind, destination_country, destination_city, travel_days,"
        " travel_mode, quote_justification, objectives, activities, created_at, updated_at, requested_total_cents)"
        " SELECT :id, call_id, organisation_id, created_by_id, NULL, 'submitted', 1, title, trade_code, trade_name,"
        " 'incoming', group_kind, NULL, destination_city, travel_days, travel_mode, quote_justification,"
        " objectives, activities, created_at, updated_at, 0 FROM applications WHERE id = :source",
        id=OTHER_ID, source=rows.APPLICATION_ID)
    # Inserted out of order: the clock follows created_at, not the ids.
    decision(503, rows.APPLICATION_ID, "approve", APPROVED)
    decision(501, rows.APPLICATION_ID, "submit", SUBMITTED)
    decision(502, rows.APPLICATION_ID, "recommend", RECOMMENDED)
    decision(601, OTHER_ID, "submit", RECOMMENDED)
    return migration_app


def started() -> dict[int, datetime | None]:
    with db.engine.connect() as connection:
        result = connection.execute(sa.text("SELECT id, stage_started_at FROM decisions ORDER BY id"))
        return {key: None if value is None else (value if isinstance(value, datetime)
                                                 else datetime.fromisoformat(value)) for key, value in result}


def decisions() -> list[tuple]:
    columns = "id, application_id, stage, action, from_status, to_status, comment, actor_id, idempotency_key"
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(f"SELECT {columns} FROM decisions ORDER BY id"))]


class TestUpgrade:
    def test_each_decision_starts_at_the_previous_one_of_its_application(self, loaded_at_0013):
        upgrade(revision="0014")
        assert started() == {501: None, 502: SUBMITTED, 503: RECOMMENDED, 601: None}

    def test_two_decisions_at_the_same_time_are_ordered_by_id(self, loaded_at_0013):
        decision(504, rows.APPLICATION_ID, "close", APPROVED)
        upgrade(revision="0014")
        assert started()[504] == APPROVED and started()[503] == RECOMMENDED

    def test_the_figures_are_empty_and_the_version_starts_at_zero(self, loaded_at_0013):
        upgrade(revision="0014")
        assert rows.count("indicator_figures") == 0
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT id, version FROM indicator_data_version")).all() == [(1, 0)]

    def test_the_decisions_keep_every_value(self, loaded_at_0013):
        before = decisions()
        upgrade(revision="0014")
        assert decisions() == before


class TestDowngrade:
    def test_the_clock_and_the_figures_are_gone_and_the_decisions_stay(self, loaded_at_0013):
        upgrade(revision="0014")
        downgrade(revision="0013")
        assert "stage_started_at" not in rows.column_names("decisions")
        assert not {"indicator_figures", "indicator_data_version"} & rows.table_names()
        assert rows.count("decisions") == 4

"""Revision 0007 (after approval, reciprocity) adds the statuses amendment_requested and cancelled, the amendments,
envelope_movements and reciprocity_obligations tables and final_reports.return_visit_application_id. Rows loaded at
0003 keep their values; the ledger opens so that it sums to each call's committed total; the approved outgoing stay
gets its obligation; the downgrade maps the new statuses back to ones 0003 knows."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows

pytestmark = pytest.mark.no_db


@pytest.fixture
def loaded_at_0003(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0003):
    upgrade(revision="0007")
    assert rows.current_revision() == "0007"
    return loaded_at_0003


def scalar(sql: str, **params):
    from portal.extensions import db

    with db.engine.connect() as connection:
        return connection.execute(sa.text(sql), params).scalar()


def application() -> dict:
    return rows.row_of("applications", rows.APPLICATION_ID)


class TestUpgrade:
    def test_the_application_keeps_every_value(self, upgraded):
        assert rows.read_back("applications", "id", application()) == application()

    def test_the_ledger_sums_to_the_committed_total(self, upgraded):
        # The approved application has no approved line: its 12 500,00 $ are an opening movement of the call.
        assert scalar("SELECT SUM(cents) FROM envelope_movements WHERE call_id = :id", id=rows.CALL_ID) == 1_250_000
        assert scalar("SELECT kind FROM envelope_movements WHERE call_id = :id", id=rows.CALL_ID) == "opening"

    def test_the_approved_outgoing_stay_owes_a_return_visit_the_year_after(self, upgraded):
        assert scalar("SELECT due_year FROM reciprocity_obligations WHERE application_id = :id AND partner_id = :p "
                      "AND status = 'open'", id=rows.APPLICATION_ID, p=rows.PARTNER_ID) == 2028

    @pytest.mark.parametrize("status", ["amendment_requested", "cancelled"])
    def test_the_new_statuses_are_accepted(self, upgraded, status):
        rows.execute("UPDATE applications SET status = :s WHERE id = :id", s=status, id=rows.APPLICATION_ID)
        assert scalar("SELECT status FROM applications WHERE id = :id", id=rows.APPLICATION_ID) == status

    def test_an_unknown_status_is_still_refused(self, upgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.execute("UPDATE applications SET status = 'lost' WHERE id = :id", id=rows.APPLICATION_ID)

    def test_the_final_report_has_no_return_visit_yet(self, upgraded):
        assert "return_visit_application_id" in rows.column_names("final_reports")


class TestDowngrade:
    def test_a_cancelled_stay_becomes_withdrawn_and_the_new_tables_go(self, upgraded):
        rows.execute("UPDATE applications SET status = 'cancelled' WHERE id = :id", id=rows.APPLICATION_ID)
        downgrade(revision="0003")
        assert rows.current_revision() == "0003"
        assert scalar("SELECT status FROM applications WHERE id = :id", id=rows.APPLICATION_ID) == "withdrawn"
        assert not {"amendments", "envelope_movements", "reciprocity_obligations"} & rows.table_names()
        assert "return_visit_application_id" not in rows.column_names("final_reports")

    def test_the_old_statuses_are_enforced_again(self, upgraded):
        downgrade(revision="0003")
        with pytest.raises(sa.exc.IntegrityError):
            rows.execute("UPDATE applications SET status = 'cancelled' WHERE id = :id", id=rows.APPLICATION_ID)
        assert rows.read_back("applications", "id", application()) == application()

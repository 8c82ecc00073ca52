"""Revision 0003 (report resend throttle) adds stay_reports.last_resent_at (NULL). Stay reports loaded at 0002
keep their values and their participant, get no resend date, and survive the downgrade with the column gone."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows

pytestmark = pytest.mark.no_db

RESENT_AT = datetime(2027, 5, 2, 16, 45, 0)
SECOND_REPORT_ID = 37


@pytest.fixture
def loaded_at_0002(migration_app):
    upgrade(revision="0002")
    rows.load_rows()
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0002):
    upgrade(revision="0003")
    assert rows.current_revision() == "0003"
    return loaded_at_0002


@pytest.fixture
def downgraded(upgraded):
    """Back to 0002, after staff resent the report link at 0003."""
    rows.execute("UPDATE stay_reports SET last_resent_at = :at WHERE id = :id", at=RESENT_AT, id=rows.STAY_REPORT_ID)
    downgrade(revision="0002")
    assert rows.current_revision() == "0002"
    return upgraded


def stay_report() -> dict:
    return rows.row_of("stay_reports", rows.STAY_REPORT_ID)


def last_resent_at(report_id: int):
    return rows.read_row("stay_reports", "id", report_id, {"last_resent_at": sa.DateTime()})["last_resent_at"]


def second_report_for_the_same_participant() -> dict:
    return {**stay_report(), "id": SECOND_REPORT_ID}


class TestUpgrade:
    def test_an_existing_stay_report_keeps_every_value(self, upgraded):
        assert rows.read_back("stay_reports", "id", stay_report()) == stay_report()

    def test_no_stay_report_is_added_or_lost(self, upgraded):
        assert rows.count("stay_reports") == 1

    def test_an_existing_stay_report_has_never_been_resent(self, upgraded):
        assert last_resent_at(rows.STAY_REPORT_ID) is None

    def test_the_resend_date_can_be_recorded(self, upgraded):
        rows.execute("UPDATE stay_reports SET last_resent_at = :at WHERE id = :id", at=RESENT_AT,
                     id=rows.STAY_REPORT_ID)
        assert last_resent_at(rows.STAY_REPORT_ID) == RESENT_AT

    def test_one_report_per_participant_is_still_enforced(self, upgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.insert("stay_reports", second_report_for_the_same_participant())

    def test_the_report_still_goes_with_its_participant(self, upgraded):
        rows.execute("DELETE FROM participants WHERE id = :id", id=rows.PARTICIPANT_ID)
        assert rows.count("stay_reports") == 0


class TestDowngrade:
    def test_a_stay_report_keeps_every_value_of_0002(self, downgraded):
        assert rows.read_back("stay_reports", "id", stay_report()) == stay_report()

    def test_no_stay_report_is_added_or_lost(self, downgraded):
        assert rows.count("stay_reports") == 1

    def test_the_resend_column_is_gone(self, downgraded):
        assert "last_resent_at" not in rows.column_names("stay_reports")

    def test_one_report_per_participant_is_still_enforced(self, downgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.insert("stay_reports", second_report_for_the_same_participant())

    def test_the_report_still_goes_with_its_participant(self, downgraded):
        rows.execute("DELETE FROM participants WHERE id = :id", id=rows.PARTICIPANT_ID)
        assert rows.count("stay_reports") == 0

    def test_the_satisfaction_range_is_still_enforced(self, downgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.execute("UPDATE stay_reports SET satisfaction_overall = 6 WHERE id = :id", id=rows.STAY_REPORT_ID)

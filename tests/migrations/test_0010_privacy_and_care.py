"""Revision 0010 (privacy and care) carries the former consent columns over into one consent record per purpose,
adds participants.anonymised_at (NULL) and the care and privacy tables; the downgrade drops them and keeps the
participants and reports as they were."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

PARENTAL_AT = datetime(2026, 12, 2, 10, 0, 0)
NEW_TABLES = {"consents", "rights_requests", "privacy_incidents", "emergency_contacts", "stay_care", "stay_incidents"}


@pytest.fixture
def loaded_at_0003(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    rows.execute("UPDATE participants SET parental_consent_by = :by, parental_consent_at = :at WHERE id = :id",
                 by="Marie Bouchard", at=PARENTAL_AT, id=rows.PARTICIPANT_ID)
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0003):
    upgrade(revision="0010")
    assert rows.current_revision() == "0010"
    return loaded_at_0003


def consents() -> dict[str, dict]:
    with db.engine.connect() as connection:
        result = connection.execute(sa.text(
            "SELECT participant_id, purpose, wording_version, given_at, given_by, method, withdrawn_at "
            "FROM consents ORDER BY purpose").columns(given_at=sa.DateTime(), withdrawn_at=sa.DateTime()))
        return {row.purpose: dict(row._mapping) for row in result}


class TestUpgrade:
    def test_each_former_consent_becomes_one_record_per_purpose(self, upgraded):
        assert set(consents()) == {"participation", "parental", "promotion"}

    def test_the_participation_consent_keeps_who_and_when(self, upgraded):
        record = consents()["participation"]
        assert (record["participant_id"], record["given_by"], record["given_at"], record["method"]) == (
            rows.PARTICIPANT_ID, "Léa Bouchard", datetime(2026, 12, 1, 9, 12, 0), "migrated")
        assert record["wording_version"] == "pre-2027" and record["withdrawn_at"] is None

    def test_the_parental_consent_keeps_the_guardian(self, upgraded):
        record = consents()["parental"]
        assert (record["given_by"], record["given_at"]) == ("Marie Bouchard", PARENTAL_AT)

    def test_the_reports_quote_consent_becomes_the_promotion_consent(self, upgraded):
        record = consents()["promotion"]
        assert (record["given_by"], record["given_at"]) == ("Léa Bouchard", datetime(2027, 5, 4, 19, 22, 31))

    def test_the_participant_and_the_report_keep_every_value(self, upgraded):
        participant = {**rows.row_of("participants", rows.PARTICIPANT_ID), "parental_consent_by": "Marie Bouchard",
                       "parental_consent_at": PARENTAL_AT}
        assert rows.read_back("participants", "id", participant) == participant
        report = rows.row_of("stay_reports", rows.STAY_REPORT_ID)
        assert rows.read_back("stay_reports", "id", report) == report

    def test_no_participant_is_anonymised(self, upgraded):
        types = {"anonymised_at": sa.DateTime()}
        assert rows.read_row("participants", "id", rows.PARTICIPANT_ID, types)["anonymised_at"] is None

    def test_a_consent_goes_with_its_participant(self, upgraded):
        rows.execute("DELETE FROM participants WHERE id = :id", id=rows.PARTICIPANT_ID)
        assert rows.count("consents") == 0

    def test_an_unknown_purpose_is_refused(self, upgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.execute("INSERT INTO consents (participant_id, purpose, wording_version, given_at, given_by, method) "
                         "VALUES (:p, 'marketing', 'v', :at, 'x', 'form')", p=rows.PARTICIPANT_ID, at=PARENTAL_AT)


class TestDowngrade:
    def test_the_new_tables_and_column_are_gone_and_the_rows_kept(self, upgraded):
        downgrade(revision="0003")
        assert not (NEW_TABLES & rows.table_names())
        assert "anonymised_at" not in rows.column_names("participants")
        assert rows.count("participants") == 1 and rows.count("stay_reports") == 1

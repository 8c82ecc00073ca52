"""Revision 0002 (coordinator daily digest) adds users.digest_daily (NOT NULL, server default false) and
users.last_digest_at (NULL). Users loaded at 0001 keep their values and the rows that point at them, get the
defaults, and survive the downgrade with the two columns gone."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows
from tests.migrations.rows import ROWS

pytestmark = pytest.mark.no_db

USERS = [pytest.param(values, id=f"user-{values['id']}") for table, _key, values in ROWS if table == "users"]
USER_IDS = [values["id"] for table, _key, values in ROWS if table == "users"]
DIGEST_TYPES = {"digest_daily": sa.Boolean(), "last_digest_at": sa.DateTime()}
LAST_DIGEST = datetime(2027, 1, 21, 11, 0, 0)

# On SQLite the batch rebuild of users drops the table: migrations/env.py turns foreign keys off around the
# migrations, so that no ON DELETE action fires (these tests failed before that fix).


@pytest.fixture
def loaded_at_0001(migration_app):
    upgrade(revision="0001")
    rows.load_rows()
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0001):
    upgrade(revision="0002")
    assert rows.current_revision() == "0002"
    return loaded_at_0001


@pytest.fixture
def downgraded(upgraded):
    """Back to 0001, after the coordinator opted in at 0002 and got a digest."""
    rows.execute("UPDATE users SET digest_daily = :on, last_digest_at = :at WHERE id = :id",
                 on=True, at=LAST_DIGEST, id=rows.COORDINATOR_ID)
    downgrade(revision="0001")
    assert rows.current_revision() == "0001"
    return upgraded


def digest_of(user_id: int) -> dict:
    return rows.read_row("users", "id", user_id, DIGEST_TYPES)


class TestUpgrade:
    @pytest.mark.parametrize("values", USERS)
    def test_an_existing_user_keeps_every_value(self, upgraded, values):
        assert rows.read_back("users", "id", values) == values

    def test_no_user_is_added_or_lost(self, upgraded):
        assert rows.count("users") == len(USER_IDS)

    @pytest.mark.parametrize("user_id", USER_IDS)
    def test_an_existing_user_gets_no_daily_digest(self, upgraded, user_id):
        assert digest_of(user_id)["digest_daily"] is False

    @pytest.mark.parametrize("user_id", USER_IDS)
    def test_an_existing_user_has_had_no_digest_yet(self, upgraded, user_id):
        assert digest_of(user_id)["last_digest_at"] is None

    def test_a_user_inserted_without_the_option_gets_the_server_default(self, upgraded):
        newcomer = {**rows.row_of("users", rows.COORDINATOR_ID), "id": 99, "email": "nouveau@azimut.example"}
        rows.insert("users", newcomer)
        assert digest_of(99) == {"digest_daily": False, "last_digest_at": None}

    def test_digest_daily_refuses_null(self, upgraded):
        with pytest.raises(sa.exc.IntegrityError):
            rows.execute("UPDATE users SET digest_daily = NULL WHERE id = :id", id=rows.COORDINATOR_ID)

    def test_the_invitation_token_of_a_user_is_kept(self, upgraded):
        token = rows.row_of("auth_tokens", rows.TOKEN_ID)
        assert rows.read_back("auth_tokens", "id", token) == token

    def test_a_participant_keeps_its_user_account(self, upgraded):
        assert rows.read_row("participants", "id", rows.PARTICIPANT_ID, {"user_id": sa.Integer()}) == {
            "user_id": rows.PARTICIPANT_USER_ID}

    def test_an_application_keeps_its_author(self, upgraded):
        assert rows.read_row("applications", "id", rows.APPLICATION_ID, {"created_by_id": sa.Integer()}) == {
            "created_by_id": rows.STAFF_ID}


class TestDowngrade:
    @pytest.mark.parametrize("values", USERS)
    def test_a_user_keeps_every_value_of_0001(self, downgraded, values):
        assert rows.read_back("users", "id", values) == values

    def test_no_user_is_added_or_lost(self, downgraded):
        assert rows.count("users") == len(USER_IDS)

    def test_the_digest_columns_are_gone(self, downgraded):
        assert rows.column_names("users").isdisjoint(DIGEST_TYPES)

    def test_the_invitation_token_of_a_user_is_kept(self, downgraded):
        token = rows.row_of("auth_tokens", rows.TOKEN_ID)
        assert rows.read_back("auth_tokens", "id", token) == token

    def test_a_participant_keeps_its_user_account(self, downgraded):
        assert rows.read_row("participants", "id", rows.PARTICIPANT_ID, {"user_id": sa.Integer()}) == {
            "user_id": rows.PARTICIPANT_USER_ID}

    def test_an_application_keeps_its_author(self, downgraded):
        assert rows.read_row("applications", "id", rows.APPLICATION_ID, {"created_by_id": sa.Integer()}) == {
            "created_by_id": rows.STAFF_ID}

    def test_email_uniqueness_is_still_enforced(self, downgraded):
        duplicate = {**rows.row_of("users", rows.STAFF_ID), "id": 99}
        with pytest.raises(sa.exc.IntegrityError):
            rows.insert("users", duplicate)

    def test_the_foreign_key_to_organisations_is_still_enforced(self, downgraded):
        homeless = {**rows.row_of("users", rows.STAFF_ID), "id": 99, "email": "x@cfp.example", "organisation_id": 9999}
        with pytest.raises(sa.exc.IntegrityError):
            rows.insert("users", homeless)

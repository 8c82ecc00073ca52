"""Revision 0005 (two factor) adds users.totp_secret, totp_last_step and recovery_code_hashes (NULL). Users loaded
at 0003 keep every value and have no second factor; the downgrade drops the columns and keeps the users."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows

pytestmark = pytest.mark.no_db
NEW_COLUMNS = {"totp_secret", "totp_last_step", "recovery_code_hashes"}


@pytest.fixture
def upgraded(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    upgrade(revision="0005")
    assert rows.current_revision() == "0005"
    return migration_app


def users() -> list[dict]:
    return [values for table, _key, values in rows.ROWS if table == "users"]


def test_every_user_keeps_every_value_and_has_no_second_factor(upgraded):
    for user in users():
        assert rows.read_back("users", "id", user) == user
        second = rows.read_row("users", "id", user["id"], {"totp_secret": sa.String(), "totp_last_step":
                                                           sa.BigInteger(), "recovery_code_hashes": sa.Text()})
        assert second == {"totp_secret": None, "totp_last_step": None, "recovery_code_hashes": None}


def test_a_second_factor_can_be_recorded(upgraded):
    rows.execute("UPDATE users SET totp_secret = :secret, totp_last_step = :step WHERE id = :id",
                 secret="JBSWY3DPEHPK3PXP", step=59_000_000_000, id=rows.STAFF_ID)
    assert rows.read_row("users", "id", rows.STAFF_ID, {"totp_last_step": sa.BigInteger()}) == \
        {"totp_last_step": 59_000_000_000}


def test_the_downgrade_drops_the_columns_and_keeps_the_users(upgraded):
    rows.execute("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = :id", id=rows.STAFF_ID)
    downgrade(revision="0003")
    assert not NEW_COLUMNS & rows.column_names("users")
    for user in users():
        assert rows.read_back("users", "id", user) == user

"""Revision 0001 (initial schema), from base: rows written with raw SQL read back unchanged, the named constraints
exist and are enforced, and the downgrade to base removes the tables with their rows."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows
from tests.migrations.rows import ROWS

pytestmark = pytest.mark.no_db

MAIN_TABLES = ["regions", "programs", "calls", "organisations", "users", "applications", "participants",
               "stay_reports"]


@pytest.fixture
def at_0001(migration_app):
    upgrade(revision="0001")
    assert rows.current_revision() == "0001"
    return migration_app


@pytest.fixture
def loaded(at_0001):
    rows.load_rows()
    return at_0001


def inspector_names(method: str, table: str) -> set[str]:
    with db.engine.connect() as connection:
        return {item["name"] for item in getattr(sa.inspect(connection), method)(table)}


@pytest.mark.parametrize("table", MAIN_TABLES)
def test_upgrade_from_base_creates_the_main_table_empty(at_0001, table):
    assert rows.count(table) == 0


@pytest.mark.parametrize(("table", "key_column", "values"), [
    pytest.param(table, key_column, values, id=f"{table}-{values[key_column]}")
    for table, key_column, values in ROWS if table in MAIN_TABLES])
def test_a_row_written_with_raw_sql_reads_back_unchanged(loaded, table, key_column, values):
    assert rows.read_back(table, key_column, values) == values


def test_unique_constraint_on_users_email_has_its_conventional_name(at_0001):
    assert "uq_users_email" in inspector_names("get_unique_constraints", "users")


def test_unique_constraint_on_users_email_is_enforced(loaded):
    staff = rows.row_of("users", rows.STAFF_ID)
    duplicate = {**staff, "id": 99, "name": "Sophie Tremblay (doublon)"}
    with pytest.raises(sa.exc.IntegrityError):
        rows.insert("users", duplicate)
    assert rows.count("users") == 3


def test_foreign_keys_of_participants_have_their_conventional_names(at_0001):
    assert inspector_names("get_foreign_keys", "participants") == {
        "fk_participants_application_id_applications", "fk_participants_user_id_users"}


def test_foreign_key_from_participants_to_applications_is_enforced(loaded):
    orphan = {**rows.row_of("participants", rows.PARTICIPANT_ID), "id": 99, "application_id": 9999, "user_id": None}
    with pytest.raises(sa.exc.IntegrityError):
        rows.insert("participants", orphan)
    assert rows.count("participants") == 1


def test_check_constraint_on_users_role_has_its_conventional_name(at_0001):
    assert "ck_users_role_allowed" in inspector_names("get_check_constraints", "users")


def test_check_constraint_on_users_role_is_enforced(loaded):
    intruder = {**rows.row_of("users", rows.COORDINATOR_ID), "id": 99, "email": "root@azimut.example",
                "role": "superuser"}
    with pytest.raises(sa.exc.IntegrityError):
        rows.insert("users", intruder)
    assert rows.count("users") == 3


def test_deleting_a_participant_cascades_to_its_stay_report(loaded):
    """ON DELETE CASCADE of fk_stay_reports_participant_id_participants is in the database, not only the models."""
    rows.execute("DELETE FROM participants WHERE id = :id", id=rows.PARTICIPANT_ID)
    assert rows.count("stay_reports") == 0


def test_downgrade_to_base_removes_the_main_tables_and_their_rows(loaded):
    downgrade(revision="base")
    assert rows.current_revision() is None
    assert rows.table_names().isdisjoint(MAIN_TABLES)

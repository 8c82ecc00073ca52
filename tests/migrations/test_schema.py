"""The Alembic migrations build exactly the schema of the models, and every revision goes down and up again."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations.rows import current_revision, table_names

pytestmark = pytest.mark.no_db


@pytest.fixture
def empty_app(migration_app):
    return migration_app


def schema_differences() -> list:
    migrate = current_app.extensions["migrate"]
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={**migrate.configure_args, "compare_type": True})
        return compare_metadata(context, db.metadata)


def revisions_from_base() -> list:
    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def test_there_is_a_single_head(empty_app):
    config = empty_app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_builds_every_table_of_the_models(empty_app):
    upgrade()
    assert set(db.metadata.tables) <= table_names()
    assert current_revision() == revisions_from_base()[-1].revision


def test_migrated_schema_matches_the_models(empty_app):
    upgrade()
    assert schema_differences() == []


def nullability_and_server_defaults(table: str) -> dict[str, tuple[bool, bool]]:
    """Each column of the migrated table but the key (PostgreSQL gives it its sequence as default): (nullable,
    has a server default)."""
    with db.engine.connect() as connection:
        columns = sa.inspect(connection).get_columns(table)
    return {c["name"]: (bool(c["nullable"]), c["default"] is not None) for c in columns if c["name"] != "id"}


def models_nullability_and_server_defaults(table: str) -> dict[str, tuple[bool, bool]]:
    return {c.name: (c.nullable, c.server_default is not None) for c in db.metadata.tables[table].columns
            if c.name != "id"}


@pytest.mark.parametrize("table", ["distance_bands", "canadian_distance_bands"])
def test_a_band_table_keeps_the_nullability_and_server_defaults_of_its_migrations(empty_app, table):
    """The general and the Canadian bands share their columns through one mixin; each table keeps what its own
    migrations gave it (the general bands' `source` and `verified` have server defaults, the Canadian ones none),
    which the comparison above does not look at."""
    upgrade()
    assert nullability_and_server_defaults(table) == models_nullability_and_server_defaults(table)


def test_only_the_general_bands_provenance_columns_have_server_defaults(empty_app):
    upgrade()
    assert {c for c, (_, default) in nullability_and_server_defaults("distance_bands").items() if default} == {
        "source", "verified"}
    assert not any(default for _, default in nullability_and_server_defaults("canadian_distance_bands").values())


def test_every_revision_goes_down_and_up_again(empty_app):
    revisions = revisions_from_base()
    assert revisions, "no migration found"
    for revision in revisions:
        upgrade(revision=revision.revision)
        assert current_revision() == revision.revision
        downgrade(revision=revision.down_revision or "base")
        assert current_revision() == revision.down_revision
        upgrade(revision=revision.revision)
        assert current_revision() == revision.revision
    assert schema_differences() == []


def test_downgrade_to_base_removes_every_table(empty_app):
    upgrade()
    downgrade(revision="base")
    assert current_revision() is None
    assert table_names() <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []


def test_the_comparison_notices_a_schema_drift(empty_app):
    """Control for the tests above: an extra column in the database is reported."""
    upgrade()
    with db.engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE mail_outbox ADD COLUMN drift INTEGER"))
    differences = schema_differences()
    assert [(d[0], d[2], d[3].name) for d in differences] == [("remove_column", "mail_outbox", "drift")]

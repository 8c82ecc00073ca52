"""The Alembic migrations build exactly the schema of the models, and every revision goes down and up again."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import make_config
from tests.fixtures.database import fresh_database

pytestmark = pytest.mark.no_db


@contextmanager
def keep_loggers_enabled():
    """migrations/env.py calls logging.config.fileConfig, which disables every logger that exists at that moment;
    put them back so later tests (caplog) still see them."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    was_disabled = {logger.name: logger.disabled for logger in loggers if isinstance(logger, logging.Logger)}
    try:
        yield
    finally:
        for name, disabled in was_disabled.items():
            logging.getLogger(name).disabled = disabled


@pytest.fixture
def empty_app(tmp_path):
    """An app of its own on an empty database (SQLite file, or a private PostgreSQL schema)."""
    with fresh_database("mig") as url:
        application = create_app(make_config(url, str(tmp_path), 25))
        with application.app_context(), keep_loggers_enabled():
            try:
                yield application
            finally:
                db.session.remove()
                db.engine.dispose()


def schema_differences() -> list:
    migrate = current_app.extensions["migrate"]
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={**migrate.configure_args, "compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    with db.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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

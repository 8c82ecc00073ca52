"""Fixtures of the per-revision data tests: an app of its own on an empty database, migrated by each test."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest

from portal import create_app
from portal.extensions import db
from tests.conftest import make_config
from tests.fixtures.database import fresh_database


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
def migration_app(tmp_path):
    """An app on an empty database (SQLite file, or a private PostgreSQL schema), at no revision yet."""
    with fresh_database("migdata") as url:
        application = create_app(make_config(url, str(tmp_path), 25))
        with application.app_context(), keep_loggers_enabled():
            try:
                yield application
            finally:
                db.session.remove()
                db.engine.dispose()

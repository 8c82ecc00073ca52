"""Fixtures shared by the whole suite.

The database is built by the real migrations once per run; each test then runs inside a transaction that is
rolled back (savepoint per test), so views can commit as in production.

Lazy loads raise in every test (SQLALCHEMY_RAISELOAD, portal/models/loading.py): a page or operation declares the
relationships it walks as eager loads on the query that loads its objects, and a test that reads models directly
does the same (or asks a query). Each test-client request runs in a fresh session on the test's connection
(tests/helpers.py, FreshRequestClient), as each request has its own session in production: what the test built or an
earlier request loaded is never handed to a request from the identity map without the loads its query declares, so
a missing eager load fails whatever the order of the tests (pytest-randomly).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack

import pytest
from flask_migrate import upgrade

from portal import create_app
from portal.core.clock import FixedClock
from portal.extensions import db, services
from portal.models import Role
from tests.fixtures.components import in_ci
from tests.fixtures.database import check_postgres_reachable, fresh_database, is_postgres
from tests.helpers import FreshRequestClient, connection_session

pytest_plugins = ["tests.fixtures.s3", "tests.fixtures.smtp"]

TEST_SECRET_KEY = "test-secret-key-" + "x7Qp2Lm9" * 4


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (runs when TEST_DATABASE_URL is set)")
    if is_postgres():
        reason = check_postgres_reachable()
        if reason:
            pytest.exit(reason, returncode=3)
    elif os.environ.get("REQUIRE_POSTGRES"):
        pytest.exit("REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not", returncode=3)


def pytest_report_header(config):
    return f"database: {'PostgreSQL (TEST_DATABASE_URL)' if is_postgres() else 'SQLite'}; CI={in_ci()}"


def pytest_collection_modifyitems(config, items):
    if is_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL (the CI run on PostgreSQL runs it)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def make_config(database_url: str, folder: str, smtp_port: int, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": database_url,
        "UPLOAD_FOLDER": os.path.join(folder, "uploads"),
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_FOLDER": os.path.join(folder, "mail"),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "portail.test",
        "PROPAGATE_EXCEPTIONS": False,
        "INDICATORS_STALE_SECONDS": 0,  # figures exact to the last write; tests/indicators set a window themselves
        "SQLALCHEMY_RAISELOAD": True,  # a lazy load raises: eager loads are declared per query (issue 15)
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _database_url():
    with fresh_database("suite") as url:
        yield url


@pytest.fixture(scope="session")
def app(_database_url, smtp_server):
    controller, _ = smtp_server
    with tempfile.TemporaryDirectory(prefix="portal-app-") as folder:
        application = create_app(make_config(_database_url, folder, controller.port))
        application.test_client_class = FreshRequestClient
        with application.app_context():
            upgrade()
            db.engine.dispose()
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Each test in a transaction rolled back at the end; commits inside become savepoint releases."""
    if "no_db" in request.keywords:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = connection_session(connection)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories():
    from tests import factories as module

    return module


# --- people of each role around one centre (folders override what they need otherwise) ---------------------------

@pytest.fixture
def centre(factories):
    return factories.centre()


@pytest.fixture
def staff(factories, centre):
    return factories.user(Role.STAFF, organisation=centre, locale="fr")


@pytest.fixture
def coordinator(factories):
    return factories.user(Role.COORDINATOR, locale="fr")


@pytest.fixture
def officer(factories):
    return factories.user(Role.MINISTRY, locale="fr")


@pytest.fixture
def set_today(app):
    """Stops the app's clock at noon (Québec time) on the given day, for the rest of the test."""
    with ExitStack() as stack:
        yield lambda day: stack.enter_context(services.replace(app, clock=FixedClock.on_day(day)))

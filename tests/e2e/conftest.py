import os

import pytest

from tests.fixtures.browser import browser, live_portal, page  # noqa: F401  (fixtures)

ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))


def pytest_collection_modifyitems(config, items):
    """Browser tests run once per CI run, on the SQLite pass: the PostgreSQL pass skips them (same pages)."""
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="browser tests run once, on the SQLite pass")
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _transaction():
    """Browser tests use their own live database, not the per-test transaction."""
    yield

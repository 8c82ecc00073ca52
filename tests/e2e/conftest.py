import pytest

from tests.fixtures.browser import browser, live_portal, page  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _transaction():
    """Browser tests use their own live database, not the per-test transaction."""
    yield

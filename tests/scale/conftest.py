"""Fixtures of the scale tests: lazy loads raise, and each page is filled with 10 or 200 rows of its own."""
from __future__ import annotations

import pytest

from tests.helpers import fresh_client, login


@pytest.fixture
def raiseload(app, monkeypatch):
    """Every ORM query of the test refuses lazy loads (portal/models/loading.py). The whole suite runs so
    (tests/conftest.py); the scale tests keep asking for it, so their statement counts never depend on that default."""
    monkeypatch.setitem(app.config, "SQLALCHEMY_RAISELOAD", True)


@pytest.fixture
def client_as(app):
    def make(user):
        client = fresh_client(app)
        login(client, user)
        return client
    return make

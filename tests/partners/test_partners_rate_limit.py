"""The public response page is rate-limited (the suite's app runs with rate limits off: a separate app here)."""
from __future__ import annotations

import pytest

from portal import create_app
from portal.extensions import limiter
from tests.conftest import TEST_SECRET_KEY

pytestmark = pytest.mark.no_db


def test_the_public_page_answers_429_after_too_many_requests(tmp_path, monkeypatch):
    # init_app mutates the shared Limiter; put back what the rest of the suite relies on afterwards.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    monkeypatch.setattr(limiter, "initialized", limiter.initialized)
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, "DATABASE_URL": "sqlite://",
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                      "MAIL_FOLDER": str(tmp_path / "mail"), "PROPAGATE_EXCEPTIONS": False})
    client = app.test_client()
    codes = [client.get("/partenaires/reponse/1/not-a-token").status_code for _ in range(31)]
    assert codes[:30] == [400] * 30
    assert codes[30] == 429

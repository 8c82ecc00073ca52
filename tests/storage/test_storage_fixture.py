"""The S3 fixture skips without moto on a laptop, but fails in CI."""

from __future__ import annotations

import os
import urllib.request

import pytest

from tests.fixtures.s3 import _require_moto

pytestmark = pytest.mark.no_db  # storage needs no database transaction


def test_missing_moto_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="pip install -r requirements-test.txt"):
        _require_moto(("moto.no_such_module_for_test",))


def test_missing_moto_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="moto"):
        _require_moto(("no_such_package_for_test.server",))


def test_server_answers_over_http(s3_server: str) -> None:
    assert s3_server.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(f"{s3_server}/moto-api/", timeout=5) as response:
        assert response.status == 200
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"

"""Issue 12: log-in throttling per account (normalised e-mail, failures only) as well as per address, in memory and
in Redis when RATELIMIT_STORAGE_URI names one."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.fixtures.components import in_ci

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[2]


def probe(storage: str, attempts: list[tuple[str, str, str]]) -> list[int]:
    result = subprocess.run(  # noqa: S603 (our own interpreter and module, arguments built by the test)
        [sys.executable, "-m", "tests.accounts.throttle_probe", storage, json.dumps(attempts)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_failures_on_one_account_are_throttled_whatever_the_address_or_the_spelling_of_the_email():
    successes = [("#1", PASSWORD, f"10.0.2.{n}") for n in range(6)]  # successes never count
    wrong = [("#0U" if n % 2 else "#0", "wrong password!", f"10.0.0.{n}") for n in range(6)]
    statuses = probe("memory://", [*successes, *wrong, ("#0", PASSWORD, "10.0.1.1"), ("#1", PASSWORD, "10.0.0.1")])
    assert statuses[:6] == [302] * 6
    assert statuses[6:11] == [200] * 5  # five failures, each answered with the form again
    assert statuses[11] == 429  # the sixth, from yet another address and spelled otherwise, is held back
    assert statuses[12] == 429  # the account waits a little (the short window), even with the right password
    assert statuses[13] == 302  # another account, from an address already used, logs in


def test_limits_are_shared_through_redis_when_configured():
    if not redis_reachable():
        if in_ci():
            pytest.fail("Redis is not reachable on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    statuses = probe("redis://127.0.0.1:6379/15", [("#0", "wrong password!", f"10.0.3.{n}") for n in range(6)])
    assert statuses == [200] * 5 + [429]

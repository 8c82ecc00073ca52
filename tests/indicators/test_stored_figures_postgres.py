"""On PostgreSQL, with real commits on sessions bound to the engine (as in production): the version goes up in a
transaction of its own after a commit that changed a source, and requests that miss the same figures at once compute
them once."""
from __future__ import annotations

import threading
import time
from dataclasses import asdict

import pytest
from sqlalchemy import delete

from portal.extensions import db
from portal.indicators import figures, report
from portal.indicators.filters import Filters
from portal.models import IndicatorFigures, Region
from tests.helpers import in_own_context

pytestmark = [pytest.mark.postgres, pytest.mark.no_db]

KEY = figures.key_of("test-two-hosts", {"n": 1})


def _cleanup(app) -> None:
    def clean():
        db.session.execute(delete(IndicatorFigures).where(IndicatorFigures.key.in_(
            [KEY, figures.key_of("indicators", asdict(Filters(country="ZZ")))])))
        db.session.execute(delete(Region).where(Region.code == "99"))
        db.session.commit()
    in_own_context(app, clean)


def test_a_commit_that_changes_a_source_makes_the_stored_value_unread(app):
    def store():
        value = figures.stored_or_computed(KEY, lambda: "first", ())[0]
        db.session.commit()
        return value

    def change():
        db.session.add(Region(code="99", name="Test region"))
        db.session.commit()

    try:
        assert in_own_context(app, store) == "first"
        before = in_own_context(app, figures.current_version)
        assert in_own_context(app, lambda: figures.lookup(KEY).value) == "first"
        in_own_context(app, change)
        assert in_own_context(app, figures.current_version) == before + 1
        assert in_own_context(app, lambda: figures.lookup(KEY).value) is None
    finally:
        _cleanup(app)


def test_requests_that_miss_together_compute_once(app):
    computed, barrier, results = [], threading.Barrier(3), []

    def compute():
        computed.append(1)
        time.sleep(0.3)
        return report.collect(Filters(country="ZZ"))

    def host():
        def request():
            barrier.wait(timeout=30)
            data, _at, _version = figures.stored_or_computed(
                figures.key_of("indicators", asdict(Filters(country="ZZ"))), compute, report.STORED)
            db.session.commit()
            results.append(data)
        in_own_context(app, request)

    try:
        threads = [threading.Thread(target=host) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(results) == 3 and len(computed) == 1
        assert results[0] == results[1] == results[2]
    finally:
        _cleanup(app)

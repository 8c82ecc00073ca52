"""On PostgreSQL, with real commits on sessions bound to the engine (as in production): the version goes up in a
transaction of its own after a commit that changed a source, requests that miss the same figures at once compute
them once, and the figures last stored are served while another request computes newer ones."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from portal.core.clock import utcnow
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


def _store_aged(app, value, hours: float) -> None:
    """Figures stored at the current version, computed `hours` ago."""
    def store():
        version = figures.lookup(KEY).version
        figures.store(KEY, version, utcnow() - timedelta(hours=hours), value)
        db.session.commit()
    in_own_context(app, store)


@contextmanager
def _computing_elsewhere(app):
    """Another request computing KEY: it holds the key's lock until its transaction ends."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        try:
            connection.execute(select(func.pg_advisory_xact_lock(func.hashtext(KEY))))
            yield
        finally:
            transaction.rollback()
            connection.close()


def test_while_another_request_computes_the_last_stored_figures_are_served(app):
    computed = []

    def read():
        value, at, version = figures.stored_or_computed(KEY, lambda: computed.append(1) or "new", ())
        db.session.commit()
        return value, at, version

    try:
        _store_aged(app, "an hour and more ago", hours=2)
        with _computing_elsewhere(app):
            value, at, version = in_own_context(app, read)
        assert (value, version, computed) == ("an hour and more ago", None, [])
        assert at < utcnow() - figures.MAX_AGE
        value, _at, version = in_own_context(app, read)
        assert (value, computed) == ("new", [1]) and version is not None
    finally:
        _cleanup(app)


def test_with_no_figures_stored_before_a_request_waits_for_the_one_computing(app):
    waited = []

    def read():
        started = time.monotonic()
        value = figures.stored_or_computed(KEY, lambda: "computed after the wait", ())[0]
        db.session.commit()
        waited.append(time.monotonic() - started)
        return value

    try:
        with _computing_elsewhere(app):
            reader = threading.Thread(target=lambda: in_own_context(app, read))
            reader.start()
            time.sleep(0.5)
            assert reader.is_alive()  # held by the lock: nothing to serve meanwhile
        reader.join(timeout=30)
        assert waited and waited[0] >= 0.5
    finally:
        _cleanup(app)


def test_with_no_stale_window_figures_of_older_data_are_not_served(app, monkeypatch):
    monkeypatch.setitem(app.config, "INDICATORS_STALE_SECONDS", 0)

    def change():
        db.session.add(Region(code="99", name="Test region"))
        db.session.commit()

    try:
        _store_aged(app, "before the change", hours=0)
        in_own_context(app, change)
        found = in_own_context(app, lambda: figures.lookup(KEY))
        assert (found.value, found.older) == (None, None)
    finally:
        _cleanup(app)

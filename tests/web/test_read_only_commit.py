"""A request that wrote nothing ends with COMMIT on PostgreSQL (psycopg keeps its prepared statements); one that
wrote, failed or still holds changes is never committed by it. Sessions bound to the engine, as in production."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, event, select

from portal.extensions import db
from portal.models import Region
from portal.web.transactions import end_read_only_transaction
from tests.fixtures.database import is_postgres

pytestmark = [pytest.mark.no_db]

CODE = "98"


@pytest.fixture
def commits(app):
    """How many times the request's session committed."""
    seen = []

    def count(_session):
        seen.append(1)

    event.listen(db.session, "after_commit", count)
    yield seen
    event.remove(db.session, "after_commit", count)
    with app.app_context():
        db.session.execute(delete(Region).where(Region.code == CODE))
        db.session.commit()
        db.session.remove()


def _region_kept(app) -> bool:
    with app.app_context():
        try:
            return db.session.get(Region, CODE) is not None
        finally:
            db.session.remove()


@pytest.mark.postgres
def test_a_request_that_only_read_is_committed(app, commits):
    with app.test_request_context("/"):
        db.session.scalars(select(Region)).all()
        end_read_only_transaction(None)
        assert commits == [1]
        assert not db.session().in_transaction()


@pytest.mark.postgres
def test_a_request_that_flushed_a_change_is_not_committed(app, commits):
    with app.test_request_context("/"):
        db.session.add(Region(code=CODE, name="Essai"))
        db.session.flush()
        end_read_only_transaction(None)
        assert commits == []
    assert not _region_kept(app)


@pytest.mark.postgres
def test_a_change_still_in_the_session_is_neither_flushed_nor_committed(app, commits):
    with app.test_request_context("/"):
        db.session.scalars(select(Region)).all()
        db.session.add(Region(code=CODE, name="Essai"))
        end_read_only_transaction(None)
        assert commits == []
    assert not _region_kept(app)


@pytest.mark.postgres
def test_a_request_that_failed_is_not_committed(app, commits):
    with app.test_request_context("/"):
        db.session.scalars(select(Region)).all()
        end_read_only_transaction(RuntimeError("the view failed"))
        assert commits == []
        assert db.session().in_transaction()


@pytest.mark.postgres
def test_a_transaction_left_failed_by_the_view_is_left_to_the_rollback(app, commits):
    with app.test_request_context("/"):
        db.session.add(Region(code=CODE, name="Essai"))
        db.session.flush()
        db.session.expunge_all()
        db.session.add(Region(code=CODE, name="Doublon"))
        with pytest.raises(Exception):  # noqa: B017, PT011  the duplicate key, whatever the driver's class
            db.session.flush()
        end_read_only_transaction(None)
        assert commits == []
    assert not _region_kept(app)


@pytest.mark.skipif(is_postgres(), reason="SQLite only: there, a rollback costs nothing to keep")
def test_on_sqlite_the_session_is_left_to_the_rollback(app, commits):
    with app.test_request_context("/"):
        db.session.scalars(select(Region)).all()
        end_read_only_transaction(None)
        assert commits == []
        assert db.session().in_transaction()

"""A request that wrote nothing ends with COMMIT on PostgreSQL (psycopg keeps its prepared statements); one that
wrote, failed or still holds changes is never committed by it. Sessions bound to the engine, as in production."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, event, insert, select

from portal.extensions import db
from portal.models import Region
from portal.web.transactions import WROTE_NOTHING, end_read_only_transaction, is_plain_read
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


@pytest.fixture
def statements(app):
    """The SQL statements run meanwhile."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _parameters, _context, _many):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


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


@pytest.mark.postgres
def test_a_transaction_of_plain_reads_is_committed_without_asking_the_database(app, commits, statements):
    with app.test_request_context("/"):
        db.session.scalars(select(Region)).all()
        end_read_only_transaction(None)
        assert commits == [1]
    assert str(WROTE_NOTHING) not in statements


@pytest.mark.postgres
def test_a_transaction_that_locked_a_row_asks_the_database_and_is_not_committed(app, commits, statements):
    with app.app_context(), db.engine.begin() as connection:  # not through the session, whose commits are counted
        connection.execute(insert(Region).values(code=CODE, name="Essai"))
    with app.test_request_context("/"):
        db.session.execute(select(Region).where(Region.code == CODE).with_for_update()).all()
        end_read_only_transaction(None)
        assert commits == []
    assert str(WROTE_NOTHING) in statements


@pytest.mark.postgres
def test_after_a_commit_a_transaction_of_plain_reads_is_committed_without_asking(app, commits, statements):
    with app.test_request_context("/"):
        db.session.add(Region(code=CODE, name="Essai"))
        db.session.commit()
        db.session.scalars(select(Region)).all()
        end_read_only_transaction(None)
        assert commits == [1, 1]
    assert str(WROTE_NOTHING) not in statements


@pytest.mark.parametrize(("statement", "plain"), [
    ("SELECT regions.code FROM regions", True),
    ("\n  select 1", True),
    ("SELECT regions.code FROM regions WHERE regions.name = 'for update'", False),  # asked: safe side
    ("SELECT regions.code FROM regions FOR UPDATE", False),
    ("SELECT applications.id FROM applications FOR NO KEY UPDATE SKIP LOCKED", False),
    ("SELECT pairings.id FROM pairings\nFOR  SHARE", False),
    ("SELECT pairings.id FROM pairings FOR KEY SHARE", False),
    ("WITH moved AS (DELETE FROM regions RETURNING code) SELECT code FROM moved", False),
    ("INSERT INTO regions (code, name) VALUES ('98', 'Essai')", False),
    ("SAVEPOINT sa_savepoint_1", False),
])
def test_only_a_select_that_locks_nothing_is_a_plain_read(statement, plain):
    assert is_plain_read(statement) is plain

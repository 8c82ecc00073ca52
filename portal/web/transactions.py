"""A request that wrote nothing ends its transaction with COMMIT instead of ROLLBACK, on PostgreSQL.

For the database both end a read-only transaction alike. psycopg, though, forgets every statement it has prepared on
a connection at each rollback (one might name an object the rollback dropped), and Flask-SQLAlchemy rolls back at the
end of every request: each page's statements were parsed and planned again on every request. Ending with COMMIT
keeps them prepared on the pooled connection (psycopg prepares a statement from its fifth run).

A request that changed anything is never committed here: the database says whether the transaction has written
(it has a transaction id once it has), and changes still in the session, not yet flushed, are left to the rollback.
A transaction that ran plain SELECTs only (no other statement, no row lock) cannot have written: it is committed
without asking, one round trip less on every page.
"""
from __future__ import annotations

import logging
import re

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

log = logging.getLogger(__name__)

WROTE_NOTHING = text("SELECT txid_current_if_assigned() IS NULL")
MAY_HAVE_WRITTEN = "portal.may_have_written"  # in the connection's info: a statement other than a plain read ran
ROW_LOCK = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b", re.IGNORECASE)


def is_plain_read(statement: str) -> bool:
    """A SELECT that takes no row lock (SELECT … FOR UPDATE gives the transaction an id)."""
    return statement.lstrip()[:6].upper() == "SELECT" and ROW_LOCK.search(statement) is None


@event.listens_for(Engine, "begin")
def _transaction_begins(connection: Connection) -> None:
    connection.info[MAY_HAVE_WRITTEN] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_statement(connection: Connection, _cursor, statement: str, _parameters, _context, _many) -> None:
    if not connection.info.get(MAY_HAVE_WRITTEN, True) and not is_plain_read(statement):
        connection.info[MAY_HAVE_WRITTEN] = True


def end_read_only_transaction(error: BaseException | None) -> None:
    """teardown_request: runs before Flask-SQLAlchemy removes the session (and rolls back what is left)."""
    if error is not None:
        return
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    if session.get_bind().dialect.name != "postgresql":
        return
    try:
        if not session.connection().info.get(MAY_HAVE_WRITTEN, True) or session.execute(WROTE_NOTHING).scalar():
            session.commit()
    except SQLAlchemyError:  # a failed statement left the transaction to roll back: the session's removal does it
        log.debug("read-only transaction left to the rollback", exc_info=True)

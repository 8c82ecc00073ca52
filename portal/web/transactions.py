"""A request that wrote nothing ends its transaction with COMMIT instead of ROLLBACK, on PostgreSQL.

For the database both end a read-only transaction alike. psycopg, though, forgets every statement it has prepared on
a connection at each rollback (one might name an object the rollback dropped), and Flask-SQLAlchemy rolls back at the
end of every request: each page's statements were parsed and planned again on every request. Ending with COMMIT
keeps them prepared on the pooled connection (psycopg prepares a statement from its fifth run).

A request that changed anything is never committed here: the database says whether the transaction has written
(it has a transaction id once it has), and changes still in the session, not yet flushed, are left to the rollback.
"""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

log = logging.getLogger(__name__)

WROTE_NOTHING = text("SELECT txid_current_if_assigned() IS NULL")


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
        if session.execute(WROTE_NOTHING).scalar():
            session.commit()
    except SQLAlchemyError:  # a failed statement left the transaction to roll back: the session's removal does it
        log.debug("read-only transaction left to the rollback", exc_info=True)

"""One run at a time across hosts: a PostgreSQL advisory lock held by the current transaction.

Every host of the portal runs the same cron lines; the scheduled commands take this lock first, and the host that
does not get it does nothing (the other is already doing the work). The lock goes with the transaction's commit
or rollback, so a crashed run never keeps it. SQLite has one host by nature: the lock is always granted there.
"""
from __future__ import annotations

import zlib

from sqlalchemy import func, select

from portal.extensions import db


def lock_key(name: str) -> int:
    """A stable 32-bit key per command name (the same on every host and every Python run)."""
    return zlib.crc32(f"portal:{name}".encode())


def try_lock(name: str) -> bool:
    """Take the lock called `name` for the current transaction; False when another transaction holds it."""
    if db.engine.dialect.name != "postgresql":
        return True
    return bool(db.session.scalar(select(func.pg_try_advisory_xact_lock(lock_key(name)))))

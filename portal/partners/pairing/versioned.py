"""Values a worker keeps between requests and checks against the database on each use (the pairing page's partner
registry and profiles): one short statement reads the version of the rows a value was built from, instead of reading
those rows again.

A version is the count of the rows and the sum of their ``xmin``, the id of the transaction that wrote each row's
current version. Any row added, changed or removed by another transaction changes the pair, which does not come back
to a pair held here (unless two transactions that change the same rows at once commit out of order, xmin going
back). A transaction that has written is never served from, nor stored to, what is held: its own rows all share one
id, and they may yet be rolled back. SQLite, the embedded default, has no xmin: values are built on each use.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import BigInteger, Select, Text, cast, func, literal_column, select, true

from portal.extensions import db

_held: dict[Hashable, tuple[tuple, Any]] = {}  # this process's values: key → (version, value)
_storing = threading.Lock()
MAX_HELD = 32  # keys (the registry, and the profiles of each year being paired): the oldest goes first


def rows_version(query: Select) -> Select:
    """The count and the sum of xmin of the rows a query over one table reads."""
    [table] = query.get_final_froms()
    xmin = literal_column(f"{table.name}.xmin")
    return query.with_only_columns(func.count(), func.sum(cast(cast(xmin, Text), BigInteger))).order_by(None)


def version_statement(*queries: Select) -> Select:
    """One statement reading the version of the rows these queries read, and whether the transaction has written.
    Build it once: building costs as much as running it."""
    parts = [rows_version(query).subquery() for query in queries]
    statement = select(*(column for part in parts for column in part.c), func.txid_current_if_assigned())
    statement = statement.select_from(parts[0])
    for part in parts[1:]:
        statement = statement.join(part, true())  # one row each: no product to speak of
    return statement


def read_version(statement: Select) -> tuple | None:
    """The version a version_statement reads, on PostgreSQL in a transaction that has not written; None otherwise
    (then nothing is held)."""
    bind = db.session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    *counts_and_sums, own_transaction = db.session.execute(statement).one()
    return None if own_transaction is not None else (str(bind.engine.url), *counts_and_sums)


def held(key: Hashable, version: tuple | None, build: Callable[[], Any]) -> Any:
    """The value held for `key` when it was built at this version; else built now (and held, given a version)."""
    entry = _held.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    if version is not None:
        with _storing:  # a worker's threads store one at a time
            _held.pop(key, None)
            while len(_held) >= MAX_HELD:
                _held.pop(next(iter(_held)))
            _held[key] = (version, value)
    return value

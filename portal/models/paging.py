"""Keyset pagination: a page is the rows after (or before) the last row seen, on an index-served sort key + id.

A page costs the same at the start and at the end of a list: no OFFSET, no count(*) over the table. The cursor
in the link carries the sort values of the row at the edge of the page; a cursor that does not fit the list
(tampered, or from another sort) is refused with InvalidInput, never passed on to the database.
"""
from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_

from portal.core.errors import InvalidInput
from portal.extensions import db

MAX_PER_PAGE = 200
COUNT_CAP = 1000  # counts stop here: "1000+" costs the same on a table of any size


@dataclass(frozen=True)
class Key:
    """One column of the sort; `kind` checks the cursor's value (int, str, date, datetime, decimal)."""

    column: ColumnElement
    kind: type


@dataclass(frozen=True)
class KeysetPage:
    items: list
    next_cursor: str | None
    prev_cursor: str | None
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def _load(value: Any, kind: type) -> Any:
    # bool is an int for isinstance: refuse it explicitly, like any value of the wrong kind.
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    if isinstance(value, str) and kind in (datetime, date, Decimal):
        return {datetime: datetime.fromisoformat, date: date.fromisoformat, Decimal: Decimal}[kind](value)
    raise ValueError(value)


def encode(direction: str, values: Sequence[Any]) -> str:
    payload = json.dumps([direction, [_dump(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode(cursor: str, keys: Sequence[Key]) -> tuple[str, list[Any]]:
    """(direction, values) of a cursor made by encode() for these keys; InvalidInput otherwise."""
    return decode_kinds(cursor, [key.kind for key in keys])


def decode_kinds(cursor: str, kinds: Sequence[type]) -> tuple[str, list[Any]]:
    """(direction, values) of a cursor made by encode() for values of these kinds; InvalidInput otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
        if direction not in ("next", "prev") or len(values) != len(kinds):
            raise ValueError(cursor)
        return direction, [_load(v, kind) for v, kind in zip(values, kinds, strict=True)]
    except (ValueError, TypeError, binascii.Error, InvalidOperation, UnicodeDecodeError) as error:
        raise InvalidInput(str(_l("This page link is not valid; start again from the first page."))) from error


def ordered(query: Select, keys: Sequence[Key], descending: bool) -> Select:
    return query.order_by(*[key.column.desc() if descending else key.column.asc() for key in keys])


def fetch(query: Select, keys: Sequence[Key], values_of: Callable[[Any], Sequence[Any]], *, cursor: str | None,
          per_page: int, descending: bool = False, scalars: bool = False) -> KeysetPage:
    """One page of `query` sorted on `keys` (every key in the same direction, the last one unique)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    direction, values = decode(cursor, keys) if cursor else ("next", None)
    backwards = direction == "prev"
    if values is not None:
        row = tuple_(*[key.column for key in keys])
        edge = tuple_(*[literal(value, key.column.type) for value, key in zip(values, keys, strict=True)])
        query = query.where(row < edge if descending != backwards else row > edge)
    query = ordered(query, keys, descending != backwards).limit(per_page + 1)
    result = db.session.execute(query)
    rows = list(result.unique().scalars() if scalars else (tuple(r) for r in result.unique()))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    has_next = (values is not None) if backwards else more
    has_prev = more if backwards else values is not None
    return KeysetPage(
        items=rows, per_page=per_page,
        next_cursor=encode("next", values_of(rows[-1])) if rows and has_next else None,
        prev_cursor=encode("prev", values_of(rows[0])) if rows and has_prev else None)


def capped_count(query: Select, cap: int = COUNT_CAP) -> int:
    """How many rows match, counting at most cap + 1 (the page shows "1000+" beyond the cap)."""
    return int(db.session.scalar(select(capped_count_of(query, cap))) or 0)


def capped_count_of(query: Select, cap: int = COUNT_CAP):
    """capped_count as a scalar subquery, for a page that reads several counts in one statement."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    return select(func.count()).select_from(limited).scalar_subquery()


def counts_at_once(**counts) -> dict[str, int]:
    """Several counts (scalar subqueries) read in one statement: one round trip instead of one per counter."""
    row = db.session.execute(select(*(count.label(name) for name, count in counts.items()))).one()
    return {name: int(value or 0) for name, value in zip(counts, row, strict=True)}


def page_of_sorted(items: Sequence, values_of: Callable[[Any], Sequence[Any]], kinds: Sequence[type], *,
                   cursor: str | None, per_page: int) -> KeysetPage:
    """One page of a list already sorted ascending on values_of(item) (unique), with the same cursors and links as
    fetch(): for a ranking computed in Python over a bounded set (the partner registry), never over a table."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    direction, values = decode_kinds(cursor, kinds) if cursor else ("next", None)

    def key(item: Any) -> tuple:  # asked of a few items only, by the bisection
        return tuple(values_of(item))

    if values is None:
        start = 0
    elif direction == "next":
        start = bisect_right(items, tuple(values), key=key)
    else:
        start = max(0, bisect_left(items, tuple(values), key=key) - per_page)
    end = min(len(items), start + per_page) if direction == "next" or values is None else \
        bisect_left(items, tuple(values), key=key)
    rows = list(items[start:end])
    return KeysetPage(
        items=rows, per_page=per_page,
        next_cursor=encode("next", values_of(rows[-1])) if rows and end < len(items) else None,
        prev_cursor=encode("prev", values_of(rows[0])) if rows and start > 0 else None)

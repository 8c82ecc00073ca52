"""The indicators' figures, computed once per set of filters and version of the data, then read from the database.

``indicator_data_version`` holds one number that goes up after every commit that changed a table the figures are
computed from (SOURCES): each flush that writes such a row marks its session, and the session's commit, once done,
adds one (in a short transaction of its own, so writers never wait on that row while they work). The version goes
up AFTER the commit, so figures stored under a version were computed from data at least as new as that version:

- a request reads the version and, in the same statement, the figures stored for its filters at that version;
- if there are none, it computes them (the page's GROUP BY queries) and stores them under the version it read,
  with the time it read it ("figures as of"); a row per set of filters, replaced only by a newer version. On
  PostgreSQL, requests that miss the same figures at once wait for the first one (an advisory lock held until its
  commit) and read what it stored; when figures were stored for them before (another version, or over an hour
  old), those are served meanwhile, with their time, instead.

A write committed while a request computes either shows in its figures or not, but it bumps the version after its
commit, so the next request computes again, unless figures of an older version were computed less than
INDICATORS_STALE_SECONDS ago (default five minutes; the page says when): those are served, since with writes every
few seconds the figures would otherwise be computed on nearly every view. A session holding uncommitted changes to
the sources (a test, an operation that reads its own writes) computes and stores nothing. Bulk SQL outside the ORM (the bench generator, a
repair) must bump the version itself: ``flask refresh-totals`` does. Stored in the database, the figures serve every
worker of every host alike; a format number in the key keeps a new release from reading an older one's rows.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import chain
from typing import Any

from flask import current_app
from sqlalchemy import Connection, delete, event, func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session, object_mapper
from sqlalchemy.orm.exc import UnmappedInstanceError

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import IndicatorDataVersion, IndicatorFigures

log = logging.getLogger(__name__)

FORMAT = 2
# Figures older than this are computed again even at the same version: a bump lost (a crash between a commit and
# its bump, bulk SQL that forgot it) leaves figures out of date for an hour at most.
MAX_AGE = timedelta(hours=1)
# Every table the figures read (a test checks the page's statements against it).
SOURCES = frozenset({
    "applications", "participants", "stay_reports", "funding_lines", "final_reports", "decisions", "calls",
    "programs", "organisations", "regions", "travel_legs", "offset_purchases", "indicator_totals",
})
CHANGED = "indicator_sources_changed"
COMMITTED = "indicator_sources_committed"
STORED = "indicator_figures_stored"  # this session stored figures its request must commit
BUMP = ("INSERT INTO indicator_data_version (id, version) VALUES (1, 1)"
        " ON CONFLICT (id) DO UPDATE SET version = indicator_data_version.version + 1")


# --- the version -------------------------------------------------------------------------------------------------

def _is_source(instance) -> bool:
    try:
        mapper = object_mapper(instance)
    except UnmappedInstanceError:
        return False
    return any(getattr(table, "name", None) in SOURCES for table in mapper.tables)


def _after_flush(session: Session, _context) -> None:
    if session.info.get(CHANGED):
        return
    dirty = (instance for instance in session.dirty if session.is_modified(instance))
    if any(_is_source(instance) for instance in chain(session.new, dirty, session.deleted)):
        session.info[CHANGED] = True


def _on_execute(state: ORMExecuteState) -> None:
    """Bulk INSERT, UPDATE or DELETE through the session (``session.execute(update(Model)…)``)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in SOURCES:
            state.session.info[CHANGED] = True


def mark_changed(session: Session | None = None) -> None:
    """Raw SQL that changed the sources in this session: bump the version after its commit."""
    (session or db.session).info[CHANGED] = True


def bump(bind) -> None:
    """One more version: on a connection inside its transaction (tests), else in a transaction of its own."""
    if isinstance(bind, Connection):
        bind.execute(text(BUMP))
        return
    with bind.begin() as connection:
        connection.execute(text(BUMP))


def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        session.info[COMMITTED] = True


def _after_transaction_end(session: Session, transaction) -> None:
    """The bump runs once the committed transaction has given its connection back (SQLAlchemy ends a transaction
    after releasing its connections): bumping from after_commit took a second connection while the first was still
    held, and twenty writers on a pool of fifteen then waited for each other until the pool's timeout."""
    if transaction.parent is not None:
        return
    session.info.pop(CHANGED, None)  # rolled back: nothing changed (a commit has moved it to COMMITTED)
    if session.info.pop(COMMITTED, False):
        try:
            bump(session.get_bind())
        except Exception:  # the commit is done; the figures stored age out (MAX_AGE) if the bump cannot be written
            log.exception("could not bump the indicators' data version")


def keep_current() -> None:
    """Hook the version to every ORM session (create_app calls it; once is enough)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_execute)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)


def current_version() -> int:
    return db.session.execute(select(func.coalesce(func.max(IndicatorDataVersion.version), 0))).scalar_one()


# --- the figures, as JSON ------------------------------------------------------------------------------------------

def encode(value: Any) -> Any:
    """JSON of dataclasses, decimals, dates, tuples and dicts with keys of any type; decode() gives them back."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"$": type(value).__name__,
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, tuple):
        return {"$p": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$m": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store {type(value).__name__} among the indicators' figures")


def decode(value: Any, classes: dict[str, type]) -> Any:
    if isinstance(value, list):
        return [decode(item, classes) for item in value]
    if not isinstance(value, dict):
        return value
    if "$" in value:
        return classes[value["$"]](**{name: decode(item, classes) for name, item in value["f"].items()})
    if "$d" in value:
        return Decimal(value["$d"])
    if "$t" in value:
        return datetime.fromisoformat(value["$t"])
    if "$p" in value:
        return tuple(decode(item, classes) for item in value["$p"])
    return {decode(k, classes): decode(v, classes) for k, v in value["$m"]}


# --- read or compute -----------------------------------------------------------------------------------------------

def key_of(name: str, arguments: dict[str, Any]) -> str:
    return f"{FORMAT}:{name}:" + json.dumps(arguments, sort_keys=True, separators=(",", ":"))


def _upsert(key: str, version: int, computed_at: datetime, figures: str):
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(IndicatorFigures).values(key=key, version=version, computed_at=computed_at, figures=figures)
    return statement.on_conflict_do_update(
        index_elements=[IndicatorFigures.key],
        set_={"version": statement.excluded.version, "computed_at": statement.excluded.computed_at,
              "figures": statement.excluded.figures},
        where=(IndicatorFigures.version < statement.excluded.version)
        | ((IndicatorFigures.version == statement.excluded.version)
           & (IndicatorFigures.computed_at < statement.excluded.computed_at)))


@dataclass(frozen=True)
class Found:
    """What lookup() found: the current version (None when this session may not read or store figures), and the
    value stored for the key at that version with the time it was computed (None when there is none); else the
    value last stored for the key, no longer current (older than MAX_AGE, or of another version when stale figures
    may be served at all), with its time."""

    version: int | None
    value: Any = None
    computed_at: datetime | None = None
    older: Any = None
    older_at: datetime | None = None


def lookup(key: str, classes: Iterable[type] = ()) -> Found:
    """The current version and the value stored for this key at it, in one statement, or at an older version when
    it was computed less than INDICATORS_STALE_SECONDS ago (the page says when). A session with uncommitted changes
    to the sources neither reads nor stores (its figures must count its own changes)."""
    if db.session.info.get(CHANGED):
        return Found(None)
    now = utcnow()
    versions = select(func.coalesce(func.max(IndicatorDataVersion.version), 0).label("version")).subquery()
    version, stored_version, figures, computed_at = db.session.execute(
        select(versions.c.version, IndicatorFigures.version, IndicatorFigures.figures, IndicatorFigures.computed_at)
        .select_from(versions.outerjoin(IndicatorFigures, IndicatorFigures.key == key))).one()
    if figures is None:
        return Found(version)
    try:
        value = decode(json.loads(figures), {cls.__name__: cls for cls in classes})
    except (KeyError, TypeError, ValueError):
        log.warning("indicators' figures stored under %s could not be read; computing them again", key)
        return Found(version)
    stale_for = serve_stale_for()
    current = stored_version == version or bool(stale_for and computed_at >= now - stale_for)
    if current and computed_at >= now - MAX_AGE:
        return Found(version, value, computed_at)
    if stored_version == version or stale_for:  # with no window (0), changed data is never served once known
        return Found(version, older=value, older_at=computed_at)
    return Found(version)


def computed_elsewhere(key: str) -> bool:
    """On PostgreSQL, whether another request is computing this key's value (it holds the key's lock until its
    commit); when none is, this request takes the lock and computes it. Elsewhere: never."""
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    return not db.session.scalar(select(func.pg_try_advisory_xact_lock(func.hashtext(key))))


def serve_stale_for() -> timedelta:
    """How long figures stay served after the data changed (INDICATORS_STALE_SECONDS; 0: never)."""
    return timedelta(seconds=max(0, int(current_app.config.get("INDICATORS_STALE_SECONDS") or 0)))


def store(key: str, version: int | None, computed_at: datetime, value: Any) -> None:
    """Keep a value computed from data at least as new as `version` (the caller commits); nothing when version is
    None (a session with uncommitted changes). Rows older than MAX_AGE, which no lookup reads any more, go: the
    table holds the filter sets asked for within the last hour, not every set ever asked for."""
    if version is None or db.session.info.get(CHANGED):
        return
    db.session.execute(delete(IndicatorFigures).where(IndicatorFigures.computed_at < computed_at - MAX_AGE))
    db.session.execute(_upsert(key, version, computed_at, json.dumps(encode(value), separators=(",", ":"))))
    db.session.info[STORED] = True


def commit_if_stored() -> None:
    """Commit the figures this request stored. A request that only read them commits nothing: its read
    transaction ends with the request, and the signed-in user it loaded is not read a second time for the page."""
    if db.session.info.pop(STORED, False):
        db.session.commit()


def stored_or_computed(key: str, compute: Callable[[], Any], classes: Iterable[type]) -> tuple[Any, datetime,
                                                                                                 int | None]:
    """The value for this key at the current version, the time it was computed and that version: read when stored,
    else computed and stored (the caller commits); while another request computes it, the value last stored, with
    its time and no version (what is made from it is not to be stored)."""
    found = lookup(key, classes)
    if found.value is None and found.version is not None and db.session.get_bind().dialect.name == "postgresql":
        if found.older is None:
            # Requests that miss together wait for the first to compute and store (its commit ends the lock), then
            # read its value, instead of all computing it at once on the same cores.
            db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
        elif computed_elsewhere(key):
            # Another request is computing newer figures (about a second at full size): the last ones stored are
            # served meanwhile, with their time, rather than holding every reader until it is done.
            return found.older, found.older_at, None
        found = lookup(key, classes)
    if found.value is not None:
        return found.value, found.computed_at, found.version
    computed_at = utcnow()
    value = compute()
    store(key, found.version, computed_at, value)
    return value, computed_at, found.version

"""Embedded SQLite under concurrent posts: a transaction that read and then writes after another request wrote
fails at once with "database is locked" (SQLite gives up instead of deadlocking, whatever the busy timeout). Such a
request changed nothing, so it is run again from the start, a few times, with a short pause; a request that already
committed, or that carries a file (its stream is read), is never run twice. What still fails is a clear 409.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, g, has_app_context, request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

# Each round of retries lets at least one of the writers through, so eight posts at once may need eight rounds (five
# left the last one or two a 409 on a busy machine); the pauses grow, at most about 5 s in all.
ATTEMPTS = 12
PAUSE_SECONDS = 0.05


def is_sqlite_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig).lower()


def retry_when_busy(view: Callable, rollback: Callable[[], None]) -> Callable:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        for attempt in range(1, ATTEMPTS + 1):
            g.pop("committed", None)
            try:
                return view(*args, **kwargs)
            except OperationalError as error:
                if not is_sqlite_busy(error) or attempt == ATTEMPTS or g.get("committed") or request.files:
                    raise
                rollback()
                time.sleep(PAUSE_SECONDS * attempt * (1 + random.random()))  # noqa: S311 (jitter, not a secret)
        raise AssertionError("unreachable")

    return wrapped


def init_retry(app: Flask, rollback: Callable[[], None]) -> None:
    """Wrap every view of an app on SQLite (PostgreSQL waits on row locks instead and needs none of this)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = retry_when_busy(view, rollback)


@event.listens_for(Session, "after_commit")
def _remember_commit(_session) -> None:
    if has_app_context():  # commands and scripts commit outside any request
        g.committed = True

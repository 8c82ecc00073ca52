"""Flask extensions, created unbound and initialised by create_app."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

SQLITE_BUSY_TIMEOUT_MS = 10_000

Factory = Callable[[Mapping[str, Any]], Any]


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked, per connection; and let SQLAlchemy, not pysqlite, open
    transactions, so that BEGIN and SAVEPOINT behave as documented (SQLAlchemy's pysqlite recipe)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Concurrent requests on the embedded default: wait for a writer instead of failing at once, and let
        # readers read while one writes (WAL; an in-memory database keeps its own journal and ignores it).
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


class Services:
    """The portal's replaceable services, one place to get them: document storage, mail transport and clock.

    Each is built once per app from its config by the factory given to :meth:`init_app` and kept in
    ``app.extensions["portal_services"]``; :meth:`replace` swaps one for a test or a command, and gives the old
    ones back when it ends.
    """

    KEY = "portal_services"

    def init_app(self, app: Flask, *, storage: Factory, mail_transport: Factory, clock: Factory) -> None:
        app.extensions[self.KEY] = {"factories": {"storage": storage, "mail_transport": mail_transport,
                                                  "clock": clock}, "built": {}}

    def _get(self, name: str) -> Any:
        slot = current_app.extensions[self.KEY]
        if name not in slot["built"]:
            slot["built"][name] = slot["factories"][name](current_app.config)
        return slot["built"][name]

    @property
    def storage(self) -> Any:
        return self._get("storage")

    @property
    def mail_transport(self) -> Any:
        return self._get("mail_transport")

    @property
    def clock(self) -> Any:
        return self._get("clock")

    @contextmanager
    def replace(self, app: Flask, **services: Any) -> Iterator[None]:
        built = app.extensions[self.KEY]["built"]
        saved = dict(built)
        built.update(services)
        try:
            yield
        finally:
            built.clear()
            built.update(saved)


services = Services()

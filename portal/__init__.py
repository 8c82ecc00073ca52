"""Mobility portal: application factory (wiring only)."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from portal import config as settings
from portal import models  # noqa: F401  (every model on db.metadata, for Alembic and the app)
from portal.core.clock import Clock
from portal.extensions import bootstrap, csrf, db, limiter, login_manager, migrate, services
from portal.notifications.transports import make_transport
from portal.storage import make_storage


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    os.makedirs(app.instance_path, exist_ok=True)
    init_extensions(app)
    # Loaded when an app is built, not when `portal` is imported: the web layer and the commands import every
    # feature, while Alembic, scripts and the pure funding tests import portal.models or portal.funding alone.
    from portal.cli import register_cli
    from portal.funding import carbon_summary
    from portal.indicators import figures as indicator_figures
    from portal.indicators import stages as indicator_stages
    from portal.indicators import summary as indicator_summary
    from portal.partners import obligation_summary, reciprocity_summary
    from portal.web.setup import init_web

    carbon_summary.keep_current()
    reciprocity_summary.keep_current()
    obligation_summary.keep_current()
    indicator_summary.keep_current()
    indicator_stages.keep_current()
    indicator_figures.keep_current()
    init_web(app)
    register_cli(app)
    return app


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    services.init_app(app, storage=make_storage, mail_transport=make_transport, clock=lambda _config: Clock())


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.update(settings.defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.from_environment(dict(os.environ)))
    if overrides:
        app.config.update(overrides)
    if app.config.get("PORTAL_ENV") == "production":
        app.config["DEBUG"] = False
        app.config.setdefault("SESSION_COOKIE_SECURE", True)
        app.config["SESSION_COOKIE_SECURE"] = True
    if not app.config.get("MAX_CONTENT_LENGTH"):
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + settings.UPLOAD_REQUEST_OVERHEAD
    settings.check_production(app.config)
    settings.apply_production_defaults(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.development_secret(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// and postgresql:// forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url

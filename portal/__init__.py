"""Mobility portal: application factory (wiring only)."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask

from . import config as settings
from .extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import models  # noqa: F401  (registers every model on db.metadata)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)

    from .i18n import init_i18n
    from .web import init_web

    init_i18n(app, babel)
    init_web(app)
    register_blueprints(app)

    from .cli import register_cli
    from .mail import init_mail

    register_cli(app)
    init_mail(app)
    return app


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
    settings.check_production(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.development_secret(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// and postgresql:// forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def register_blueprints(app: Flask) -> None:
    from .admin.routes import bp as admin_bp
    from .applications import bp as applications_bp
    from .audit.routes import bp as audit_bp
    from .auth.routes import bp as auth_bp
    from .main.routes import bp as main_bp
    from .partners import bp as partners_bp
    from .reports import bp as reports_bp
    from .review.routes import bp as review_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/compte")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(applications_bp, url_prefix="/projets")
    app.register_blueprint(partners_bp, url_prefix="/partenaires")
    app.register_blueprint(reports_bp, url_prefix="/rapports")
    app.register_blueprint(review_bp, url_prefix="/examen")
    app.register_blueprint(audit_bp, url_prefix="/journal")

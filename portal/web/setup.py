"""Request-level wiring of the app: log-in, language, template helpers, security headers, error pages, mail sent
after commit, and the blueprints of every feature (registered here, one way)."""
from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request

from portal.accounts.views import bp as accounts
from portal.applications.views import bp as applications
from portal.audit.trail import ORIGIN_KEY
from portal.audit.views import bp as audit
from portal.documents.views import bp as documents
from portal.extensions import babel, db
from portal.funding.views import bp as funding
from portal.i18n import current_language, money, role_label, status_label
from portal.notifications import send_pending
from portal.partners.views import bp as partners
from portal.reports.views import bp as reports
from portal.review.views import bp as review
from portal.web.converters import BoundedIntegerConverter
from portal.web.errors import init_errors
from portal.web.headers import add_security_headers
from portal.web.locale import select_locale
from portal.web.login import init_login
from portal.web.navigation import nav_items
from portal.web.retry import init_retry
from portal.web.views import bp as web

BLUEPRINTS = (web, accounts, applications, documents, funding, partners, reports, review, audit)


def init_web(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    init_login(app)
    app.jinja_env.globals.update(nav_items=nav_items, status_label=status_label, role_label=role_label,
                                 current_language=current_language)
    app.jinja_env.filters["money"] = money
    app.extensions[ORIGIN_KEY] = remote_address
    app.after_request(add_security_headers)
    app.after_request(send_mail_after_commit)
    init_errors(app)
    app.url_map.converters["int"] = BoundedIntegerConverter  # before the routes are added
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_retry(app, lambda: db.session.rollback())


def send_mail_after_commit(response):
    """Views commit before returning; only then is the queued mail real."""
    if g.pop("mail_committed", False):
        send_pending(current_app._get_current_object(), limit=50)
    return response


def remote_address() -> str | None:
    return request.remote_addr if has_request_context() else None

"""Request-level wiring of the app: log-in, language, template helpers, security headers, error pages, mail sent
after commit, and the blueprints of every feature (registered here, one way)."""
from __future__ import annotations

import time

from flask import Flask, current_app, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.accounts.views import bp as accounts
from portal.api.views import bp as api
from portal.applications.views import bp as applications
from portal.audit.trail import ORIGIN_KEY
from portal.audit.views import bp as audit
from portal.care.views import bp as care
from portal.documents.views import bp as documents
from portal.extensions import babel, db
from portal.funding.views import bp as funding
from portal.funding.views import trips_bp as trips
from portal.i18n import current_language, formatting, money, role_label, status_label, translation
from portal.indicators.views import bp as indicators
from portal.notifications import send_pending
from portal.partners.views import bp as partners
from portal.privacy.views import bp as privacy
from portal.reports.views import bp as reports
from portal.review.views import bp as review
from portal.web.converters import BoundedIntegerConverter
from portal.web.errors import init_errors
from portal.web.file_check import file_check_attributes
from portal.web.forms import init_form_helpers
from portal.web.headers import add_security_headers
from portal.web.locale import select_locale
from portal.web.login import init_login
from portal.web.navigation import nav_items, nav_menu
from portal.web.received import PortalRequest
from portal.web.retry import init_retry
from portal.web.transactions import end_read_only_transaction
from portal.web.views import bp as web

BLUEPRINTS = (web, accounts, applications, documents, funding, trips, partners, reports, review, audit, care, privacy,
              indicators, api)


def init_web(app: Flask) -> None:
    app.request_class = PortalRequest
    init_proxy(app)
    babel.init_app(app, locale_selector=select_locale)
    translation.install(app, babel)
    init_login(app)
    app.jinja_env.globals.update(nav_items=nav_items, nav_menu=nav_menu, status_label=status_label, role_label=role_label,
                                 current_language=current_language, file_check_attributes=file_check_attributes)
    app.jinja_env.filters.update(  # after Babel's own filters, which these replace
        money=money, number=formatting.number, kg=formatting.kilograms, dateformat=formatting.date_filter,
        datetimeformat=formatting.datetime_filter, money_input=formatting.cents_for_input)
    init_form_helpers(app)
    app.extensions[ORIGIN_KEY] = remote_address
    app.before_request(note_request_start)
    app.after_request(hold_response)  # registered first, so it runs last (after the mail is sent)
    app.after_request(add_security_headers)
    app.after_request(send_mail_after_commit)
    app.teardown_request(end_read_only_transaction)
    init_errors(app)
    app.url_map.converters["int"] = BoundedIntegerConverter  # before the routes are added
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_retry(app, lambda: db.session.rollback())


def init_proxy(app: Flask) -> None:
    """Behind a reverse proxy, trust its X-Forwarded-* headers (so per-address limits see the client, not the
    proxy), as many hops as configured; with 0 (the default) the headers are ignored, since a client can send them."""
    hops = {name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}") or 0) for name in ("for", "proto", "host")}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops["for"], x_proto=hops["proto"], x_host=hops["host"])


def hold_response(response):
    """A view that must not reveal by its timing what it found (forgot-password) sets ``g.min_response_seconds``:
    the response, mail sending included, is held until then."""
    floor = g.pop("min_response_seconds", None)
    started = g.get("request_started")
    if floor and started is not None:
        time.sleep(max(0.0, floor - (time.monotonic() - started)))
    return response


def note_request_start() -> None:
    g.request_started = time.monotonic()


def send_mail_after_commit(response):
    """Views commit before returning; only then is the queued mail real."""
    if g.pop("mail_committed", False):
        send_pending(current_app._get_current_object(), limit=50)
    return response


def remote_address() -> str | None:
    return request.remote_addr if has_request_context() else None

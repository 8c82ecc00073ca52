"""Helpers for driving the app like a browser: CSRF tokens, log-in."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import Connection
from sqlalchemy.orm import scoped_session
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from tests.factories import PASSWORD

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/compte/connexion") -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post(client, url: str, data: dict | None = None, token_from: str | None = None, **kwargs):
    """POST a form the way a browser would: with the CSRF token of the page."""
    form = dict(data or {})
    form.setdefault("csrf_token", csrf_token(client, token_from or url))
    return client.post(url, data=form, **kwargs)


HIDDEN_PATTERN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def confirmation_fields(response) -> list[tuple[str, str]]:
    """The fields of the confirmation form (portal/templates/_confirm.html) a 428 answer shows."""
    assert response.status_code == 428, response.status_code
    page = response.get_data(as_text=True)
    form = page[page.index('id="confirm-form"'):]
    form = form[:form.index("</form>")]
    return [(name, html.unescape(value)) for name, value in HIDDEN_PATTERN.findall(form)]


def post_confirmed(client, url: str, data: dict | None = None, token_from: str | None = None, **kwargs):
    """POST a form that asks for confirmation, then confirm it, as a person would: the first answer is the
    confirmation (428), whose form is posted; any other first answer (a refusal) is returned as it is."""
    first = post(client, url, data, token_from, **kwargs)
    if first.status_code != 428:
        return first
    return client.post(url, data=MultiDict(confirmation_fields(first)), **kwargs)


def login(client, user, password: str = PASSWORD):
    response = post(client, "/compte/connexion", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


class FreshRequestClient(FlaskClient):
    """A test client whose every request (and every redirect hop) starts with an empty ``flask.g`` and its own
    database session, as a request does in production.

    The suite's per-test fixture keeps one app context pushed for the whole test, and Flask reuses a pushed app
    context for requests, so ``g`` and the app context's ``db.session`` would be shared by every request of the test:
    Flask-Login's cached user, Flask-WTF's CSRF token and Flask-Babel's locale would leak from one request, and from
    one client, to the next; and an object already in the test's session (built by a factory, or loaded by an
    earlier request) would come back from a request's query as it was, without the eager loads that query declares
    (a lazy load then raises, SQLALCHEMY_RAISELOAD).

    So each request runs in a fresh session on the test's connection (``connection_session``): the test's session is
    committed first, as the data a browser finds was committed before (its savepoint is released; the commit hooks
    run, e.g. the indicators' data version moves), the request's session is removed afterwards (its savepoint
    closed; what it committed stays in the test's outer transaction, rolled back at the end of the test) and the
    test's session is expired, so the test reads what the request committed.

    A streamed response (the exports) is read to its end before the call returns, as a browser would: left unread,
    its generator kept the request context it pushed until the garbage collector closed it, in the middle of a later
    test, whose own request context it then popped (a 500 in an unrelated test, now and then). It is read in the
    request's session, before that session is removed.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        if not has_app_context() or not isinstance(db.session(), ConnectionBoundSession):
            if has_app_context():
                vars(g._get_current_object()).clear()
            return super().open(*args, **kwargs)  # an app of its own (no per-test transaction)
        test_session = db.session
        test_session.commit()  # a savepoint released: what the test built is there, and its commit hooks have run
        vars(g._get_current_object()).clear()
        db.session = connection_session(test_session.bind)
        try:
            return super().open(*args, **kwargs)
        finally:
            db.session.remove()
            db.session = test_session
            test_session.expire_all()


def fresh_client(app) -> FreshRequestClient:
    return FreshRequestClient(app, app.response_class, use_cookies=True)


ALERT_PATTERN = re.compile(r'<div class="alert [^"]*" role="alert">(.*?)</div>', re.S)
LINK_PATTERN = re.compile(r"https?://\S+")


def flashes(response) -> list[str]:
    """The flash messages shown on a page."""
    return [text.strip() for text in ALERT_PATTERN.findall(response.get_data(as_text=True))]


def choose_language(client, lang: str) -> None:
    """Pick the interface language the way the language button does."""
    response = post(client, f"/langue/{lang}", {"next": "/"}, token_from="/compte/connexion")
    assert response.status_code == 302, response.status_code


def mail_text(message) -> str:
    """The decoded text body of a message received by the test SMTP server."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def mail_links(message) -> list[str]:
    return LINK_PATTERN.findall(mail_text(message))


class ConnectionBoundSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's Session.get_bind() ignores the session's own ``bind`` and returns the app's engine, so
    a session made with ``bind=connection`` still runs (and commits) its ORM work on other pooled connections."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


def connection_session(connection: Connection) -> scoped_session:
    """A scoped session (what ``db.session`` is) whose sessions work on this connection, inside its transaction:
    a session's commit releases a savepoint (the test's transaction, tests/conftest.py, and each test request)."""
    return db._make_scoped_session({"bind": connection, "join_transaction_mode": "create_savepoint",
                                    "class_": ConnectionBoundSession})


def page_language(response) -> str | None:
    """The language of a page, from <html lang="…"> (the language button carries the other language)."""
    match = re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True))
    return match.group(1) if match else None


def mail_subject(message) -> str:
    """The decoded subject of a received message (non-ASCII subjects arrive RFC 2047-encoded)."""
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def count(model, **where) -> int:
    """How many rows of `model` match the equality filters."""
    from sqlalchemy import func, select

    from portal.extensions import db

    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def application_state(application) -> tuple:
    """Everything a refused (or rolled back) decision must leave as it was, read from the database:
    status, version, lines, the call's commitment and the number of decisions, audit events and mails."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Application, AuditEvent, Call, Decision, FundingLine, MailMessage

    db.session.flush()
    row = db.session.execute(select(Application.status, Application.version, Application.decided_at)
                             .where(Application.id == application.id)).one()
    lines = db.session.execute(select(FundingLine.id, FundingLine.requested_cents, FundingLine.approved_cents)
                               .where(FundingLine.application_id == application.id)
                               .order_by(FundingLine.id)).all()
    committed = db.session.scalar(select(Call.committed_cents).where(Call.id == application.call_id))
    return (tuple(row), tuple(map(tuple, lines)), committed,
            count(Decision, application_id=application.id),
            count(AuditEvent, object_type="application", object_id=application.id),
            count(MailMessage))


class _FileCheckForms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = attributes if "data-file-check" in attributes else None
            if self._form is not None:
                self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attributes.get("type") == "file":
            self._form["file-accept"] = attributes.get("accept", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def file_check_forms(html: str) -> list[dict[str, str]]:
    """The forms whose chosen file the browser checks before sending (static/upload.js): their attributes, and
    their file input's accept list as "file-accept"."""
    parser = _FileCheckForms()
    parser.feed(html)
    return parser.forms


def summary_in_step(summary) -> dict:
    """A summary module's rows as stored after a flush, checked against its from-scratch computation; returned for
    further assertions (portal/funding/carbon_summary.py, portal/partners/*_summary.py, bookings.py)."""
    db.session.flush()
    stored = summary.stored()
    assert stored == summary.from_scratch()
    return stored


def in_own_context(app, action):
    """Run `action` in an app context of its own, with a session bound to the engine (its own connection and
    transaction, as a request of another host has), removed afterwards: for the tests that commit for real."""
    with app.app_context():
        try:
            return action()
        finally:
            db.session.remove()

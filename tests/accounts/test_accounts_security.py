"""Issue 12, account security: links from PUBLIC_BASE_URL, trusted hosts, proxy headers, reset mail limit,
forgot-password timing, password policy, no-store on authenticated answers."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import request
from sqlalchemy import func, select

from portal import create_app
from portal.accounts import operations as accounts
from portal.accounts.password_policy import is_common, password_problems
from portal.config import ConfigError
from portal.extensions import db
from portal.models import AuthToken, MailMessage, TokenPurpose
from tests.conftest import make_config
from tests.factories import PASSWORD
from tests.helpers import csrf_token, fresh_client, login, post

STRONG_KEY = "k" + "Zx8#pQ2m" * 6


def production_config(tmp_path, **overrides) -> dict:
    return make_config(f"sqlite:///{tmp_path}/unused.sqlite3", str(tmp_path), 25, PORTAL_ENV="production",
                       SECRET_KEY=STRONG_KEY, SERVER_NAME=None, **overrides)


# --- public address, trusted hosts, proxy -----------------------------------------------------------------------

@pytest.mark.no_db
def test_production_refuses_to_start_without_a_public_https_address(tmp_path):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app(production_config(tmp_path))
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app(production_config(tmp_path, PUBLIC_BASE_URL="http://mobilite.example"))


@pytest.mark.no_db
def test_production_answers_only_to_the_host_of_its_public_address(tmp_path):
    app = create_app(production_config(tmp_path, PUBLIC_BASE_URL="https://mobilite.example"))
    assert app.config["TRUSTED_HOSTS"] == ["mobilite.example"]
    client = app.test_client()
    assert client.get("/sante", base_url="https://mobilite.example").status_code == 200
    assert client.get("/sante", base_url="https://evil.example").status_code == 400


def test_a_reset_mail_link_uses_the_public_address_whatever_the_host_header(app, factories, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://mobilite.example")
    monkeypatch.setitem(app.config, "FORGOT_PASSWORD_SECONDS", 0)
    user = factories.user("staff", organisation=factories.centre())
    browser = fresh_client(app)
    response = post(browser, "/compte/mot-de-passe-oublie", {"email": user.email},
                    headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"})
    assert response.status_code == 302
    body = db.session.scalar(select(MailMessage.body_text).where(MailMessage.recipient == user.email))
    assert "https://mobilite.example/compte/reinitialiser/" in body
    assert "evil.example" not in body and "portail.test" not in body


@pytest.mark.no_db
def test_proxy_headers_are_ignored_unless_configured(tmp_path):
    config = make_config(f"sqlite:///{tmp_path}/u.sqlite3", str(tmp_path), 25, SERVER_NAME=None)
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.9")):
        app = create_app(config | {"PROXY_FIX_X_FOR": hops})
        with app.test_client() as client:
            client.get("/sante", headers={"X-Forwarded-For": "203.0.113.9"})
            assert request.remote_addr == expected


# --- reset mails ------------------------------------------------------------------------------------------------

def test_at_most_three_reset_mails_per_account_and_hour(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    with app.test_request_context():
        for _ in range(5):
            accounts.request_password_reset(user.email.upper())
    issued = db.session.scalar(select(func.count()).select_from(AuthToken).where(
        AuthToken.user_id == user.id, AuthToken.purpose == TokenPurpose.PASSWORD_RESET))
    assert issued == 3
    assert db.session.scalar(select(func.count()).select_from(MailMessage)
                             .where(MailMessage.recipient == user.email)) == 3


def test_forgot_password_takes_the_same_time_whether_or_not_the_account_exists(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    browser = fresh_client(app)
    durations: dict[str, list[float]] = {"unknown": [], "known": []}
    for _round in range(3):
        for label, email in (("unknown", "nobody.here@example.com"), ("known", user.email)):
            token = csrf_token(browser, "/compte/mot-de-passe-oublie")
            started = time.monotonic()
            response = browser.post("/compte/mot-de-passe-oublie", data={"email": email, "csrf_token": token})
            durations[label].append(time.monotonic() - started)
            assert response.status_code == 302
    floor = app.config["FORGOT_PASSWORD_SECONDS"]
    known, unknown = (sorted(durations[label])[1] for label in ("known", "unknown"))  # medians
    assert min(known, unknown) >= floor
    assert abs(known - unknown) < 0.2, durations


# --- passwords --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["passwordpassword", "123456789012", "Dragon123456!", "iloveyou1234",
                                      "qwertyqwerty"])
def test_common_and_breached_passwords_are_refused(app, password):
    with app.test_request_context():
        assert is_common(password)
        assert password_problems(password, "someone@example.com")


@pytest.mark.parametrize("password", ["jean.tremblay2026", "PortailMobilite!", "Mobilité 2026 !!",
                                      "jean.tremblay@cfp.qc.ca"])
def test_passwords_made_of_the_portal_name_or_the_email_are_refused(app, password):
    with app.test_request_context():
        assert password_problems(password, "jean.tremblay@cfp.qc.ca")


@pytest.mark.parametrize("password", ["correct horse battery staple", "Xk4#mP9!wQ2zT", "tremblant lune cuivre 7"])
def test_good_passwords_are_accepted(app, password):
    with app.test_request_context():
        assert password_problems(password, "jean.tremblay@cfp.qc.ca") == []


def test_the_shipped_list_is_large_and_offline(app):
    from portal.accounts.password_policy import common_passwords

    assert len(common_passwords()) >= 29_000
    assert {"123456", "password", "qwerty"} <= common_passwords()


def test_a_password_change_to_a_breached_password_is_refused_and_changes_nothing(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    before = user.password_hash
    browser = fresh_client(app)
    login(browser, user)
    response = post(browser, "/compte/mot-de-passe", {"current_password": PASSWORD, "password": "password1234",
                                                      "confirm": "password1234"})
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.password_hash == before


def test_a_reset_to_the_users_own_email_is_refused_and_the_link_still_works(app, factories):
    user = factories.user("staff", organisation=factories.centre(), email="marie.lavoie@cfp.example")
    with app.test_request_context():
        raw = accounts.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    db.session.commit()
    browser = fresh_client(app)
    url = f"/compte/reinitialiser/{raw}"
    assert post(browser, url, {"password": "marie.lavoie2026", "confirm": "marie.lavoie2026"}).status_code == 422
    assert post(browser, url, {"password": "tremblant lune cuivre 7",
                               "confirm": "tremblant lune cuivre 7"}).status_code == 302


# --- caching ----------------------------------------------------------------------------------------------------

def test_authenticated_json_and_pages_are_never_cached(app, factories):
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre)
    application = factories.application(centre_org=centre)
    browser = fresh_client(app)
    login(browser, staff)
    for url in (f"/projets/{application.id}/budget.json", "/accueil", "/sante"):
        response = browser.get(url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_anonymous_json_may_be_cached(client):
    assert "no-store" not in client.get("/sante").headers.get("Cache-Control", "")

"""Language, error pages, security headers and the health check."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from portal import create_app
from portal.extensions import db
from tests.conftest import make_config
from tests.helpers import (
    choose_language,
    csrf_token,
    fresh_client,
    login,
    page_language,
    post,
)

LOGIN = "/compte/connexion"
ERROR_CODE = re.compile(r'<h1 class="display-6">.*?<small class="text-muted">\((\d{3})\)</small></h1>', re.S)


@pytest.fixture
def client(app):
    return fresh_client(app)


@pytest.fixture
def own_app(tmp_path):
    """An app of its own (no database work), for routes and limits the suite's app must not get."""
    application = create_app(make_config("sqlite:///" + str(tmp_path / "unused.sqlite3"), str(tmp_path), 25,
                                         MAX_CONTENT_LENGTH=1024))

    @application.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail 4242")

    yield application
    with application.app_context():
        db.engine.dispose()


def h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def error_page_code(response) -> int | None:
    match = ERROR_CODE.search(response.get_data(as_text=True))
    return int(match.group(1)) if match else None


def assert_error_page(response, code: int) -> str:
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert error_page_code(response) == code
    html = response.get_data(as_text=True)
    assert "Traceback" not in html and "werkzeug" not in html.lower()
    return html


# Language ------------------------------------------------------------------------------------------------------

def test_login_page_is_french_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert page_language(response) == "fr"


def test_french_login_page_says_connexion(client):
    """French catalogue: "Log in" → "Connexion"."""
    assert h1(client.get(LOGIN)) == "Connexion"


def test_language_switch_to_english(client):
    response = post(client, "/langue/en", {"next": LOGIN}, token_from=LOGIN)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == LOGIN
    page = client.get(LOGIN)
    assert page_language(page) == "en"
    assert h1(page) == "Log in"


def test_language_switch_back_to_french(client):
    choose_language(client, "en")
    choose_language(client, "fr")
    assert page_language(client.get(LOGIN)) == "fr"


def test_language_button_offers_the_other_language(client):
    html = client.get(LOGIN).get_data(as_text=True)
    assert 'action="/langue/en"' in html
    choose_language(client, "en")
    assert 'action="/langue/fr"' in client.get(LOGIN).get_data(as_text=True)


def test_unknown_language_is_not_found(client):
    response = post(client, "/langue/de", {"next": LOGIN}, token_from=LOGIN)
    assert response.status_code == 404
    assert page_language(client.get(LOGIN)) == "fr"


def test_language_switch_needs_a_post(client):
    assert client.get("/langue/en").status_code == 405


def test_language_switch_redirects_only_within_the_site(client):
    response = post(client, "/langue/en", {"next": "//evil.example/x"}, token_from=LOGIN)
    assert response.headers["Location"] == "/accueil"


def test_language_choice_is_kept_after_login(client, factories):
    choose_language(client, "en")
    login(client, factories.user("staff", locale="fr"))
    assert page_language(client.get("/accueil")) == "en"


def test_profile_language_applies_when_no_choice_was_made(client, factories):
    login(client, factories.user("staff", locale="en"))
    assert page_language(client.get("/accueil")) == "en"


# Error pages ---------------------------------------------------------------------------------------------------

def test_not_found_page(client):
    html = assert_error_page(client.get("/cette-page-n-existe-pas"), 404)
    assert "Page introuvable" in html


def test_not_found_page_in_english(client):
    choose_language(client, "en")
    assert "Page not found" in assert_error_page(client.get("/no-such-page"), 404)


def test_forbidden_page(client, factories):
    login(client, factories.user("staff"))
    html = assert_error_page(client.get("/admin/utilisateurs"), 403)
    assert "Accès refusé" in html


def test_method_not_allowed_page(client):
    html = assert_error_page(client.get("/compte/deconnexion"), 405)
    assert "Méthode non autorisée" in html


def test_missing_csrf_token_gives_the_bad_request_page(client):
    html = assert_error_page(client.post(LOGIN, data={"email": "a@example.com", "password": "x"}), 400)
    assert "Requête invalide" in html


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and "error" in response.get_json()


@pytest.mark.no_db
def test_too_large_request_page(own_app):
    response = own_app.test_client().post(LOGIN, data={"email": "a@example.com", "password": "x" * 4096})
    html = assert_error_page(response, 413)
    assert "Fichier trop volumineux" in html


@pytest.mark.no_db
def test_server_error_page_hides_the_exception(own_app):
    response = own_app.test_client().get("/boom")
    html = assert_error_page(response, 500)
    assert "Erreur du serveur" in html
    assert "secret internal detail" not in html and "RuntimeError" not in html


@pytest.mark.no_db
def test_server_error_is_logged(own_app, caplog):
    own_app.logger.disabled = False  # migrations/env.py's logging.fileConfig may have disabled it
    with caplog.at_level("ERROR"):
        own_app.test_client().get("/boom")
    assert any(record.exc_info and "secret internal detail 4242" in str(record.exc_info[1])
               for record in caplog.records)


@pytest.mark.no_db
def test_server_error_page_in_english(own_app):
    browser = own_app.test_client()
    token = csrf_token(browser, LOGIN)
    browser.post("/langue/en", data={"csrf_token": token, "next": "/"})
    assert "Server error" in assert_error_page(browser.get("/boom"), 500)


# Security headers ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [LOGIN, "/cette-page-n-existe-pas", "/sante"])
def test_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_html_pages_are_not_cached(client):
    assert client.get(LOGIN).headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site(client):
    client.get(LOGIN)
    cookie = client.get_cookie("session", domain="portail.test")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


# Health --------------------------------------------------------------------------------------------------------

def test_health_check_answers_without_login(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_root_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == LOGIN


def test_root_sends_logged_in_users_home(client, factories):
    login(client, factories.user("staff"))
    assert urlsplit(client.get("/").headers["Location"]).path == "/accueil"

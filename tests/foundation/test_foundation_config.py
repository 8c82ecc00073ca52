"""Application factory and settings: production refuses weak secrets, the environment overrides files."""
from __future__ import annotations

import os
import secrets
import stat

import pytest

from portal import create_app, normalise_database_url
from portal.config import ConfigError, development_secret, from_environment, is_weak_secret
from tests.conftest import make_config

pytestmark = pytest.mark.no_db

STRONG_KEY = secrets.token_urlsafe(48)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """The settings under test must come from the test, not from the shell that runs it."""
    for name in ("SECRET_KEY", "PORTAL_ENV", "DATABASE_URL", "MAIL_PORT", "MAIL_USE_TLS", "MAX_CONTENT_LENGTH"):
        monkeypatch.delenv(name, raising=False)


def config(tmp_path, **overrides) -> dict:
    return make_config("sqlite:///" + str(tmp_path / "unused.sqlite3"), str(tmp_path), 25, **overrides)


def production(tmp_path, key) -> dict:
    return config(tmp_path, PORTAL_ENV="production", SECRET_KEY=key, PUBLIC_BASE_URL="https://portail.test")


@pytest.mark.parametrize("key", [None, ""], ids=["none", "empty"])
def test_production_refuses_a_missing_secret_key(tmp_path, key):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(production(tmp_path, key))


def test_production_refuses_a_short_secret_key(tmp_path):
    short = "aB3$xY9!" * 3 + "k2"  # 26 varied characters: still too short
    assert len(short) < 32
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(production(tmp_path, short))


@pytest.mark.parametrize("key", ["changeme" * 5, "a" * 64, "abcabcabc" * 5], ids=["changeme", "one-char", "abc"])
def test_production_refuses_a_long_low_entropy_secret_key(tmp_path, key):
    assert len(key) >= 32
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(production(tmp_path, key))


def test_production_refuses_a_weak_key_given_through_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "changeme" * 5)
    settings = config(tmp_path)
    del settings["SECRET_KEY"]
    with pytest.raises(ConfigError):
        create_app(settings)


def test_production_starts_with_a_strong_key_without_debug_and_with_secure_cookies(tmp_path):
    app = create_app(production(tmp_path, STRONG_KEY))
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["DEBUG"] is False
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_forces_debug_off_even_when_asked(tmp_path):
    app = create_app(production(tmp_path, STRONG_KEY) | {"DEBUG": True, "SESSION_COOKIE_SECURE": False})
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_sends_strict_transport_security(tmp_path):
    app = create_app(production(tmp_path, STRONG_KEY))
    response = app.test_client().get("/sante")
    assert response.status_code == 200
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_development_does_not_send_strict_transport_security(tmp_path):
    app = create_app(config(tmp_path, PORTAL_ENV="development"))
    assert "Strict-Transport-Security" not in app.test_client().get("/sante").headers


def test_a_random_token_is_not_a_weak_secret():
    assert not is_weak_secret(STRONG_KEY)


def test_development_secret_is_generated_strong_and_private(tmp_path):
    key = development_secret(str(tmp_path))
    assert not is_weak_secret(key)
    path = tmp_path / "secret_key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_development_secret_is_kept_across_restarts(tmp_path):
    first = development_secret(str(tmp_path))
    assert development_secret(str(tmp_path)) == first


def test_development_secrets_differ_between_instances(tmp_path):
    assert development_secret(str(tmp_path / "a")) != development_secret(str(tmp_path / "b"))


def test_environment_variable_overrides_default_and_is_typed(tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_PORT", "2525")
    settings = config(tmp_path)
    del settings["MAIL_PORT"]
    app = create_app(settings)
    assert app.config["MAIL_PORT"] == 2525


def test_explicit_factory_settings_win_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_PORT", "2525")
    app = create_app(config(tmp_path, MAIL_PORT=4650))
    assert app.config["MAIL_PORT"] == 4650


def test_environment_database_url_is_normalised_for_psycopg(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:pw@db.example:5432/portal")
    settings = config(tmp_path)
    del settings["DATABASE_URL"]
    app = create_app(settings)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://portal:pw@db.example:5432/portal"


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("false", False), ("no", False),
])
def test_boolean_environment_values(raw, expected):
    assert from_environment({"MAIL_USE_TLS": raw}) == {"MAIL_USE_TLS": expected}


def test_integer_environment_values_are_converted():
    assert from_environment({"MAIL_PORT": "587", "MAX_CONTENT_LENGTH": "1048576"}) == {
        "MAIL_PORT": 587, "MAX_CONTENT_LENGTH": 1048576}


def test_unknown_and_empty_environment_variables_are_ignored():
    assert from_environment({"HOME": "/root", "MAIL_SERVER": "", "SOMETHING_ELSE": "x"}) == {}


@pytest.mark.parametrize(("url", "expected"), [
    ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/portal.sqlite3", "sqlite:////tmp/portal.sqlite3"),
])
def test_normalise_database_url(url, expected):
    assert normalise_database_url(url) == expected

"""Settings: defaults < instance/config.py < environment variables.

Environment variables always win, so a deployment never needs to edit files.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MIN_SECRET_KEY_LENGTH = 32
UPLOAD_REQUEST_OVERHEAD = 1024 * 1024  # multipart headers and the other fields of a form that carries a file
WEAK_SECRET_KEYS = {"dev", "secret", "changeme", "change-me", "development", "test"}

# Settings that may be given through the environment, with their type.
ENV_SETTINGS: dict[str, type] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "STORAGE_BACKEND": str,
    "UPLOAD_FOLDER": str,
    "S3_BUCKET": str,
    "S3_ENDPOINT_URL": str,
    "S3_REGION": str,
    "S3_PUBLIC_ORIGIN": str,
    "MAIL_BACKEND": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_FOLDER": str,
    "MAX_CONTENT_LENGTH": int,
    "MAX_UPLOAD_BYTES": int,
    "RATELIMIT_STORAGE_URI": str,
    "PUBLIC_BASE_URL": str,
    "PARTNER_LINK_DAYS": int,
    "PRIVACY_OFFICER": str,
    "ACCESSIBILITY_CONTACT": str,
    "TRUSTED_HOSTS": list,
    "PROXY_FIX_X_FOR": int,
    "PROXY_FIX_X_PROTO": int,
    "PROXY_FIX_X_HOST": int,
    "REPORT_LINK_DAYS": int,
    "TOTP_REQUIRED_ROLES": list,
    "INDICATORS_STALE_SECONDS": int,
}


class ConfigError(RuntimeError):
    """The configuration cannot be used safely."""


def defaults(instance_path: str) -> dict[str, Any]:
    return {
        "PORTAL_ENV": os.environ.get("PORTAL_ENV", "development"),
        "DATABASE_URL": "sqlite:///" + str(Path(instance_path) / "portal.sqlite3"),
        "STORAGE_BACKEND": "local",
        "UPLOAD_FOLDER": str(Path(instance_path) / "uploads"),
        "S3_BUCKET": None,
        "S3_ENDPOINT_URL": None,
        "S3_REGION": None,
        "S3_PUBLIC_ORIGIN": None,  # allowed by the CSP for direct uploads; derived from S3_ENDPOINT_URL if unset
        "MAIL_BACKEND": "file",
        "MAIL_FOLDER": str(Path(instance_path) / "mail"),
        "MAIL_SERVER": "localhost",
        "MAIL_PORT": 25,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "Portail de mobilité <no-reply@mobilite.example>",
        # The limit is per file, as the upload page states; a whole request may carry one such file plus the
        # form's other fields (MAX_CONTENT_LENGTH is derived from it in create_app unless set explicitly).
        "MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
        "MAX_CONTENT_LENGTH": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "PUBLIC_BASE_URL": None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "America/Toronto",
        "LANGUAGES": ("fr", "en"),
        "BOOTSTRAP_SERVE_LOCAL": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "PASSWORD_RESET_HOURS": 2,
        "INVITATION_DAYS": 14,
        "PARTNER_LINK_DAYS": 30,  # lifetime of the partner's confirmation link
        # Law 25: the person in charge of the protection of personal information, shown on the privacy notice.
        "PRIVACY_OFFICER": "Responsable de la protection des renseignements personnels <vie-privee@mobilite.example>",
        "RETENTION_DAYS": {},  # data kind → days, overriding portal/privacy/registry.py (e.g. {"mail": 30})
        "ACCESSIBILITY_CONTACT": "accessibilite@mobilite.example",  # shown on the accessibility statement
        "REPORT_LINK_DAYS": 60,  # lifetime of a participant's report link
        # Host names the portal answers to (Flask refuses others with 400); in production, the host of
        # PUBLIC_BASE_URL when not set.
        "TRUSTED_HOSTS": None,
        # Behind a reverse proxy: how many proxies set X-Forwarded-For / -Proto / -Host (0: headers ignored).
        "PROXY_FIX_X_FOR": 0,
        "PROXY_FIX_X_PROTO": 0,
        "PROXY_FIX_X_HOST": 0,
        # Roles that must use a second factor (TOTP) to log in; production default: admin and ministry.
        "TOTP_REQUIRED_ROLES": None,
        # Per-address and per-account log-in throttling (failures only for the account), and reset mails.
        "LOGIN_LIMIT_PER_ADDRESS": "20 per minute; 200 per hour",
        "LOGIN_LIMIT_PER_ACCOUNT": "5 per minute; 20 per 15 minutes",
        "RESET_MAILS_PER_ACCOUNT_PER_HOUR": 3,
        # Forgot-password answers after this long whatever it found (longer than sending one mail takes).
        "FORGOT_PASSWORD_SECONDS": 0.5,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # The indicators' stored figures stay served this long after the data changed (the page says "as of"):
        # with writes every few seconds, figures exact to the last write would be computed again on most views.
        "INDICATORS_STALE_SECONDS": 300,
    }


def _parse(value: str, kind: type) -> Any:
    if kind is list:
        return [item.strip() for item in value.split(",") if item.strip()]
    if kind is bool:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return kind(value)


def from_environment(environ: dict[str, str]) -> dict[str, Any]:
    return {name: _parse(environ[name], kind) for name, kind in ENV_SETTINGS.items() if environ.get(name)}


def is_weak_secret(key: str | None) -> bool:
    if not key or len(key) < MIN_SECRET_KEY_LENGTH:
        return True
    return key.lower() in WEAK_SECRET_KEYS or len(set(key)) < 8


def development_secret(instance_path: str) -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def check_production(config: dict[str, Any]) -> None:
    """Refuse to run production with settings that would be unsafe."""
    if config.get("PORTAL_ENV") != "production":
        return
    if is_weak_secret(config.get("SECRET_KEY")):
        raise ConfigError(
            f"SECRET_KEY is missing or weak: production needs at least {MIN_SECRET_KEY_LENGTH} random characters."
        )
    if config.get("DEBUG"):
        raise ConfigError("DEBUG must never be on in production.")
    base = config.get("PUBLIC_BASE_URL") or ""
    if not base.startswith("https://") or not urlsplit(base).hostname:
        raise ConfigError("PUBLIC_BASE_URL is missing: production needs the portal's public https:// address "
                          "(links in mail are built from it, never from the request's Host header).")


def apply_production_defaults(config: dict[str, Any]) -> None:
    """Settings production derives when they are not given."""
    if config.get("PORTAL_ENV") != "production":
        return
    if not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_BASE_URL"]).hostname]
    if config.get("TOTP_REQUIRED_ROLES") is None:
        config["TOTP_REQUIRED_ROLES"] = ["admin", "ministry"]


def s3_public_origin(config: dict[str, Any]) -> str | None:
    """The origin browsers upload to with a presigned POST (for the Content-Security-Policy)."""
    if config.get("STORAGE_BACKEND") != "s3":
        return None
    if config.get("S3_PUBLIC_ORIGIN"):
        return config["S3_PUBLIC_ORIGIN"]
    endpoint = config.get("S3_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}"
    return "https://*.amazonaws.com"

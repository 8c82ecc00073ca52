"""Bearer tokens of the API: created by an administrator with scopes and an expiry, shown once, stored as the
sha256 of the secret, revocable; each use records when it was last used."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import InvalidInput, NotFound, Refused
from portal.extensions import db, services
from portal.models import ApiToken
from portal.models.indicators import API_SCOPES

MAX_DAYS = 730


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(*, name: str, scopes: list[str], days: int, actor_id: int | None) -> tuple[ApiToken, str]:
    """The token and its secret: the secret is never stored and cannot be shown again."""
    if not name.strip():
        raise InvalidInput(_("Name the token."))
    if not scopes or any(scope not in API_SCOPES for scope in scopes):
        raise InvalidInput(_("Choose at least one scope."))
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("The token must expire within two years."))
    secret = "mp_" + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip()[:120], scopes=" ".join(sorted(set(scopes))), token_hash=digest(secret),
                     prefix=secret[:10], created_by_id=actor_id, created_at=services.clock.now(),
                     expires_at=services.clock.now() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = services.clock.now()
    db.session.flush()
    return token


def authenticate(secret: str | None, scope: str) -> ApiToken | None:
    """The usable token for this secret (None: missing, unknown, expired or revoked); Refused without the scope."""
    if not secret:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    now: datetime = services.clock.now()
    if token is None or not token.usable_at(now):
        return None
    if scope not in token.scope_list:
        raise Refused(_("This token does not allow this operation."))
    token.last_used_at = now
    db.session.flush()
    return token


def listing(limit: int = 200) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc()).limit(limit)))

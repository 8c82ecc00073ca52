from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import indexes
from portal.models.base import Role, Timestamped, TokenPurpose, one_of
from portal.models.organisations import Organisation


def new_session_nonce() -> str:
    return secrets.token_hex(16)


class User(UserMixin, Timestamped, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        one_of("role", Role),
        CheckConstraint("role <> 'staff' OR organisation_id IS NOT NULL", name="staff_has_organisation"),
        *indexes.USER_INDEXES,
        CheckConstraint("locale IN ('fr', 'en')", name="locale_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None until an invitation is accepted
    locale: Mapped[str] = mapped_column(String(2), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login session id: rotating it ends every session of this user (logout, password change).
    session_nonce: Mapped[str] = mapped_column(String(32), default=new_session_nonce)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Coordinators may take one daily digest of new submissions instead of one mail per submission.
    digest_daily: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Optional second factor (TOTP): the shared secret once confirmed, the last time step used (no replay), and the
    # sha256 digests of the unused recovery codes, space-separated.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    recovery_code_hashes: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation | None] = relationship()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active and self.password_hash is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    def end_all_sessions(self) -> None:
        self.session_nonce = new_session_nonce()

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role} {self.email}>"


class AuthToken(db.Model):
    """A single-use, expiring token (password reset, invitation). Only its hash is stored."""

    __tablename__ = "auth_tokens"
    __table_args__ = (one_of("purpose", TokenPurpose),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

"""Account rules: credentials, single-use tokens, invitations, password reset. A refusal raises InvalidInput whose
message is shown to the user."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.accounts.password_policy import password_problems
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.core.clock import utcnow
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import AuthToken, Organisation, Role, TokenPurpose, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url

# Who may invite whom.
INVITABLE_ROLES: dict[str, tuple[str, ...]] = {
    Role.ADMIN: tuple(Role),
    Role.COORDINATOR: (Role.STAFF, Role.PARTICIPANT, Role.COORDINATOR),
}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def check_new_password(user: User, password: str) -> None:
    """Refuse a short, common or breached password, or one made of the portal's name or the user's e-mail."""
    problems = password_problems(password, user.email)
    if problems:
        raise InvalidInput(" ".join(problems), failed=problems)


def set_password(user: User, password: str) -> None:
    check_new_password(user, password)
    user.password_hash = hash_password(password)
    user.end_all_sessions()


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    db.session.add(AuthToken(user=user, purpose=purpose, token_hash=_token_hash(raw), expires_at=utcnow() + lifetime))
    return raw


def find_valid_token(raw: str, purpose: TokenPurpose) -> AuthToken | None:
    token = db.session.scalar(select(AuthToken).where(AuthToken.token_hash == _token_hash(raw or ""))
                              .options(joinedload(AuthToken.user)))
    if token is None or token.purpose != purpose or token.used_at is not None or token.expires_at < utcnow():
        return None
    return token


def consume_token(raw: str, purpose: TokenPurpose, new_password: str) -> User:
    """Use a reset or invitation token once: set the password and end the user's other sessions."""
    token = find_valid_token(raw, purpose)
    if token is None:
        raise InvalidInput(_("This link is invalid, has expired or has already been used."))
    check_new_password(token.user, new_password)
    # Every outstanding token of this purpose dies with this one.
    for other in db.session.scalars(
        select(AuthToken).where(AuthToken.user_id == token.user_id, AuthToken.purpose == purpose,
                                AuthToken.used_at.is_(None))
    ):
        other.used_at = utcnow()
    set_password(token.user, new_password)
    return token.user


def recent_reset_count(user: User) -> int:
    """Reset links issued to this account in the last hour."""
    return db.session.scalar(select(func.count()).select_from(AuthToken).where(
        AuthToken.user_id == user.id, AuthToken.purpose == TokenPurpose.PASSWORD_RESET,
        AuthToken.created_at >= utcnow() - timedelta(hours=1)))


def request_password_reset(email: str) -> None:
    """Queue a reset link if the account exists; the caller answers the same either way."""
    user = find_user_by_email(email)
    if user is None or not user.active or user.password_hash is None:
        return
    if recent_reset_count(user) >= current_app.config["RESET_MAILS_PER_ACCOUNT_PER_HOUR"]:
        return  # a mailbox is not flooded, whoever asks and from wherever
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    raw = issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=hours))
    _send(user, "mail/password_reset.txt", subject=_l("Reset your password"), link_endpoint="accounts.reset_password",
          token=raw, hours=hours)


def invite_user(inviter: User, email: str, name: str, role: str, organisation: Organisation | None,
                locale: str) -> User:
    if role not in INVITABLE_ROLES.get(inviter.role, ()):
        raise InvalidInput(_("You cannot invite a person with this role."))
    if role == Role.STAFF and (organisation is None or not organisation.is_centre):
        raise InvalidInput(_("School staff must belong to a vocational-training centre."))
    if find_user_by_email(email) is not None:
        raise InvalidInput(_("An account already exists for this e-mail address."))
    user = User(email=normalise_email(email), name=name.strip(), role=role, organisation=organisation,
                locale=locale, password_hash=None)
    db.session.add(user)
    days = current_app.config["INVITATION_DAYS"]
    raw = issue_token(user, TokenPurpose.INVITATION, timedelta(days=days))
    _send(user, "mail/invitation.txt", subject=_l("You are invited to the mobility portal"),
          link_endpoint="accounts.accept_invitation", token=raw, days=days, inviter=inviter)
    return user


def _send(user: User, template: str, subject, link_endpoint: str, token: str, **context) -> None:
    with force_locale(user.locale):
        link = absolute_url(link_endpoint, token=token)
        body = render_template(template, user=user, link=link, **context)
        queue_mail(user.email, str(subject), body, locale=user.locale)

"""Flask-Login wiring: a session names a user and a nonce that a password change or log-out renews."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.extensions import db, login_manager
from portal.models import User


def init_login(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, nonce = session_id.partition(":")
        if not user_id.isdigit() or not nonce:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_nonce != nonce or not user.is_active:
            return None
        return user

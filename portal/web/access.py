"""Access helpers used by every blueprint."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import abort
from flask_login import current_user, login_required


def roles_required(*roles: str) -> Callable:
    """Log-in required, and one of these roles; any other role gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator

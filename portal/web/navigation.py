"""Navigation per role. Entries whose blueprint is not registered are skipped."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

NAVIGATION: dict[str, list[tuple[str, object]]] = {
    "staff": [("applications.index", _l("My centre's projects")), ("partners.index", _l("Partners"))],
    "coordinator": [("review.queue", _l("Review queue")), ("partners.index", _l("Partners")),
                    ("partners.reciprocity_dashboard", _l("Reciprocity")), ("accounts.invite", _l("Invite a person")),
                    ("funding.carbon", _l("Carbon")), ("accounts.preferences", _l("Notifications"))],
    "ministry": [("review.ministry_queue", _l("Decisions")), ("audit.index", _l("Audit log")),
                 ("funding.carbon", _l("Carbon"))],
    "participant": [],
    "admin": [("accounts.users", _l("Users")), ("accounts.invite", _l("Invite a person")),
              ("funding.calls", _l("Calls and rate tables")), ("funding.carbon", _l("Carbon")),
              ("audit.index", _l("Audit log"))],
}


# Every account may protect itself with a second factor (required for some roles: TOTP_REQUIRED_ROLES).
ACCOUNT_ITEMS: list[tuple[str, object]] = [("accounts.two_factor_setup", _l("Second factor"))]


def nav_items(user) -> list[tuple[str, object]]:
    items = NAVIGATION.get(user.role, []) + (ACCOUNT_ITEMS if user.role != "participant" else [])
    return [(endpoint, label) for endpoint, label in items if endpoint in current_app.view_functions]

"""Navigation per role: a few main entries, the rest grouped under one menu so that every role's bar fits on one
line at 1280 px. Entries whose blueprint is not registered are skipped."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

Entry = tuple[str, object]

NAVIGATION: dict[str, list[Entry]] = {
    "staff": [("applications.index", _l("My centre's projects")), ("partners.index", _l("Partners"))],
    "coordinator": [("review.queue", _l("Review queue")), ("partners.index", _l("Partners")),
                    ("partners.reciprocity_dashboard", _l("Reciprocity")), ("indicators.index", _l("Indicators"))],
    "ministry": [("review.ministry_queue", _l("Decisions")), ("indicators.index", _l("Indicators")),
                 ("audit.index", _l("Audit log")), ("funding.carbon", _l("Carbon"))],
    "participant": [("privacy.my_consents", _l("My consents"))],
    "admin": [("accounts.users", _l("Users")), ("funding.calls", _l("Calls and rate tables")),
              ("indicators.index", _l("Indicators")), ("audit.index", _l("Audit log"))],
}
# Grouped under "More" (a native disclosure: works without JavaScript).
GROUPED: dict[str, list[Entry]] = {
    "coordinator": [("accounts.invite", _l("Invite a person")), ("funding.carbon", _l("Carbon")),
                    ("accounts.preferences", _l("Notifications"))],
    "admin": [("accounts.invite", _l("Invite a person")), ("funding.carbon", _l("Carbon")),
              ("privacy.people", _l("Privacy")), ("indicators.offsets_page", _l("Offsets purchased")),
              ("api.token_list", _l("API tokens"))],
}


# Every account may protect itself with a second factor (required for some roles: TOTP_REQUIRED_ROLES).
ACCOUNT_ITEMS: list[Entry] = [("accounts.two_factor_setup", _l("Second factor"))]


def _registered(entries: list[Entry]) -> list[Entry]:
    return [(endpoint, label) for endpoint, label in entries if endpoint in current_app.view_functions]


def _grouped(user) -> list[Entry]:
    return GROUPED.get(user.role, []) + (ACCOUNT_ITEMS if user.role != "participant" else [])


def nav_items(user) -> list[Entry]:
    """Every entry of the role, main ones first."""
    return _registered(NAVIGATION.get(user.role, []) + _grouped(user))


def nav_menu(user) -> tuple[list[Entry], list[Entry]]:
    """(main entries, grouped entries) of the role."""
    return _registered(NAVIGATION.get(user.role, [])), _registered(_grouped(user))

"""Navigation per role. Entries whose blueprint is not registered are skipped."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

NAVIGATION: dict[str, list[tuple[str, object]]] = {
    "staff": [("applications.index", _l("My centre's projects")), ("partners.index", _l("Partners"))],
    "coordinator": [("review.queue", _l("Review queue")), ("partners.index", _l("Partners")),
                    ("partners.reciprocity_dashboard", _l("Reciprocity")), ("accounts.invite", _l("Invite a person")),
                    ("funding.carbon", _l("Carbon")), ("accounts.preferences", _l("Notifications")),
                    ("indicators.index", _l("Indicators"))],
    "ministry": [("review.ministry_queue", _l("Decisions")), ("audit.index", _l("Audit log")),
                 ("funding.carbon", _l("Carbon")), ("indicators.index", _l("Indicators"))],
    "participant": [("privacy.my_consents", _l("My consents"))],
    "admin": [("accounts.users", _l("Users")), ("accounts.invite", _l("Invite a person")),
              ("funding.calls", _l("Calls and rate tables")), ("funding.carbon", _l("Carbon")),
              ("audit.index", _l("Audit log")), ("privacy.people", _l("Privacy")),
              ("indicators.index", _l("Indicators")), ("indicators.offsets_page", _l("Offsets purchased")),
              ("api.token_list", _l("API tokens"))],
}


def nav_items(user) -> list[tuple[str, object]]:
    return [(endpoint, label) for endpoint, label in NAVIGATION.get(user.role, [])
            if endpoint in current_app.view_functions]

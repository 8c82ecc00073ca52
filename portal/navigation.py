"""Navigation per role. Entries whose blueprint is not registered are skipped."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

NAVIGATION: dict[str, list[tuple[str, object]]] = {
    "staff": [("applications.index", _l("My centre's projects"))],
    "coordinator": [("review.queue", _l("Review queue")), ("partners.index", _l("Partners")),
                    ("admin.invite", _l("Invite a person"))],
    "ministry": [("review.ministry_queue", _l("Decisions")), ("review.audit", _l("Audit log"))],
    "participant": [],
    "admin": [("admin.users", _l("Users")), ("admin.invite", _l("Invite a person")),
              ("review.audit", _l("Audit log"))],
}


def nav_items(user) -> list[tuple[str, object]]:
    return [(endpoint, label) for endpoint, label in NAVIGATION.get(user.role, [])
            if endpoint in current_app.view_functions]

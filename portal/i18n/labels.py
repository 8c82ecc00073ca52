"""Translated labels for stored codes (statuses, roles, kinds)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "changes_requested": _l("Changes requested"),
    "recommended": _l("Recommended"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "in_progress": _l("Stay in progress"),
    "completed": _l("Stay completed"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
    "amendment_requested": _l("Amendment requested"),
    "cancelled": _l("Cancelled"),
}

ROLE_LABELS = {
    "staff": _l("School staff"),
    "coordinator": _l("Coordinator"),
    "ministry": _l("Ministry officer"),
    "participant": _l("Participant"),
    "admin": _l("Administrator"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))

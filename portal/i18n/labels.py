"""Translated labels for stored codes (statuses, roles, kinds)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.i18n.language import current_language

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


# Each known label written once per table, language and code: labels are constants, and a list writes the same few
# on every row (statuses, audit actions and fields), each a catalogue look-up through Flask-Babel otherwise.
_WRITTEN: dict[tuple[int, str, str], str] = {}


def written(labels: Mapping[str, Any], code: str) -> str | None:
    """labels[code] in the current language, or None when the table has no label for the code."""
    key = (id(labels), current_language(), code)
    text = _WRITTEN.get(key)
    if text is None:
        label = labels.get(code)
        if label is None:
            return None
        text = _WRITTEN[key] = str(label)
    return text


def status_label(code: str) -> str:
    return written(STATUS_LABELS, code) or code


def role_label(code: str) -> str:
    return written(ROLE_LABELS, code) or code

"""Readable, translated names for the codes stored in the audit log (unknown codes are shown as stored)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

OBJECT_TYPE_LABELS = {
    "application": _l("Application"),
    "document": _l("Document"),
    "participant": _l("Participant"),
    "user": _l("User"),
    "call": _l("Call for projects"),
    "organisation": _l("Organisation"),
    "pairing": _l("Pairing"),
    "report": _l("Report"),
}

ACTION_LABELS = {
    "application.created": _l("Application created"),
    "application.updated": _l("Application updated"),
    "application.budget_recomputed": _l("Budget recomputed"),
    "application.budget_requested": _l("Requested amounts changed"),
    "application.submit": _l("Submitted"),
    "application.resubmit": _l("Resubmitted"),
    "application.withdraw": _l("Withdrawn"),
    "application.request_changes": _l("Changes requested"),
    "application.recommend": _l("Recommended"),
    "application.reject": _l("Rejected"),
    "application.approve": _l("Approved"),
    "application.send_back": _l("Sent back to the coordinator"),
    "application.start_stay": _l("Stay started"),
    "application.complete_stay": _l("Stay completed"),
    "application.close": _l("Closed"),
    "participant.added": _l("Participant added"),
    "participant.updated": _l("Participant updated"),
    "participant.removed": _l("Participant removed"),
    "participants.imported": _l("Participants imported"),
    "document.uploaded": _l("Document uploaded"),
    "document.rejected": _l("Document rejected"),
    "document.deleted": _l("Document deleted"),
}


def object_type_label(code: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(code, code))


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))

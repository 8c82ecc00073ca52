"""Readable, translated names for the codes stored in the audit log (unknown codes are shown as stored)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.i18n.labels import written

OBJECT_TYPE_LABELS = {
    "application": _l("Application"),
    "document": _l("Document"),
    "participant": _l("Participant"),
    "user": _l("User"),
    "call": _l("Call for projects"),
    "organisation": _l("Organisation"),
    "pairing": _l("Pairing"),
    "report": _l("Report"),
    "program": _l("Program"),
    "stay_report": _l("Participant report"),
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
    "call.created": _l("Call created"),
    "call.updated": _l("Call updated"),
    "call.bands_updated": _l("Distance bands changed"),
    "call.country_rate_set": _l("Country rate set"),
    "call.country_rate_removed": _l("Country rate removed"),
    "call.carbon_factors_updated": _l("Carbon factors changed"),
    "program.updated": _l("Program rules changed"),
    "partner.created": _l("Partner added"),
    "partner.updated": _l("Partner updated"),
    "application.pair": _l("Paired with a partner"),
    "application.reciprocity_link": _l("Linked to the stay it answers"),
    "pairing.link_sent": _l("Confirmation link sent to the partner"),
    "pairing.partner_confirm": _l("Hosting confirmed by the partner"),
    "pairing.partner_decline": _l("Hosting declined by the partner"),
    "stay_report.submitted": _l("Participant report submitted"),
    "stay_report.link_resent": _l("Report link sent again"),
    "final_report.saved": _l("Final report saved"),
    "final_report.submitted": _l("Final report submitted"),
    "final_report.accept_final_report": _l("Final report accepted"),
    "final_report.request_final_corrections": _l("Corrections requested on the final report"),
}


def object_type_label(code: str) -> str:
    return written(OBJECT_TYPE_LABELS, code) or code


def action_label(code: str) -> str:
    return written(ACTION_LABELS, code) or code


# What a stored key means, in words (raw keys stay in the exports only).
FIELD_LABELS = {
    "status": _l("Status"),
    "committed_cents": _l("Amount committed on the envelope"),
    "actual_cents": _l("Actual cost"),
    "final_report": _l("Final report"),
    "override_reason": _l("Reason for closing despite missing items"),
    "missing_reports": _l("Missing participant reports"),
    "missing_receipts": _l("Missing receipts"),
    "partner_id": _l("Partner institution"),
    "pairing_id": _l("Pairing"),
    "answers_application_id": _l("Stay it answers"),
    "application_id": _l("Application"),
    "participant_id": _l("Participant"),
    "title": _l("Project title"),
    "start_date": _l("Start date"),
    "end_date": _l("End date"),
    "trade_name": _l("Program of study"),
    "trade_code": _l("Program of study code"),
    "destination_country": _l("Destination country"),
    "destination_city": _l("Destination city"),
    "travel_days": _l("Travel days"),
    "travel_mode": _l("Travel mode"),
    "quoted_transport_cents": _l("Quoted transport cost"),
    "envelope_cents": _l("Envelope"),
    "kind": _l("Kind"),
    "name": _l("Name"),
    "to": _l("Recipient"),
    "language": _l("Language"),
    "comment": _l("Comment"),
    "email": _l("E-mail"),
    "role": _l("Role"),
    "active": _l("Active"),
}
LINE_FIELD_LABELS = {
    "approved_cents": _l("Approved amount of the %(line)s line"),
    "requested_cents": _l("Requested amount of the %(line)s line"),
    "computed_cents": _l("Computed amount of the %(line)s line"),
}


def field_label(code: str) -> str:
    """A known key in words; an unknown one as readable words rather than a code."""
    label = written(FIELD_LABELS, code)
    return label if label is not None else code.replace("_cents", "").replace("_", " ").capitalize()

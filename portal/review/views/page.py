"""What the review page shows: the latest frozen snapshot, what changed since the previous one, the budget lines,
the decision history and the decision forms the reader may use now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.applications.views.forms import DIRECTION_LABELS
from portal.documents.kinds import kind_label as document_kind_label
from portal.extensions import db
from portal.funding import envelopes
from portal.i18n import current_language
from portal.i18n.countries import country_name, subdivision_name
from portal.i18n.formatting import money
from portal.i18n.labels import written
from portal.models import Application, ApplicationSnapshot, Decision, Organisation, Role
from portal.review.views import forms
from portal.workflow import snapshots
from portal.workflow.transitions import Action, actions_for

# The decisions this blueprint offers, in the order their forms are shown, and the form of each.
DECISION_FORMS: dict[str, type[forms.DecisionForm]] = {
    Action.RECOMMEND: forms.RecommendForm,
    Action.APPROVE: forms.ApproveForm,
    Action.REQUEST_CHANGES: forms.RequestChangesForm,
    Action.SEND_BACK: forms.SendBackForm,
    Action.REJECT: forms.RejectForm,
}

ACTION_LABELS = {
    Action.SUBMIT: _l("Submitted"),
    Action.RESUBMIT: _l("Submitted again"),
    Action.WITHDRAW: _l("Withdrawn"),
    Action.REQUEST_CHANGES: _l("Changes requested"),
    Action.RECOMMEND: _l("Recommended"),
    Action.REJECT: _l("Rejected"),
    Action.APPROVE: _l("Approved"),
    Action.SEND_BACK: _l("Sent back to the coordinator"),
    Action.START_STAY: _l("Stay started"),
    Action.COMPLETE_STAY: _l("Stay completed"),
    Action.CLOSE: _l("Closed"),
}

FIELD_LABELS = {
    "title": _l("Project title"), "trade_code": _l("Program of study code"), "trade_name": _l("Program of study"),
    "direction": _l("Direction"), "group_kind": _l("Group or individual"), "partner_id": _l("Partner institution"),
    "partner_name": _l("Partner institution"), "destination_country": _l("Destination country"),
    "destination_subdivision": _l("Province or territory (stays in Canada)"),
    "destination_city": _l("Destination city"), "start_date": _l("Start date"), "end_date": _l("End date"),
    "travel_days": _l("Travel days"), "travel_mode": _l("Travel mode"), "stay_days": _l("Days"),
    "quoted_transport_cents": _l("Quoted transport cost"), "quote_justification": _l("Justification of the quote"),
    "objectives": _l("Objectives"), "activities": _l("Planned activities"),
    "reciprocal_start": _l("Reciprocal visit: start"), "reciprocal_end": _l("Reciprocal visit: end"),
    "reciprocal_count": _l("Reciprocal visit: counterparts"), "first_name": _l("First name"),
    "last_name": _l("Last name"), "email": _l("E-mail"), "birth_date": _l("Birth date"), "kind": _l("Kind"),
    "requested_cents": _l("Requested"), "computed_cents": _l("Computed"), "approved_cents": _l("Approved"),
    "original_name": _l("File"), "inclusion_needs": _l("Inclusion needs"),
}
SECTION_LABELS = {"fields": _l("Project"), "participants": _l("Participants"), "documents": _l("Documents"),
                  "funding_lines": _l("Budget")}
HIDDEN_DIFF_FIELDS = frozenset({"call_id", "partner_id", "destination_latitude", "destination_longitude", "rates",
                                "explanation_en", "explanation_fr", "position", "sha256", "uploaded_at",
                                "participant_id", "funding_line_id", "size_bytes", "content_type"})
COORDINATOR_ONLY_FIELDS = frozenset({"inclusion_needs"})


def field_label(name: str) -> str:
    return written(FIELD_LABELS, name) or name


def action_label(action: str) -> str:
    return written(ACTION_LABELS, action) or action


@dataclass(frozen=True)
class ChangeRow:
    section: str
    item: str  # the participant, document or line concerned ("" for the project's own fields)
    field: str  # "" when a whole row was added or removed
    kind: str  # "changed", "added", "removed"
    before: Any
    after: Any
    name: str = ""  # the field's code, to format its values


def show_value(name: str, value: Any) -> str:
    """A snapshot value for people: money in dollars, ISO dates in the reader's format, booleans in words."""
    if value is None or value == "":
        return "—"
    if name.endswith("_cents") and isinstance(value, int):
        return money(value)
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, str) and len(value) >= 10:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_date(parsed.date()) if len(value) == 10 else format_datetime(parsed)
    return str(value)


def _item_name(section: str, row: dict[str, Any] | None, language: str) -> str:
    if not row:
        return ""
    if section == "participants":
        return f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()
    if section == "documents":
        return f"{document_kind_label(row.get('kind', ''))}: {row.get('original_name', '')}"
    if section == "funding_lines":
        return row.get("explanation_en" if language == "en" else "explanation_fr") or row.get("kind", "")
    return ""


def change_rows(old: dict[str, Any], new: dict[str, Any], show_needs: bool) -> list[ChangeRow]:
    """snapshots.diff() made readable; technical fields left out, inclusion needs for coordinators only."""
    language = current_language()
    rows = []
    for change in snapshots.diff(old, new):
        parts = change.path.split(".")
        section = parts[0]
        hidden = HIDDEN_DIFF_FIELDS | (frozenset() if show_needs else COORDINATOR_ONLY_FIELDS)
        if section == "fields":
            if parts[1] in hidden:
                continue
            rows.append(ChangeRow(str(SECTION_LABELS[section]), "", field_label(parts[1]), change.kind,
                                  change.before, change.after, parts[1]))
            continue
        by_id = {r.get("id"): r for r in (new.get(section) or []) + (old.get(section) or [])}
        item = _item_name(section, by_id.get(int(parts[1]) if parts[1].isdigit() else parts[1]), language)
        if len(parts) == 2:
            rows.append(ChangeRow(str(SECTION_LABELS[section]), item, "", change.kind, None, None))
        elif parts[2] not in hidden:
            rows.append(ChangeRow(str(SECTION_LABELS[section]), item, field_label(parts[2]), change.kind,
                                  change.before, change.after, parts[2]))
    return rows


def previous_snapshot(application: Application, latest: ApplicationSnapshot) -> ApplicationSnapshot | None:
    return db.session.scalar(
        select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == application.id,
                                          ApplicationSnapshot.number < latest.number)
        .order_by(ApplicationSnapshot.number.desc()).limit(1))


def decision_forms(application: Application, posted: dict[str, forms.DecisionForm] | None = None
                   ) -> dict[str, forms.DecisionForm]:
    """The forms of the decisions the current user may take now (table order); a posted form is kept as sent."""
    posted = posted or {}
    result = {}
    for action in actions_for(application.status, current_user.role):
        if action not in DECISION_FORMS:
            continue
        result[action] = posted.get(action) or DECISION_FORMS[action](formdata=None).prepare(application.version)
    return result


# What the review page and the decisions read of the application (its centre and region, call and budget lines):
# options for the query that loads it. selectinload, never a join, so they fit the decisions' row lock.
LOADS = (selectinload(Application.organisation).selectinload(Organisation.region), selectinload(Application.call),
         selectinload(Application.funding_lines))


def context(application: Application, posted: dict[str, forms.DecisionForm] | None = None,
            line_values: dict[str, str] | None = None, line_errors: dict[str, str] | None = None,
            alert: str | None = None) -> dict[str, Any]:
    show_needs = current_user.role == Role.COORDINATOR
    latest = snapshots.latest(application)
    data = latest.data if latest is not None else snapshots.build(snapshots.loaded_for_build(application, *LOADS))
    previous = previous_snapshot(application, latest) if latest is not None else None
    lines = list(application.funding_lines)
    available = decision_forms(application, posted)
    return {
        "application": application,
        "language": current_language(),
        "snapshot": latest,
        "snapshot_data": data,
        "previous": previous,
        "changes": change_rows(previous.data, latest.data, show_needs) if previous is not None else [],
        "show_needs": show_needs,
        "lines": lines,
        "adjustable": forms.adjustable,
        "line_field": forms.line_field,
        "requested_values": line_values if posted and Action.RECOMMEND in posted else
        forms.line_values(lines),
        "approve_values": line_values if posted and Action.APPROVE in posted else forms.line_values(lines),
        "line_errors": line_errors or {},
        "alert": alert,
        "requested_total": sum(line.effective_requested_cents for line in lines),
        "computed_total": sum(line.computed_cents for line in lines),
        "approved_total": sum(line.approved_cents for line in lines if line.approved_cents is not None),
        "envelope": envelopes.summary(application.call),
        "decisions": db.session.scalars(
            select(Decision).where(Decision.application_id == application.id)
            .order_by(Decision.created_at, Decision.id).options(joinedload(Decision.actor))).all(),
        "forms": available,
        "action_label": action_label,
        "field_label": field_label,
        "document_kind_label": document_kind_label,
        "show_value": show_value,
        "direction_labels": DIRECTION_LABELS,
        "country_name": lambda code: country_name(code, current_language()),
        "subdivision_name": lambda code: subdivision_name(code, current_language()),
    }

"""The audit log in words: "Approved amount of the Transport line: $2,460.00 → $2,000.00".

The stored keys (``lines.13.approved_cents``) stay as they are in the database and in the exports; pages show
sentences. The budget lines an event names are looked up once for the whole page, never per row.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from portal.audit.journal import Change, changes
from portal.audit.labels import LINE_FIELD_LABELS, field_label
from portal.extensions import db
from portal.funding.labels import line_kind_label
from portal.i18n import current_language, format_cents, status_label
from portal.i18n.formatting import long_date, number
from portal.models import AuditEvent, FundingLine

LINE_KEY = re.compile(r"^lines\.(\d+)\.(\w+)$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Actions whose after/before map a budget line's id straight to its requested amount.
LINE_ID_ACTIONS = frozenset({"application.budget_requested"})


@dataclass(frozen=True)
class Sentence:
    label: str
    before: str | None  # None when the event has no earlier value (a creation)
    after: str


def _line_id(event: AuditEvent, field: str) -> tuple[int, str] | None:
    match = LINE_KEY.match(field)
    if match:
        return int(match.group(1)), match.group(2)
    if event.action in LINE_ID_ACTIONS and field.isdigit():
        return int(field), "requested_cents"
    return None


def value_text(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field.endswith("_cents") and isinstance(value, int):
        return format_cents(value, current_language())
    if field == "final_report" or (field.endswith("status") and str(value) in OTHER_STATUSES):
        return _report_status(str(value))
    if field.endswith("status"):
        return status_label(str(value))
    if isinstance(value, str) and ISO_DAY.match(value):
        return long_date(date.fromisoformat(value))
    if isinstance(value, list):
        return number(len(value))
    if isinstance(value, int | float):
        return number(value)
    return str(value)


OTHER_STATUSES = frozenset({"accepted", "corrections_requested", "confirmed", "declined", "proposed"})


def _report_status(code: str) -> str:
    labels = {"draft": gettext("Draft"), "submitted": gettext("Submitted"), "accepted": gettext("Accepted"),
              "corrections_requested": gettext("Corrections requested"), "confirmed": gettext("confirmed"),
              "declined": gettext("declined"), "proposed": gettext("proposed")}
    return labels.get(code, code)


class Wording:
    """Sentences for the events of one page of the log."""

    def __init__(self, events: Iterable[AuditEvent]):
        self.events = list(events)
        ids = {found[0] for event in self.events for change in changes(event)
               if (found := _line_id(event, change.field))}
        self.line_kinds: dict[int, str] = dict(db.session.execute(  # type: ignore[arg-type]
            select(FundingLine.id, FundingLine.kind).where(FundingLine.id.in_(ids))).tuples().all()) if ids else {}

    def label(self, event: AuditEvent, change: Change) -> str:
        found = _line_id(event, change.field)
        if found:
            line_id, field = found
            template = LINE_FIELD_LABELS.get(field)
            kind = line_kind_label(self.line_kinds.get(line_id)) or gettext("removed line")
            if template is not None:
                return str(template) % {"line": kind}
            return f"{kind} — {field_label(field)}"
        return field_label(change.field.rsplit(".", 1)[-1])

    def sentences(self, event: AuditEvent) -> list[Sentence]:
        return [Sentence(self.label(event, change),
                         value_text(change.field, change.before) if event.before else None,
                         value_text(change.field, change.after))
                for change in changes(event)]

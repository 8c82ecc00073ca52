"""Frozen snapshots of what was submitted, and what changed between two of them.

A snapshot is plain JSON (dates as ISO strings, money as integer cents, decimals as strings) so it reads the same
on SQLite and PostgreSQL and never depends on rows that may change later.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from portal.documents.queries import current_documents
from portal.extensions import db
from portal.models import Application, ApplicationSnapshot

SCHEMA = 1

FIELDS = (
    "call_id", "title", "trade_code", "trade_name", "direction", "group_kind", "partner_id",
    "destination_country", "destination_subdivision", "destination_city", "destination_latitude", "destination_longitude", "start_date",
    "end_date", "travel_days", "travel_mode", "quoted_transport_cents", "quote_justification", "objectives",
    "activities", "reciprocal_start", "reciprocal_end", "reciprocal_count",
)
PARTICIPANT_FIELDS = (
    "first_name", "last_name", "email", "birth_date", "kind", "trade", "locale", "consent_by", "consent_at",
    "consent_purpose", "parental_consent_by", "parental_consent_at", "inclusion_needs",
)
DOCUMENT_FIELDS = (
    "kind", "participant_id", "funding_line_id", "original_name", "content_type", "size_bytes", "sha256",
    "uploaded_at",
)
LINE_FIELDS = (
    "position", "kind", "explanation_fr", "explanation_en", "computed_cents", "requested_cents", "approved_cents",
    "rates", "justification", "needs_review",
)
SECTIONS = ("participants", "documents", "funding_lines")


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    row = {"id": obj.id}
    row.update({name: _json(getattr(obj, name)) for name in fields})
    return row


# What build reads of the application besides its documents (read by a query): options for the query that loads it.
BUILD_LOADS = (selectinload(Application.partner), selectinload(Application.participants),
               selectinload(Application.funding_lines))


def loaded_for_build(application: Application, *also: ORMOption) -> Application:
    """The application read again with BUILD_LOADS and the page's own options (`also`: the re-read resets the
    rest), for a page that builds a snapshot of an application that has none (rows from before snapshots were
    kept): the page's own query does not load all that for a rare case."""
    return db.session.get(Application, application.id, options=[*BUILD_LOADS, *also], populate_existing=True)


def build(application: Application) -> dict[str, Any]:
    """The application as it stands: fields, participants, current documents (metadata only), budget lines."""
    fields = {name: _json(getattr(application, name)) for name in FIELDS}
    fields["partner_name"] = application.partner.name if application.partner is not None else None
    fields["stay_days"] = application.stay_days
    return {
        "schema": SCHEMA,
        "application_id": application.id,
        "fields": fields,
        "participants": [_row(p, PARTICIPANT_FIELDS) for p in application.participants],
        "documents": [_row(d, DOCUMENT_FIELDS) for d in sorted(current_documents(application), key=lambda d: d.id)],
        "funding_lines": [_row(line, LINE_FIELDS) for line in application.funding_lines],
    }


def next_number(application: Application) -> int:
    last = db.session.scalar(
        select(func.max(ApplicationSnapshot.number)).where(ApplicationSnapshot.application_id == application.id))
    return (last or 0) + 1


def take(application: Application) -> ApplicationSnapshot:
    """Store a new snapshot (number = previous + 1) in the current transaction."""
    db.session.flush()  # ids of new participants, lines and the application itself
    snapshot = ApplicationSnapshot(application=application, number=next_number(application),
                                   data=build(application))
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def latest(application: Application) -> ApplicationSnapshot | None:
    return db.session.scalar(
        select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == application.id)
        .order_by(ApplicationSnapshot.number.desc()).limit(1))


@dataclass(frozen=True)
class Change:
    """One difference. path: "fields.title", "participants.12" (added/removed), "participants.12.email"."""

    path: str
    before: Any
    after: Any
    kind: str = "changed"  # "added", "removed" or "changed"

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]


def _field_changes(prefix: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for name in list(old) + [n for n in new if n not in old]:
        if name == "id":
            continue
        if old.get(name) != new.get(name):
            changes.append(Change(f"{prefix}.{name}", old.get(name), new.get(name)))
    return changes


def _by_id(rows: list[dict[str, Any]] | None) -> dict[Any, dict[str, Any]]:
    return {row.get("id"): row for row in rows or []}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes from `old` to `new` (two `build()` results): scalar fields, then rows added/removed/changed by id."""
    changes = _field_changes("fields", old.get("fields") or {}, new.get("fields") or {})
    for section in SECTIONS:
        before, after = _by_id(old.get(section)), _by_id(new.get(section))
        for row_id, row in before.items():
            if row_id not in after:
                changes.append(Change(f"{section}.{row_id}", row, None, "removed"))
            else:
                changes.extend(_field_changes(f"{section}.{row_id}", row, after[row_id]))
        for row_id, row in after.items():
            if row_id not in before:
                changes.append(Change(f"{section}.{row_id}", None, row, "added"))
    return changes

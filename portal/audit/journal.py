"""Reading the audit log: filters, keyset pagination and a flat view of what changed. Read-only by design."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from portal.audit.labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from portal.core.text import contains_pattern
from portal.models import AuditEvent, User, paging

PER_PAGE = 50


@dataclass(frozen=True)
class JournalFilters:
    object_type: str = ""
    object_id: int | None = None
    actor: str = ""  # part of the actor's name or e-mail address
    action: str = ""
    date_from: date | None = None  # local calendar days, both included
    date_to: date | None = None


def _utc_start_of(day: date) -> datetime:
    """Midnight of a local calendar day, as the naive UTC moment the log stores."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "America/Toronto")
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


KEYS = (paging.Key(AuditEvent.created_at, datetime), paging.Key(AuditEvent.id, int))


def events_query(filters: JournalFilters) -> Select:
    """Matching events, newest first (created_at, id: the index of every filter ends with both)."""
    return paging.ordered(_filtered(filters), KEYS, descending=True)


def _filtered(filters: JournalFilters) -> Select:
    query = select(AuditEvent).options(joinedload(AuditEvent.actor))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id is not None:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor:
        pattern = contains_pattern(filters.actor.strip().lower())
        actors = select(User.id).where(or_(User.email.ilike(pattern, escape="\\"),
                                           User.name.ilike(pattern, escape="\\")))
        query = query.where(AuditEvent.actor_id.in_(actors))
    if filters.date_from:
        query = query.where(AuditEvent.created_at >= _utc_start_of(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.created_at < _utc_start_of(filters.date_to + timedelta(days=1)))
    return query


def page_of_events(filters: JournalFilters, cursor: str | None = None, per_page: int = PER_PAGE
                   ) -> paging.KeysetPage:
    """One page (newest first) after or before the cursor: no OFFSET and no count of the log."""
    return paging.fetch(_filtered(filters), KEYS, lambda event: (event.created_at, event.id), cursor=cursor,
                        per_page=per_page, descending=True, scalars=True)


def known_object_types() -> set[str]:
    """The labelled types (a scan of the log for DISTINCT types would cost its whole size on every page)."""
    return set(OBJECT_TYPE_LABELS)


def known_actions() -> set[str]:
    return set(ACTION_LABELS)


@dataclass(frozen=True)
class Change:
    field: str  # dotted path, e.g. "lines.12.approved_cents"
    before: Any
    after: Any


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: value}


def changes(event: AuditEvent) -> list[Change]:
    """The fields of before/after side by side; fields equal on both sides are left out when there is a before."""
    before, after = _flatten(event.before or {}), _flatten(event.after or {})
    fields = list(before) + [name for name in after if name not in before]
    return [Change(name, before.get(name), after.get(name)) for name in fields
            if not event.before or before.get(name) != after.get(name)]

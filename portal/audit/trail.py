"""Appending to the audit log: one way to write an AuditEvent, from a request or from a command."""
from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from portal.extensions import db
from portal.models import AuditEvent

_FROM_REQUEST = object()


def json_value(value: Any) -> Any:
    """Dates and times as ISO text, so that before/after values fit the JSON columns."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def changes_before_after(changes: dict[str, tuple[Any, Any]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """{field: (old, new)} → (before, after) dictionaries, None when nothing changed."""
    before = {name: json_value(old) for name, (old, _new) in changes.items()}
    after = {name: json_value(new) for name, (_old, new) in changes.items()}
    return before or None, after or None


ORIGIN_KEY = "audit_origin"


def request_origin() -> str | None:
    """The address of the request being served: the web layer registers how to read it (none in a command)."""
    read = current_app.extensions.get(ORIGIN_KEY) if has_app_context() else None
    return read() if read else None


def add_event(actor: Any, action: str, object_type: str, object_id: int | None, *,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
              remote_addr: Any = _FROM_REQUEST) -> AuditEvent:
    """Add one event to the session (the caller commits). The address is the request's, if there is one."""
    if remote_addr is _FROM_REQUEST:
        remote_addr = request_origin()
    event = AuditEvent(actor_id=getattr(actor, "id", None), action=action, object_type=object_type,
                       object_id=object_id, before=before, after=after, remote_addr=remote_addr)
    db.session.add(event)
    return event

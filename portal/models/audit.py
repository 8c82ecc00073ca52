from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import indexes
from portal.models.users import User


class AuditEvent(db.Model):
    """Who did what to which object, when; never edited or deleted by the application."""

    __tablename__ = "audit_events"
    __table_args__ = indexes.AUDIT_INDEXES

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    remote_addr: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[User | None] = relationship()

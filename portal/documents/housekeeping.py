"""Housekeeping of stored documents: replaced versions of decided applications, direct uploads never confirmed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.core.clock import utcnow
from portal.documents.uploads import PENDING_TTL
from portal.extensions import db
from portal.models import Application, ApplicationStatus, Document, DocumentStatus


def purge_superseded(application: Application) -> list[str]:
    """Once the application is decided: drop replaced versions. Returns the keys to delete after commit."""
    old = list(db.session.scalars(select(Document).where(
        Document.application_id == application.id, Document.superseded_at.is_not(None))))
    for doc in old:
        doc.superseded_by_id = None
    db.session.flush()
    for doc in old:
        db.session.delete(doc)
    db.session.flush()
    return [doc.storage_key for doc in old]


def expire_pending(now: datetime | None = None) -> list[str]:
    """Mark direct uploads never confirmed within :data:`PENDING_TTL` rejected; returns their keys."""
    limit = (now or utcnow()) - PENDING_TTL
    stale = list(db.session.scalars(select(Document).where(
        Document.status == DocumentStatus.PENDING, Document.uploaded_at < limit)))
    for doc in stale:
        doc.status = DocumentStatus.REJECTED
    db.session.flush()
    return [doc.storage_key for doc in stale]


# Once one of these is reached the application has been decided: replaced versions are no longer evidence.
DECIDED_STATES = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN,
                  ApplicationStatus.IN_PROGRESS, ApplicationStatus.COMPLETED, ApplicationStatus.CLOSED)


def housekeeping(now: datetime | None = None) -> list[str]:
    """Purge replaced versions of decided applications and expire unconfirmed direct uploads.
    Returns the storage keys to delete once the caller has committed."""
    decided = db.session.scalars(
        select(Application).where(Application.status.in_(DECIDED_STATES),
                                  Application.id.in_(select(Document.application_id)
                                                     .where(Document.superseded_at.is_not(None))))
        .order_by(Application.id)).all()
    keys = [key for application in decided for key in purge_superseded(application)]
    return keys + expire_pending(now)

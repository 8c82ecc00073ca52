"""Which documents an application holds: only confirmed versions that were not replaced count."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import NotFound
from portal.documents.kinds import lazy_label
from portal.extensions import db
from portal.models import Application, Document, DocumentStatus


def documents_with_status(application: Application, status: str = DocumentStatus.CONFIRMED) -> list[Document]:
    return list(db.session.scalars(
        select(Document)
        .where(Document.application_id == application.id, Document.status == status)
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    ))


def current_documents(application: Application, kind: str | None = None) -> list[Document]:
    """Confirmed documents that were not replaced: the only ones that count (newest first)."""
    if application.id is None:
        return []
    query = select(Document).where(
        Document.application_id == application.id,
        Document.status == DocumentStatus.CONFIRMED,
        Document.superseded_at.is_(None),
    )
    if kind is not None:
        query = query.where(Document.kind == kind)
    return list(db.session.scalars(query.order_by(Document.uploaded_at.desc(), Document.id.desc())))


def missing_required_kinds(application: Application) -> list[str]:
    present = {doc.kind for doc in current_documents(application)}
    return [kind for kind in application.call.program.required_document_kinds if kind not in present]


@dataclass
class ChecklistItem:
    kind: str
    label: Any  # lazy string
    required: bool
    current: list[Document] = field(default_factory=list)
    previous: list[Document] = field(default_factory=list)  # superseded versions, newest first

    @property
    def present(self) -> bool:
        return bool(self.current)


def checklist(application: Application) -> list[ChecklistItem]:
    """Required kinds, then optional kinds, then any other kind that holds documents."""
    program = application.call.program
    required = program.required_document_kinds
    items: dict[str, ChecklistItem] = {}
    for kind in [*required, *program.optional_document_kinds]:
        items.setdefault(kind, ChecklistItem(kind, lazy_label(kind), kind in required))
    for doc in documents_with_status(application):
        item = items.setdefault(doc.kind, ChecklistItem(doc.kind, lazy_label(doc.kind), False))
        (item.current if doc.superseded_at is None else item.previous).append(doc)
    return list(items.values())


def document_of(application: Application, document_id: int, *, statuses: Iterable[str] = (DocumentStatus.CONFIRMED,)
                ) -> Document:
    """A document of this application in one of ``statuses``; anything else is 404 (never disclosed)."""
    doc = db.session.get(Document, document_id)
    if doc is None or doc.application_id != application.id or doc.status not in set(statuses):
        raise NotFound(_("This document does not exist."))
    return doc

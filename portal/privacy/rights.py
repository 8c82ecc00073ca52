"""A person's rights: export everything held about one participant, correct it, erase it; each request recorded
with its date, requester, due date (30 days) and outcome.

The export is generic over PERSON_LINKS (table → how its rows point at the person): every column of every linked
table is exported, so a new personal column of a linked table is covered; tests/privacy check that every table
holding a registered personal column is linked here (or is about a project, not a person).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy import ColumnElement, Table, delete, false, func, or_, select, update

from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db, services
from portal.models import (
    ApplicationSnapshot,
    Attestation,
    Consent,
    Document,
    EmergencyContact,
    MailMessage,
    Participant,
    RightsKind,
    RightsRequest,
    StayIncident,
    StayReport,
)
from portal.privacy.purge import ANONYMOUS

ANSWER_DAYS = 30  # the law's delay to answer a request

# table name → the condition selecting the person's rows in it.
PERSON_LINKS: dict[str, Callable[[Participant], ColumnElement[bool]]] = {
    "participants": lambda p: Participant.id == p.id,
    "consents": lambda p: Consent.participant_id == p.id,
    "emergency_contacts": lambda p: EmergencyContact.participant_id == p.id,
    "stay_reports": lambda p: StayReport.participant_id == p.id,
    "stay_incidents": lambda p: StayIncident.participant_id == p.id,
    "documents": lambda p: Document.participant_id == p.id,
    "rights_requests": lambda p: RightsRequest.participant_id == p.id,
    "application_snapshots": lambda p: ApplicationSnapshot.application_id == p.application_id,
    "mail_outbox": lambda p: MailMessage.recipient == p.email if p.email else false(),
    "attestations": lambda p: Attestation.participant_id == p.id,
}
# Tables with personal columns about people around a project, not about one participant (exported with nobody).
PROJECT_TABLES = frozenset({"stay_care"})


def _json(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _table(name: str) -> Table:
    return db.Model.metadata.tables[name]


def _snapshot_rows(participant: Participant, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the person's own entry of each snapshot (the others belong to other people)."""
    kept = []
    for row in rows:
        mine = [entry for entry in (row.get("data") or {}).get("participants", [])
                if isinstance(entry, dict) and entry.get("id") == participant.id]
        if mine:
            kept.append({"id": row["id"], "number": row["number"], "created_at": row["created_at"],
                         "participant": mine[0]})
    return kept


def export(participant: Participant) -> dict[str, list[dict[str, Any]]]:
    """Every row held about the person, table by table, every column."""
    data: dict[str, list[dict[str, Any]]] = {}
    for name, link in PERSON_LINKS.items():
        table = _table(name)
        rows = [{column: _json(value) for column, value in row._mapping.items()}
                for row in db.session.execute(select(table).where(link(participant)).order_by(table.c.id))]
        data[name] = _snapshot_rows(participant, rows) if name == "application_snapshots" else rows
    return data


def find_people(term: str, limit: int = 50) -> list[Participant]:
    """Admin lookup by e-mail or name (erased people are not found)."""
    term = (term or "").strip().lower()
    if len(term) < 2:
        return []
    like = f"%{term}%"
    return list(db.session.scalars(select(Participant).where(
        Participant.anonymised_at.is_(None),
        or_(func.lower(Participant.email) == term, func.lower(Participant.last_name).like(like),
            func.lower(Participant.first_name + " " + Participant.last_name).like(like)))
        .order_by(Participant.id).limit(limit)))


def person(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise NotFound()
    return participant


def record_request(participant: Participant | None, kind: str, requester: str, requested_on: date | None,
                   actor: Any, outcome: str = "", done: bool = False) -> RightsRequest:
    if kind not in set(RightsKind):
        raise InvalidInput(gettext("Unknown kind of request."))
    requester = (requester or "").strip()[:200]
    if not requester or requested_on is None:
        raise InvalidInput(gettext("Say who made the request and when."))
    if requested_on > services.clock.today():
        raise InvalidInput(gettext("The request cannot be dated in the future."))
    request = RightsRequest(participant_id=participant.id if participant else None, kind=kind,
                            requested_on=requested_on, due_on=requested_on + timedelta(days=ANSWER_DAYS),
                            requester=requester, outcome=outcome, handled_by_id=getattr(actor, "id", None),
                            completed_at=utcnow() if done else None)
    db.session.add(request)
    db.session.flush()
    add_event(actor, f"rights.{kind}", "rights_request", request.id,
              after={"participant_id": request.participant_id, "done": done})
    return request


CORRECTABLE = ("first_name", "last_name", "email", "birth_date", "trade")


def correct(participant: Participant, values: dict[str, Any], requester: str, requested_on: date | None,
            actor: Any) -> RightsRequest:
    changed = []
    for name in CORRECTABLE:
        if name in values and values[name] != getattr(participant, name):
            value = values[name]
            if name in ("first_name", "last_name") and not (value or "").strip():
                raise InvalidInput(gettext("The first and last names cannot be empty."))
            setattr(participant, name, value.strip() if isinstance(value, str) else value)
            changed.append(name)
    outcome = gettext("Corrected: %(fields)s.", fields=", ".join(changed)) if changed else gettext(
        "Nothing to correct.")
    return record_request(participant, RightsKind.CORRECTION, requester, requested_on, actor, outcome, done=True)


def erase(participant: Participant, requester: str, requested_on: date | None, actor: Any) -> tuple[
        RightsRequest, list[str]]:
    """Erase the person: the row stays anonymised (counts and money), everything else about them goes. Returns the
    request and the storage keys to delete after commit."""
    request = record_request(participant, RightsKind.ERASURE, requester, requested_on, actor,
                             gettext("Erased and anonymised."), done=True)
    email = participant.email
    keys = list(db.session.scalars(select(Document.storage_key).where(Document.participant_id == participant.id)))
    db.session.execute(update(Document).where(Document.superseded_by_id.in_(
        select(Document.id).where(Document.participant_id == participant.id))).values(superseded_by_id=None))
    db.session.execute(delete(Document).where(Document.participant_id == participant.id))
    db.session.execute(delete(EmergencyContact).where(EmergencyContact.participant_id == participant.id))
    db.session.execute(update(Consent).where(Consent.participant_id == participant.id)
                       .values(given_by=ANONYMOUS, withdrawn_by=None))
    db.session.execute(update(StayReport).where(StayReport.participant_id == participant.id)
                       .values(competencies="", advice="", comments="", quote_consent=False))
    db.session.execute(update(StayIncident).where(StayIncident.participant_id == participant.id)
                       .values(nature="", actions=""))
    if email:
        db.session.execute(delete(MailMessage).where(func.lower(MailMessage.recipient) == email.lower()))
    _erase_from_snapshots(participant)
    db.session.execute(update(Attestation).where(Attestation.participant_id == participant.id)
                       .values(competencies="", revoked_at=utcnow(), revoked_reason="erased"))
    # The requests stay as the proof of the answer (kind, dates, outcome, who handled it), without the name.
    db.session.execute(update(RightsRequest).where(RightsRequest.participant_id == participant.id)
                       .values(requester=ANONYMOUS))
    for name, value in {"first_name": ANONYMOUS, "last_name": ANONYMOUS, "email": None, "birth_date": None,
                        "trade": "", "user_id": None, "consent_by": None, "parental_consent_by": None,
                        "inclusion_needs": "", "anonymised_at": utcnow()}.items():
        setattr(participant, name, value)
    db.session.flush()
    db.session.expire_all()
    return request, keys


def _erase_from_snapshots(participant: Participant) -> None:
    for snapshot in db.session.scalars(select(ApplicationSnapshot)
                                       .where(ApplicationSnapshot.application_id == participant.application_id)):
        data = dict(snapshot.data or {})
        entries = data.get("participants", [])
        cleaned = [{"id": entry.get("id"), "kind": entry.get("kind"), "erased": True}
                   if isinstance(entry, dict) and entry.get("id") == participant.id else entry for entry in entries]
        if cleaned != entries:
            snapshot.data = {**data, "participants": cleaned}


def register(after_id: int | None = None, limit: int = 50) -> list[RightsRequest]:
    """The requests, newest first, keyset-paginated by id."""
    query = select(RightsRequest).order_by(RightsRequest.id.desc()).limit(limit)
    if after_id:
        query = query.where(RightsRequest.id < after_id)
    return list(db.session.scalars(query))


def register_of(participant: Participant) -> list[RightsRequest]:
    return list(db.session.scalars(select(RightsRequest).where(RightsRequest.participant_id == participant.id)
                                   .order_by(RightsRequest.id.desc())))

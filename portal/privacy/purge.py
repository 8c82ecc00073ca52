"""The retention purge: what is past its time is anonymised or deleted, in bulk SQL statements (never a Python loop
over every row), keeping the rows the indicators count and every amount of money.

Each step counts what it would touch (dry run) or does it; the run is logged as one AuditEvent with the counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update

from portal.audit.trail import add_event
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationSnapshot,
    ApplicationStatus,
    Attestation,
    Consent,
    Decision,
    Document,
    EmergencyContact,
    MailMessage,
    Participant,
    RightsRequest,
    StayCare,
    StayIncident,
    StayReport,
)
from portal.privacy.retention import days_for

# Documents that identify a person (consents, insurance, travel authorisations, lists of names).
IDENTITY_DOCUMENT_KINDS = ("parental_consent", "insurance", "health_insurance", "travel_authorisation",
                           "participant_list")
# States in which a file is over without a closing decision.
ENDED_WITHOUT_CLOSING = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
ANONYMOUS = "—"


@dataclass
class Step:
    kind: str
    what: str
    count: Callable[[], int]
    apply: Callable[[], Any]


def _moment(days_ago: int, now: datetime) -> datetime:
    return now - timedelta(days=days_ago)


def closed_before(moment: datetime) -> Select:
    """Ids of the applications whose file ended before that moment: closed, or rejected / withdrawn."""
    closed = select(Decision.application_id).where(Decision.action == "close", Decision.created_at < moment)
    ended = select(Application.id).where(Application.status.in_(ENDED_WITHOUT_CLOSING),
                                         Application.updated_at < moment)
    return closed.union(ended)


def stay_ended_before(day: date) -> Select:
    return select(Application.id).where(Application.end_date < day)


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _identity(now: datetime) -> list[Step]:
    apps = closed_before(_moment(days_for("identity"), now))
    people = select(Participant.id).where(Participant.application_id.in_(apps), Participant.anonymised_at.is_(None))

    def apply() -> None:
        ids = select(people.subquery().c.id)
        db.session.execute(update(Consent).where(Consent.participant_id.in_(ids))
                           .values(given_by=ANONYMOUS, withdrawn_by=None))
        db.session.execute(delete(EmergencyContact).where(EmergencyContact.participant_id.in_(ids)))
        db.session.execute(delete(ApplicationSnapshot).where(ApplicationSnapshot.application_id.in_(apps)))
        db.session.execute(update(Participant).where(Participant.id.in_(ids)).values(
            first_name=ANONYMOUS, last_name=ANONYMOUS, email=None, birth_date=None, trade="", user_id=None,
            consent_by=None, parental_consent_by=None, inclusion_needs="", anonymised_at=now)
            .execution_options(synchronize_session=False))
    return [Step("identity", "participants anonymised", lambda: _count(people), apply)]


def _scrub_snapshots(application_ids: list[int]) -> None:
    """Snapshots keep what was submitted, inclusion needs included: blank them there too."""
    for snapshot in db.session.scalars(select(ApplicationSnapshot)
                                       .where(ApplicationSnapshot.application_id.in_(application_ids))):
        data = dict(snapshot.data or {})
        people = [dict(p, inclusion_needs="") if isinstance(p, dict) else p for p in data.get("participants", [])]
        if people != data.get("participants", []):
            snapshot.data = {**data, "participants": people}


def _inclusion(now: datetime) -> list[Step]:
    ended = stay_ended_before(_moment(days_for("inclusion"), now).date())
    needs = select(Participant.id, Participant.application_id).where(
        Participant.application_id.in_(ended), Participant.inclusion_needs != "")

    def apply() -> None:
        application_ids = sorted({row.application_id for row in db.session.execute(needs)})
        db.session.execute(update(Participant).where(Participant.application_id.in_(ended),
                                                     Participant.inclusion_needs != "")
                           .values(inclusion_needs="").execution_options(synchronize_session=False))
        _scrub_snapshots(application_ids)
    return [Step("inclusion", "inclusion needs erased", lambda: _count(needs), apply)]


def _care(now: datetime) -> list[Step]:
    ended = stay_ended_before(_moment(days_for("care"), now).date())
    people = select(Participant.id).where(Participant.application_id.in_(ended))
    contacts = select(EmergencyContact.id).where(EmergencyContact.participant_id.in_(people))
    stays = select(StayCare.id).where(StayCare.application_id.in_(ended), or_(
        StayCare.local_contact_name != "", StayCare.local_contact_phone != "", StayCare.local_contact_email != ""))
    incidents = select(StayIncident.id).where(StayIncident.application_id.in_(ended), StayIncident.nature != "")
    return [
        Step("care", "emergency contacts deleted", lambda: _count(contacts),
             lambda: db.session.execute(delete(EmergencyContact).where(EmergencyContact.id.in_(contacts)))),
        Step("care", "local contacts erased", lambda: _count(stays),
             lambda: db.session.execute(update(StayCare).where(StayCare.id.in_(stays)).values(
                 local_contact_name="", local_contact_phone="", local_contact_email="")
                 .execution_options(synchronize_session=False))),
        Step("care", "incidents erased (kept as counts)", lambda: _count(incidents),
             lambda: db.session.execute(update(StayIncident).where(StayIncident.id.in_(incidents))
                                        .values(nature="", actions="").execution_options(synchronize_session=False))),
    ]


def _documents(now: datetime, removed_keys: list[str]) -> list[Step]:
    apps = closed_before(_moment(days_for("identity_documents"), now))
    docs = select(Document.id).where(Document.application_id.in_(apps), Document.kind.in_(IDENTITY_DOCUMENT_KINDS))

    def apply() -> None:
        removed_keys.extend(db.session.scalars(select(Document.storage_key).where(Document.id.in_(docs))))
        db.session.execute(update(Document).where(Document.superseded_by_id.in_(docs))
                           .values(superseded_by_id=None).execution_options(synchronize_session=False))
        db.session.execute(delete(Document).where(Document.id.in_(docs)).execution_options(synchronize_session=False))
    return [Step("identity_documents", "identity documents deleted", lambda: _count(docs), apply)]


def _reports(now: datetime) -> list[Step]:
    apps = closed_before(_moment(days_for("reports"), now))
    texts = select(StayReport.id).join(Participant, Participant.id == StayReport.participant_id).where(
        Participant.application_id.in_(apps),
        or_(StayReport.competencies != "", StayReport.advice != "", StayReport.comments != ""))
    attested = select(Attestation.id).where(Attestation.application_id.in_(apps), Attestation.competencies != "")
    return [Step("reports", "report texts erased (scores kept)", lambda: _count(texts),
                 lambda: db.session.execute(update(StayReport).where(StayReport.id.in_(texts))
                                            .values(competencies="", advice="", comments="")
                                            .execution_options(synchronize_session=False))),
            Step("reports", "attestation competencies erased", lambda: _count(attested),
                 lambda: db.session.execute(update(Attestation).where(Attestation.id.in_(attested))
                                            .values(competencies="").execution_options(synchronize_session=False)))]


def _mail(now: datetime) -> list[Step]:
    old = select(MailMessage.id).where(MailMessage.sent_at < _moment(days_for("mail"), now))
    return [Step("mail", "sent mail deleted", lambda: _count(old),
                 lambda: db.session.execute(delete(MailMessage).where(MailMessage.id.in_(old))
                                            .execution_options(synchronize_session=False)))]


def _rights(now: datetime) -> list[Step]:
    old = select(RightsRequest.id).where(RightsRequest.completed_at < _moment(days_for("rights"), now),
                                         RightsRequest.requester != ANONYMOUS)
    return [Step("rights", "requesters' names erased", lambda: _count(old),
                 lambda: db.session.execute(update(RightsRequest).where(RightsRequest.id.in_(old))
                                            .values(requester=ANONYMOUS).execution_options(synchronize_session=False)))]


@dataclass
class PurgeResult:
    counts: list[tuple[str, str, int]]  # (data kind, what, how many)
    removed_keys: list[str]  # stored files to delete once the transaction is committed


def purge(now: datetime, *, dry_run: bool = False) -> PurgeResult:
    """Count (dry run) or apply every retention rule; the caller commits, then deletes `removed_keys`."""
    removed_keys: list[str] = []
    steps = [*_documents(now, removed_keys), *_care(now), *_inclusion(now), *_reports(now), *_identity(now),
             *_mail(now), *_rights(now)]
    counts = []
    for step in steps:
        found = step.count()
        counts.append((step.kind, step.what, found))
        if found and not dry_run:
            step.apply()
    if not dry_run:
        db.session.flush()
        add_event(None, "privacy.purge", "privacy", None, remote_addr=None,
                  after={f"{kind}: {what}": n for kind, what, n in counts})
        db.session.flush()
    return PurgeResult(counts, removed_keys)

"""Participants of a project: who counts as a minor, the consents, and adding, changing, removing or importing them.

A participant is a minor when under 18 on the first day of the stay (today until the dates are known): the one
rule for the consent form, the eligibility checklist and who may read a stay report. Operations take the acting
user, raise InvalidInput before changing anything (field problems as (field name, message) pairs, CSV problems as
RowError), append an AuditEvent, bring the budget up to date and flush; the view commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from portal.applications import participants_csv
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.core.text import name_key, starts_like_formula
from portal.extensions import db, services
from portal.funding import budgets
from portal.i18n.labels import status_label
from portal.models import Application, Participant, User
from portal.models.applications import is_minor_on
from portal.privacy import consent
from portal.workflow import transitions

CONSENT_PURPOSE = "mobility"


# --- minors ----------------------------------------------------------------------------------------------------------

def minors_reference_day(application: Application) -> date:
    """The day on which minors are determined: the first day of the stay (today until it is known)."""
    return application.start_date or services.clock.today()


def is_minor(birth_date: date | None, application: Application) -> bool:
    return is_minor_on(birth_date, minors_reference_day(application))


# --- rules -----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParticipantValues:
    """What the participant form says, as typed (surrounding spaces are removed when saved)."""

    first_name: str
    last_name: str
    email: str | None
    birth_date: date | None
    kind: str
    trade: str | None
    locale: str
    inclusion_needs: str | None
    consent_by: str | None
    parental_consent: bool
    parental_consent_by: str | None


def ensure_editable(application: Application) -> None:
    if not transitions.can_edit(application):
        raise Conflict(_(
            "The participants can no longer be changed: the project is %(status)s. They can only be changed while "
            "the project is a draft, or when the coordinator has asked for changes.",
            status=status_label(application.status).lower()))


def consent_problems(values: ParticipantValues, application: Application) -> list[tuple[str, str]]:
    """Parental consent required for a minor on the first day of the stay; the guardian's name with it."""
    problems = []
    if values.parental_consent and not (values.parental_consent_by or "").strip():
        problems.append(("parental_consent_by", _("Give the name of the parent or guardian who consented.")))
    if is_minor(values.birth_date, application) and not values.parental_consent:
        problems.append(("parental_consent", _(
            "This participant is a minor on the first day of the stay (%(day)s): the consent of a parent or "
            "guardian is required.", day=format_date(minors_reference_day(application)))))
    return problems


def find_duplicate(application: Application, first_name: str, last_name: str, birth_date: date | None,
                   exclude: Participant | None = None) -> Participant | None:
    """The same person (names compared in any script without case, and without accents on Latin letters; same
    date of birth) already on the project."""
    key = (name_key(first_name), name_key(last_name), birth_date)
    for other in application.participants:
        if other is not exclude and (name_key(other.first_name), name_key(other.last_name), other.birth_date) == key:
            return other
    return None


def _check(application: Application, values: ParticipantValues, exclude: Participant | None = None) -> None:
    ensure_editable(application)
    problems = [(name, _("A name cannot start with =, +, -, @ or a tab: spreadsheets would read it as a formula."))
                for name in ("first_name", "last_name") if starts_like_formula(getattr(values, name))]
    problems += consent_problems(values, application)
    if not problems and find_duplicate(application, values.first_name, values.last_name, values.birth_date,
                                       exclude=exclude):
        problems.append(("first_name", _("This person is already a participant of this project.")))
    if problems:
        raise InvalidInput(" ".join(message for _field, message in problems), failed=problems)


def _apply(participant: Participant, values: ParticipantValues) -> None:
    """Copy the values onto the participant; record (or re-record) consents with who, when and the purpose."""
    now = utcnow()
    participant.first_name = values.first_name.strip()
    participant.last_name = values.last_name.strip()
    participant.email = (values.email or "").strip() or None
    participant.birth_date = values.birth_date
    participant.kind = values.kind
    participant.trade = (values.trade or "").strip()
    participant.locale = values.locale
    participant.inclusion_needs = (values.inclusion_needs or "").strip()

    consent_by = (values.consent_by or "").strip() or participant.full_name
    if participant.consent_at is None or participant.consent_by != consent_by:
        participant.consent_by = consent_by[:200]
        participant.consent_at = now
        participant.consent_purpose = CONSENT_PURPOSE
    if values.parental_consent:
        guardian = (values.parental_consent_by or "").strip()[:200]
        if participant.parental_consent_at is None or participant.parental_consent_by != guardian:
            participant.parental_consent_by = guardian
            participant.parental_consent_at = now
    else:
        participant.parental_consent_by = None
        participant.parental_consent_at = None


def _audit(actor: User, action: str, application: Application, **after) -> None:
    """Who changed the participant list, without personal data (names and needs stay in the application)."""
    add_event(actor, action, "application", application.id, after=after or None)


# --- operations ------------------------------------------------------------------------------------------------------

def add_participant(actor: User, application: Application, values: ParticipantValues) -> Participant:
    _check(application, values)
    participant = Participant()
    _apply(participant, values)
    application.participants.append(participant)
    db.session.flush()
    consent.sync_from_participant(participant, actor)
    _audit(actor, "participant.added", application, participant_id=participant.id)
    budgets.keep_current(application)
    return participant


def update_participant(actor: User, application: Application, participant: Participant,
                       values: ParticipantValues) -> None:
    _check(application, values, exclude=participant)
    _apply(participant, values)
    consent.sync_from_participant(participant, actor)
    _audit(actor, "participant.updated", application, participant_id=participant.id)
    budgets.keep_current(application)


def remove_participant(actor: User, application: Application, participant: Participant) -> None:
    ensure_editable(application)
    participant_id = participant.id
    application.participants.remove(participant)
    db.session.flush()
    _audit(actor, "participant.removed", application, participant_id=participant_id)
    budgets.keep_current(application)


@dataclass(frozen=True)
class Imported:
    count: int
    minors: int  # on the first day of the stay: their parental consent is still to be recorded


def import_participants(actor: User, application: Application, data: bytes) -> Imported:
    """Add every student of a CSV list, or none: InvalidInput lists the RowErrors (duplicates included)."""
    ensure_editable(application)
    parsed = participants_csv.parse(data, allowed_kinds=application.call.program.kinds,
                                    today=services.clock.today())
    errors = list(parsed.errors)
    for row in parsed.rows:
        if find_duplicate(application, row.first_name, row.last_name, row.birth_date):
            errors.append(participants_csv.RowError(row.line, _(
                "line %(line)d: %(name)s is already a participant of this project.",
                line=row.line, name=row.full_name)))
    if errors:
        raise InvalidInput(" ".join(error.message for error in errors), failed=errors)
    now = utcnow()
    consent_by = f"{actor.name} (import)"[:200]
    added = []
    for row in parsed.rows:
        added.append(Participant(
            first_name=row.first_name, last_name=row.last_name, email=row.email, birth_date=row.birth_date,
            kind=row.kind, trade=row.trade, locale=row.locale, consent_by=consent_by, consent_at=now,
            consent_purpose=CONSENT_PURPOSE, inclusion_needs="",
        ))
        application.participants.append(added[-1])
    db.session.flush()
    for participant in added:
        consent.sync_from_participant(participant, actor)
    _audit(actor, "participants.imported", application, count=len(parsed.rows))
    budgets.keep_current(application)
    return Imported(count=len(parsed.rows),
                    minors=sum(1 for row in parsed.rows if is_minor(row.birth_date, application)))

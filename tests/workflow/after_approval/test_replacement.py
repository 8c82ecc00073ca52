"""Replacing a participant of an approved application: same kind, minors rule and consents, one decision."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.applications.participants import ParticipantValues
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent
from portal.workflow import replacement
from tests.workflow.after_approval.conftest import decisions
from tests.workflow.review.conftest import state_of


def values(**fields) -> ParticipantValues:
    base = {"first_name": "Léa", "last_name": "Tremblay", "email": "lea@example.com", "birth_date": date(2000, 5, 1),
            "kind": "student", "trade": "", "locale": "fr", "inclusion_needs": "", "consent_by": "Léa Tremblay",
            "parental_consent": False, "parental_consent_by": None}
    base.update(fields)
    return ParticipantValues(**base)


def test_the_newcomer_takes_the_place(approved, staff):
    application = approved()
    leaving = application.participants[0]
    replacement.replace_participant(application, staff, leaving.id, values(), "Malade.")
    assert [p.full_name for p in application.participants] == ["Léa Tremblay"]
    assert application.status == "approved"
    assert application.participants[0].consent_at is not None
    assert decisions(application, "replace_participant") == 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.replace_participant")).one()
    assert event.before["participant_id"] == leaving.id
    assert event.after["participant_id"] == application.participants[0].id


def test_a_minor_needs_parental_consent(approved, staff):
    application = approved()
    minor = values(birth_date=date(application.start_date.year - 16, 1, 1))
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        replacement.replace_participant(application, staff, application.participants[0].id, minor, "Malade.")
    assert refused.value.status_code == 400
    assert state_of(application) == before
    assert len(application.participants) == 1


def test_a_minor_with_parental_consent_is_accepted(approved, staff):
    application = approved()
    minor = values(birth_date=date(application.start_date.year - 16, 1, 1), parental_consent=True,
                   parental_consent_by="Marc Tremblay")
    replacement.replace_participant(application, staff, application.participants[0].id, minor, "Malade.")
    assert application.participants[0].parental_consent_by == "Marc Tremblay"


def test_the_replacement_is_of_the_same_kind(approved, staff):
    application = approved()
    with pytest.raises(DomainError) as refused:
        replacement.replace_participant(application, staff, application.participants[0].id,
                                        values(kind="accompanying"), "Malade.")
    assert refused.value.status_code == 400


def test_a_participant_of_another_application_is_not_found(factories, approved, staff):
    application, other = approved(), approved()
    with pytest.raises(DomainError) as refused:
        replacement.replace_participant(application, staff, other.participants[0].id, values(), "Malade.")
    assert refused.value.status_code == 404


def test_only_while_approved(approved, staff):
    application = approved()
    application.status = "in_progress"
    with pytest.raises(DomainError) as refused:
        replacement.replace_participant(application, staff, application.participants[0].id, values(), "x")
    assert refused.value.status_code == 409


def test_the_same_form_sent_twice_replaces_once(approved, staff):
    application = approved()
    leaving = application.participants[0].id
    for _ in range(2):
        replacement.replace_participant(application, staff, leaving, values(), "Malade.", idempotency_key="r-1")
    assert [p.full_name for p in application.participants] == ["Léa Tremblay"]
    assert decisions(application, "replace_participant") == 1

"""The minors rule (one reference day for the form, the checklist and the reports) and the participant operations
called without a request: refusals as (field, message) pairs or CSV row errors, nothing changed."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.applications import eligibility, participants
from portal.applications.participants import ParticipantValues
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.reports import stay_reports

START = date(2031, 6, 1)


@pytest.fixture(autouse=True)
def request_ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def application(factories, centre):
    return factories.application(centre_org=centre, start_date=START)


def values(**overrides) -> ParticipantValues:
    fields = {"first_name": "Marie", "last_name": "Tremblay", "email": "marie@example.org",
              "birth_date": date(2000, 5, 1), "kind": "student", "trade": "Cuisine", "locale": "fr",
              "inclusion_needs": "", "consent_by": "", "parental_consent": False, "parental_consent_by": ""}
    fields.update(overrides)
    return ParticipantValues(**fields)


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- minors -------------------------------------------------------------------------------------------------------

def test_a_minor_is_under_18_on_the_first_day_of_the_stay(application):
    assert participants.minors_reference_day(application) == START
    assert participants.is_minor(date(2013, 6, 2), application)  # 18 the day after the stay starts
    assert not participants.is_minor(date(2013, 6, 1), application)  # 18 on the first day
    assert not participants.is_minor(None, application)


def test_without_stay_dates_the_clock_gives_the_reference_day(application, set_today):
    application.start_date = None
    set_today(date(2031, 1, 10))
    assert participants.minors_reference_day(application) == date(2031, 1, 10)
    assert participants.is_minor(date(2013, 1, 11), application)
    set_today(date(2031, 1, 11))
    assert not participants.is_minor(date(2013, 1, 11), application)


def test_the_checklist_and_the_reports_use_the_same_rule(application, factories, officer):
    minor = factories.participant(application, birth_date=date(2013, 6, 2))
    factories.participant(application, birth_date=date(2013, 6, 1))  # adult on the first day
    checklist = {result.code: result for result in eligibility.evaluate(application, utcnow())}
    assert not checklist["parental_consent"].ok and minor.full_name in checklist["parental_consent"].message
    readable = [stay_reports.can_read(officer, p) for p in application.participants]
    assert readable == [False, True]


# --- operations ---------------------------------------------------------------------------------------------------

def test_a_minor_without_parental_consent_is_refused_on_the_field(application, staff):
    with force_locale("en"), pytest.raises(InvalidInput) as refused:
        participants.add_participant(staff, application, values(birth_date=date(2015, 1, 1)))
    [(field, message)] = refused.value.failed
    assert field == "parental_consent" and "minor on the first day of the stay" in message
    assert application.participants == []


def test_a_guardian_name_is_required_with_the_parental_consent(application, staff):
    with pytest.raises(InvalidInput) as refused:
        participants.add_participant(staff, application, values(parental_consent=True))
    assert [field for field, _message in refused.value.failed] == ["parental_consent_by"]


def test_added_participant_has_consents_and_one_audit_event_without_personal_data(application, staff):
    participant = participants.add_participant(staff, application, values(
        first_name=" Léa ", birth_date=date(2015, 1, 1), parental_consent=True, parental_consent_by=" Paul "))
    assert participant.first_name == "Léa" and participant.parental_consent_by == "Paul"
    assert participant.consent_by == "Léa Tremblay" and participant.consent_purpose == "mobility"
    [event] = audited("participant.added")
    assert event.actor_id == staff.id and event.after == {"participant_id": participant.id}


def test_the_same_person_twice_is_refused_on_the_first_name(application, staff):
    participants.add_participant(staff, application, values())
    with pytest.raises(InvalidInput) as refused:
        participants.add_participant(staff, application, values(first_name="MARIE", last_name="Trémblay"))
    assert [field for field, _message in refused.value.failed] == ["first_name"]
    assert len(application.participants) == 1


def test_editing_a_participant_does_not_count_it_as_its_own_duplicate(application, staff):
    participant = participants.add_participant(staff, application, values())
    participants.update_participant(staff, application, participant, values(trade="Soudage"))
    assert participant.trade == "Soudage"
    assert len(audited("participant.updated")) == 1


def test_a_submitted_project_refuses_every_change(application, staff):
    participant = participants.add_participant(staff, application, values())
    application.status = "submitted"
    with pytest.raises(Conflict):
        participants.update_participant(staff, application, participant, values(trade="Soudage"))
    with pytest.raises(Conflict):
        participants.remove_participant(staff, application, participant)
    assert participant.trade == "Cuisine" and application.participants == [participant]


def test_import_adds_every_row_and_counts_the_minors(application, factories):
    staff = factories.user(Role.STAFF, organisation=application.organisation, name="Julie Bouchard")
    data = ("prénom;nom;courriel;date de naissance;type;métier\n"
            "Ana;Roy;ana@example.org;2000-01-01;student;Cuisine\n"
            "Ben;Roy;;2015-01-01;student;Cuisine\n").encode()
    imported = participants.import_participants(staff, application, data)
    assert (imported.count, imported.minors) == (2, 1)
    assert {p.consent_by for p in application.participants} == {"Julie Bouchard (import)"}
    [event] = audited("participants.imported")
    assert event.after == {"count": 2}


def test_import_refuses_the_whole_file_when_a_row_is_already_a_participant(application, staff):
    participants.add_participant(staff, application, values(first_name="Ana", last_name="Roy",
                                                            birth_date=date(2000, 1, 1)))
    data = ("prénom;nom;courriel;date de naissance;type;métier\n"
            "Ana;Roy;;2000-01-01;student;Cuisine\n"
            "Ben;Roy;;2001-01-01;student;Cuisine\n").encode()
    with force_locale("en"), pytest.raises(InvalidInput) as refused:
        participants.import_participants(staff, application, data)
    [error] = refused.value.failed
    assert error.line == 2 and "already a participant" in error.message
    assert len(application.participants) == 1


def test_future_births_are_refused_against_the_clock(application, staff, set_today):
    set_today(date(2030, 1, 1))
    data = ("prénom;nom;courriel;date de naissance;type;métier\n"
            "Ana;Roy;;2030-06-01;student;Cuisine\n").encode()
    with pytest.raises(InvalidInput) as refused:
        participants.import_participants(staff, application, data)
    assert [error.line for error in refused.value.failed] == [2]

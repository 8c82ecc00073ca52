"""The database itself refuses inconsistent rows (on SQLite and on PostgreSQL), whatever the code above it does."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.core.clock import Clock
from portal.extensions import db
from portal.models import Application, Call, Document, Organisation, Participant, StayReport, User

UNIQUE = "unique"
FOREIGN_KEY = "foreign key"


def refused(*objects, because: str, error=IntegrityError):
    """Adding these objects fails at flush for the given reason (a constraint name, "unique" or "foreign key");
    the savepoint is rolled back so the test's transaction goes on."""
    with pytest.raises(error) as caught:
        with db.session.begin_nested():
            db.session.add_all(objects)
            db.session.flush()
    message = str(getattr(caught.value, "orig", caught.value)).lower()
    assert because.lower() in message, message
    return caught.value


def accepted(*objects):
    with db.session.begin_nested():
        db.session.add_all(objects)
        db.session.flush()


# Users ---------------------------------------------------------------------------------------------------------

def test_staff_user_without_organisation_is_refused():
    refused(User(email="staff@example.com", name="Staff", role="staff", organisation_id=None),
            because="ck_users_staff_has_organisation")


def test_coordinator_without_organisation_is_accepted():
    accepted(User(email="coord@example.com", name="Coord", role="coordinator"))


def test_unknown_role_is_refused():
    refused(User(email="root@example.com", name="Root", role="superuser"), because="ck_users_role_allowed")


def test_unknown_user_locale_is_refused():
    refused(User(email="de@example.com", name="De", role="coordinator", locale="de"), because="ck_users_locale_allowed")


def test_duplicate_email_is_refused(factories):
    existing = factories.user("coordinator")
    refused(User(email=existing.email, name="Twin", role="coordinator"), because=UNIQUE)


# Organisations -------------------------------------------------------------------------------------------------

def test_centre_without_region_is_refused():
    refused(Organisation(kind="centre", name="CFP sans région", city="Québec", region_code=None),
            because="ck_organisations_centre_has_region")


def test_partner_without_region_is_accepted():
    accepted(Organisation(kind="partner", name="Partner", city="Lyon", country_code="FR"))


def test_unknown_organisation_kind_is_refused():
    refused(Organisation(kind="school", name="School", city="Lyon"), because="ck_organisations_kind_allowed")


def test_centre_with_unknown_region_is_refused(factories):
    refused(Organisation(kind="centre", name="CFP région 99", city="Nulle part", region_code="99"), because=FOREIGN_KEY)


@pytest.mark.parametrize("latitude", [Decimal("90.5"), Decimal("-91")])
def test_latitude_out_of_range_is_refused(latitude):
    refused(Organisation(kind="partner", name="Pole", city="Nowhere", latitude=latitude, longitude=Decimal("0")),
            because="ck_organisations_latitude_range")


def test_longitude_out_of_range_is_refused():
    refused(Organisation(kind="partner", name="Dateline", city="Nowhere", latitude=Decimal("0"),
                         longitude=Decimal("180.5")), because="ck_organisations_longitude_range")


def test_extreme_valid_coordinates_are_accepted():
    accepted(Organisation(kind="partner", name="Pole", city="Nowhere", latitude=Decimal("-90"),
                          longitude=Decimal("180")))


# Applications --------------------------------------------------------------------------------------------------

def application_fields(factories, **overrides) -> dict:
    start = Clock().today() + timedelta(days=60)
    values = {"call": factories.call(), "organisation": factories.centre(), "title": "Projet",
              "start_date": start, "end_date": start + timedelta(days=13)}
    values.update(overrides)
    return values


def test_application_ending_before_it_starts_is_refused(factories):
    start = Clock().today() + timedelta(days=60)
    refused(Application(**application_fields(factories, start_date=start, end_date=start - timedelta(days=1))),
            because="ck_applications_dates_ordered")


def test_application_of_one_day_is_accepted_by_the_database(factories):
    start = Clock().today() + timedelta(days=60)
    accepted(Application(**application_fields(factories, start_date=start, end_date=start)))


def test_unknown_application_status_is_refused(factories):
    refused(Application(**application_fields(factories, status="archived")), because="ck_applications_status_allowed")


def test_negative_travel_days_are_refused(factories):
    refused(Application(**application_fields(factories, travel_days=-1)), because="ck_applications_travel_days_not_negative")


def test_unknown_direction_is_refused(factories):
    refused(Application(**application_fields(factories, direction="sideways")), because="ck_applications_direction_allowed")


def test_application_for_a_missing_call_is_refused(factories):
    fields = application_fields(factories)
    del fields["call"]
    refused(Application(call_id=999_999, **fields), because=FOREIGN_KEY)


# Programs and calls --------------------------------------------------------------------------------------------

def test_program_with_zero_minimum_days_is_refused(factories):
    program = factories.program()
    program.min_days = 0
    refused(program, because="ck_programs_min_days_positive")


def test_program_with_unknown_funding_model_is_refused(factories):
    program = factories.program()
    program.funding_model = "lottery"
    refused(program, because="ck_programs_funding_model_allowed")


def call_fields(program, **overrides) -> dict:
    values = {"program_id": program.id, "year": 2090, "title_fr": "Appel", "title_en": "Call",
              "opens_at": datetime(2090, 1, 1, 12), "closes_at": datetime(2090, 2, 15, 23),
              "stays_start_from": date(2090, 2, 16), "stays_end_by": date(2090, 8, 31),
              "envelope_cents": 1_000_000, "committed_cents": 0}
    values.update(overrides)
    return values


def test_call_closing_before_it_opens_is_refused(factories):
    refused(Call(**call_fields(factories.program(), opens_at=datetime(2090, 3, 1), closes_at=datetime(2090, 2, 1))),
            because="ck_calls_closes_after_opens")


def test_call_closing_when_it_opens_is_refused(factories):
    refused(Call(**call_fields(factories.program(), opens_at=datetime(2090, 3, 1), closes_at=datetime(2090, 3, 1))),
            because="ck_calls_closes_after_opens")


def test_call_committing_more_than_its_envelope_is_refused(factories):
    refused(Call(**call_fields(factories.program(), envelope_cents=100_000, committed_cents=100_001)),
            because="ck_calls_committed_within_envelope")


def test_call_committing_exactly_its_envelope_is_accepted(factories):
    accepted(Call(**call_fields(factories.program(), envelope_cents=100_000, committed_cents=100_000)))


def test_negative_envelope_is_refused(factories):
    refused(Call(**call_fields(factories.program(), envelope_cents=-1)), because="ck_calls_")  # either envelope check


def test_second_call_for_the_same_program_and_year_is_refused(factories):
    program = factories.program()
    accepted(Call(**call_fields(program, year=2091)))
    refused(Call(**call_fields(program, year=2091, title_fr="Doublon", title_en="Duplicate")), because=UNIQUE)


def test_same_year_for_another_program_is_accepted(factories):
    accepted(Call(**call_fields(factories.program(), year=2092)))
    accepted(Call(**call_fields(factories.program(), year=2092)))


def test_overspending_an_existing_call_is_refused(factories):
    call = factories.call(envelope_cents=50_000)
    call.committed_cents = 50_001
    refused(call, because="ck_calls_committed_within_envelope")


# Foreign keys --------------------------------------------------------------------------------------------------

def test_participant_of_a_missing_application_is_refused():
    """Foreign keys are enforced on SQLite too (PRAGMA foreign_keys on every connection)."""
    refused(Participant(application_id=999_999, first_name="Nobody", last_name="Home", kind="student"), because=FOREIGN_KEY)


def test_sqlite_connections_enforce_foreign_keys():
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite only")
    assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_unknown_participant_kind_is_refused(factories):
    application = factories.application()
    refused(Participant(application_id=application.id, first_name="A", last_name="B", kind="tourist"),
            because="ck_participants_kind_allowed")


# Reports and documents -----------------------------------------------------------------------------------------

def test_stay_report_satisfaction_above_five_is_refused(factories):
    participant = factories.participant(factories.application())
    refused(StayReport(participant_id=participant.id, satisfaction_overall=6), because="ck_stay_reports_satisfaction_overall_range")


def test_stay_report_satisfaction_below_one_is_refused(factories):
    participant = factories.participant(factories.application())
    refused(StayReport(participant_id=participant.id, satisfaction_host=0), because="ck_stay_reports_satisfaction_host_range")


def test_stay_report_satisfaction_within_scale_is_accepted(factories):
    participant = factories.participant(factories.application())
    accepted(StayReport(participant_id=participant.id, satisfaction_overall=5, satisfaction_host=1, language_progress=3))


def test_second_stay_report_for_a_participant_is_refused(factories):
    participant = factories.participant(factories.application())
    accepted(StayReport(participant_id=participant.id))
    refused(StayReport(participant_id=participant.id), because=UNIQUE)


def document(application, **overrides) -> Document:
    values = {"application_id": application.id, "kind": "budget_grid", "storage_backend": "local",
              "storage_key": f"documents/{application.id}/key-{overrides.get('storage_backend', 'x')}",
              "original_name": "budget.pdf", "content_type": "application/pdf", "size_bytes": 1234}
    values.update(overrides)
    return Document(**values)


def test_document_with_unknown_storage_backend_is_refused(factories):
    refused(document(factories.application(), storage_backend="ftp"), because="ck_documents_backend_allowed")


@pytest.mark.parametrize("backend", ["local", "s3"])
def test_document_with_known_storage_backend_is_accepted(factories, backend):
    accepted(document(factories.application(), storage_backend=backend))


def test_document_with_negative_size_is_refused(factories):
    refused(document(factories.application(), size_bytes=-1), because="ck_documents_size_not_negative")


def test_two_documents_with_the_same_storage_key_are_refused(factories):
    application = factories.application()
    accepted(document(application, storage_key="documents/same"))
    refused(document(application, storage_key="documents/same", original_name="other.pdf"), because=UNIQUE)


# Optimistic concurrency ----------------------------------------------------------------------------------------

def test_application_version_starts_at_one_and_increments_on_update(factories):
    application = factories.application()
    assert application.version == 1
    application.title = "Nouveau titre"
    db.session.flush()
    assert application.version == 2
    stored = db.session.execute(sa.select(Application.__table__.c.version)
                                .where(Application.__table__.c.id == application.id)).scalar_one()
    assert stored == 2


def test_stale_application_update_is_refused(factories):
    application = factories.application()
    table = Application.__table__
    # Another writer updates the row behind this session's back.
    db.session.execute(sa.update(table).where(table.c.id == application.id)
                       .values(title="Changed elsewhere", version=table.c.version + 1))
    application.title = "My change"
    refused(application, error=StaleDataError, because="expected to update 1 row")

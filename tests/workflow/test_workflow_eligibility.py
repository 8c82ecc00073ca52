"""Eligibility rules, each at its boundary (data from the factories; no request is made)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.applications import eligibility
from portal.core.clock import Clock, utcnow
from portal.documents.queries import current_documents

START = Clock().today() + timedelta(days=60)
if (START.month, START.day) == (2, 29):  # birthdays below are "same day, N years earlier"
    START += timedelta(days=1)


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():  # messages are translated in the current locale
        yield


def rule(application, code, at: datetime | None = None) -> eligibility.RuleResult:
    results = {result.code: result for result in eligibility.evaluate(application, at or utcnow())}
    return results[code]


def birth_date_turning(age: int, on: date) -> date:
    return on.replace(year=on.year - age)


# --- all rules together ------------------------------------------------------------------------------------------

def test_a_complete_application_passes_every_rule(factories):
    application = factories.submittable_application()
    assert eligibility.blocking(eligibility.evaluate(application, utcnow())) == []


def test_rules_come_in_display_order_with_a_message_each(factories):
    results = eligibility.evaluate(factories.application(), utcnow())
    assert [r.code for r in results] == [
        "min_days", "travel_days", "within_call_window", "ends_before_call_end", "call_open", "country_allowed",
        "has_participants", "parental_consent", "accompanying_ratio", "participant_kinds", "required_documents",
        "funding_caps",
    ]
    assert all(isinstance(r.message, str) and r.message for r in results)


def test_blocking_keeps_only_failed_rules(factories):
    application = factories.submittable_application(end_date=START + timedelta(days=5))
    assert [r.code for r in eligibility.blocking(eligibility.evaluate(application, utcnow()))] == ["min_days"]


# --- days --------------------------------------------------------------------------------------------------------

def test_six_days_counted_inclusively_are_refused(factories):
    application = factories.application(start_date=START, end_date=START + timedelta(days=5))
    assert rule(application, "min_days").ok is False


def test_seven_days_counted_inclusively_are_accepted(factories):
    application = factories.application(start_date=START, end_date=START + timedelta(days=6))
    assert rule(application, "min_days").ok is True


def test_minimum_comes_from_the_program(factories):
    call = factories.call(factories.program(min_days=10))
    application = factories.application(call_obj=call, start_date=START, end_date=START + timedelta(days=8))
    assert rule(application, "min_days").ok is False


def test_three_travel_days_are_allowed_but_only_two_count(factories):
    application = factories.application(travel_days=3)  # 14-day stay: 13 days counted
    result = rule(application, "travel_days")
    assert result.ok is True and "13" in result.message
    assert "13" in rule(application, "min_days").message


def test_travel_days_beyond_the_allowance_can_make_a_stay_too_short(factories):
    start = Clock().today() + timedelta(days=60)
    application = factories.application(travel_days=4, start_date=start, end_date=start + timedelta(days=7))
    assert rule(application, "min_days").ok is False  # 8 days, 2 of 4 travel days not counted: 6 < 7


def test_two_travel_days_are_accepted(factories):
    assert rule(factories.application(travel_days=2), "travel_days").ok is True


@pytest.mark.parametrize("code", ["min_days", "within_call_window", "ends_before_call_end", "parental_consent"])
def test_missing_dates_fail_the_date_rules_without_crashing(factories, code):
    application = factories.application()
    application.start_date = application.end_date = None
    result = rule(application, code)
    assert (result.ok, result.message) == (False, eligibility._dates_missing(code).message)


# --- call window and deadline ------------------------------------------------------------------------------------

def test_stay_starting_the_day_before_the_call_window_is_refused(factories):
    call = factories.call(stays_start_from=START)
    application = factories.application(call_obj=call, start_date=START - timedelta(days=1))
    assert rule(application, "within_call_window").ok is False


def test_stay_starting_on_the_first_day_of_the_window_is_accepted(factories):
    call = factories.call(stays_start_from=START)
    application = factories.application(call_obj=call, start_date=START)
    assert rule(application, "within_call_window").ok is True


def test_stay_ending_one_day_after_the_call_end_is_refused(factories):
    call = factories.call(stays_end_by=START + timedelta(days=13))
    application = factories.application(call_obj=call, start_date=START, end_date=START + timedelta(days=14))
    assert rule(application, "ends_before_call_end").ok is False


def test_stay_ending_on_the_call_end_is_accepted(factories):
    call = factories.call(stays_end_by=START + timedelta(days=13))
    application = factories.application(call_obj=call, start_date=START, end_date=START + timedelta(days=13))
    assert rule(application, "ends_before_call_end").ok is True


def test_submission_exactly_at_the_deadline_is_accepted(factories):
    application = factories.application()
    assert rule(application, "call_open", at=application.call.closes_at).ok is True


def test_submission_one_second_past_the_deadline_is_refused(factories):
    application = factories.application()
    at = application.call.closes_at + timedelta(seconds=1)
    assert rule(application, "call_open", at=at).ok is False


def test_submission_before_the_call_opens_is_refused(factories):
    application = factories.application()
    at = application.call.opens_at - timedelta(seconds=1)
    assert rule(application, "call_open", at=at).ok is False


# --- destination -------------------------------------------------------------------------------------------------

def test_country_outside_the_program_list_is_refused(factories):
    assert rule(factories.application(destination_country="JP"), "country_allowed").ok is False


def test_country_in_the_program_list_is_accepted(factories):
    assert rule(factories.application(destination_country="MX"), "country_allowed").ok is True


def test_empty_country_list_allows_every_country(factories):
    call = factories.call(factories.program(allowed_countries=""))
    application = factories.application(call_obj=call, destination_country="JP")
    assert rule(application, "country_allowed").ok is True


def test_missing_destination_country_is_refused(factories):
    assert rule(factories.application(destination_country=None), "country_allowed").ok is False



def test_a_stay_in_canada_without_a_province_is_refused_at_submission(factories):
    """Applications saved before the form asked for the province cannot be submitted without one."""
    call = factories.call(factories.program(allowed_countries=""))
    application = factories.application(call_obj=call, destination_country="CA")
    application.destination_subdivision = None
    result = rule(application, "country_allowed")
    assert result.ok is False
    assert "province" in result.message


def test_a_stay_in_ontario_is_accepted(factories):
    call = factories.call(factories.program(allowed_countries=""))
    application = factories.application(call_obj=call, destination_country="CA")
    application.destination_subdivision = "CA-ON"
    assert rule(application, "country_allowed").ok is True

# --- participants ------------------------------------------------------------------------------------------------

def test_no_participant_is_refused(factories):
    assert rule(factories.application(), "has_participants").ok is False


def test_one_participant_is_accepted(factories):
    application = factories.application()
    factories.participant(application)
    assert rule(application, "has_participants").ok is True


def test_minor_without_parental_consent_is_refused(factories):
    application = factories.application(start_date=START)
    factories.participant(application, birth_date=birth_date_turning(16, START))
    assert rule(application, "parental_consent").ok is False


def test_minor_with_parental_consent_is_accepted(factories):
    application = factories.application(start_date=START)
    factories.participant(application, birth_date=birth_date_turning(16, START), parental_consent_by="Parent",
                          parental_consent_at=datetime(2026, 1, 5, 10, 0))
    assert rule(application, "parental_consent").ok is True


def test_consent_without_its_date_does_not_count(factories):
    application = factories.application(start_date=START)
    factories.participant(application, birth_date=birth_date_turning(16, START), parental_consent_by="Parent")
    assert rule(application, "parental_consent").ok is False


def test_eighteenth_birthday_on_the_start_date_counts_as_adult(factories):
    application = factories.application(start_date=START)
    factories.participant(application, birth_date=birth_date_turning(18, START))
    assert rule(application, "parental_consent").ok is True


def test_eighteenth_birthday_the_day_after_the_start_date_is_still_a_minor(factories):
    application = factories.application(start_date=START)
    factories.participant(application, birth_date=birth_date_turning(18, START) + timedelta(days=1))
    assert rule(application, "parental_consent").ok is False


def test_student_without_birth_date_is_refused(factories):
    application = factories.application()
    factories.participant(application, birth_date=None)
    assert rule(application, "parental_consent").ok is False


def ratio_application(factories, students: int, adults: int, **program_fields):
    values = {"participant_kinds": "student,accompanying", "max_accompanying": 2, "students_per_adult": 5}
    values.update(program_fields)
    application = factories.application(call_obj=factories.call(factories.program(**values)))
    for _ in range(students):
        factories.participant(application)
    for _ in range(adults):
        factories.participant(application, kind="accompanying")
    return application


def test_one_adult_for_five_students_is_accepted(factories):
    assert rule(ratio_application(factories, 5, 1), "accompanying_ratio").ok is True


def test_two_adults_for_five_students_is_refused(factories):
    assert rule(ratio_application(factories, 5, 2), "accompanying_ratio").ok is False


def test_a_started_group_of_students_earns_one_more_adult(factories):
    assert rule(ratio_application(factories, 6, 2), "accompanying_ratio").ok is True


def test_adults_beyond_the_program_maximum_are_refused(factories):
    assert rule(ratio_application(factories, 20, 3), "accompanying_ratio").ok is False


def test_participant_kind_outside_the_program_is_refused(factories):
    application = factories.application()  # program: student,accompanying
    factories.participant(application, kind="teacher")
    assert rule(application, "participant_kinds").ok is False


def test_teachers_and_staff_are_accepted_when_the_program_lists_them(factories):
    call = factories.call(factories.program(participant_kinds="teacher,staff", max_accompanying=0))
    application = factories.application(call_obj=call)
    factories.participant(application, kind="teacher")
    factories.participant(application, kind="staff")
    assert rule(application, "participant_kinds").ok is True


# --- documents ---------------------------------------------------------------------------------------------------

def test_missing_required_document_is_refused(factories):
    application = factories.submittable_application()
    factories.db.session.delete(
        next(d for d in current_documents(application) if d.kind == "budget_grid"))
    factories.db.session.flush()
    assert rule(application, "required_documents").ok is False


def test_all_required_documents_confirmed_are_accepted(factories):
    assert rule(factories.submittable_application(), "required_documents").ok is True


def test_pending_document_does_not_count(factories):
    application = factories.submittable_application()
    document = next(d for d in current_documents(application) if d.kind == "budget_grid")
    document.status = "pending"
    assert rule(application, "required_documents").ok is False


def test_superseded_document_does_not_count(factories):
    application = factories.submittable_application()
    document = next(d for d in current_documents(application) if d.kind == "budget_grid")
    document.superseded_at = utcnow()
    assert rule(application, "required_documents").ok is False


# --- funding caps ------------------------------------------------------------------------------------------------

def test_a_budget_not_yet_computed_blocks_the_submission(factories):
    result = rule(factories.application(), "funding_caps")
    assert result.ok is False
    assert "not been computed" in result.message or "pas encore été calculé" in result.message


def capped_application(factories, requested: int, **line_fields):
    call = factories.call(factories.program(cap_cents=200_000))  # per participant
    application = factories.application(call_obj=call)
    factories.participant(application)
    factories.participant(application)
    factories.budget_line(application, computed_cents=requested, requested_cents=requested, **line_fields)
    return application


def test_request_at_the_cap_is_accepted(factories):
    assert rule(capped_application(factories, 400_000), "funding_caps").ok is True


def test_request_one_cent_above_the_cap_is_refused(factories):
    assert rule(capped_application(factories, 400_001), "funding_caps").ok is False


def test_request_above_the_cap_with_only_a_justification_is_refused(factories):
    application = capped_application(factories, 450_000, justification="Quoted fare: no cheaper route")
    result = rule(application, "funding_caps")
    assert result.ok is False and "500" in result.message  # by how much: 4 500 $ − 4 000 $


def test_request_above_the_cap_within_an_exception_request_is_accepted(factories):
    from portal.funding import cap_exceptions

    application = capped_application(factories, 450_000)
    cap_exceptions.request_exception(application, 50_000, "Quoted fare: no cheaper route", None)
    assert rule(application, "funding_caps").ok is True


def test_flat_program_cap_follows_the_stay_length(factories):
    program = factories.program(funding_model="flat_by_duration", participant_kinds="teacher",
                                flat_short_cents=250_000, flat_long_cents=300_000, flat_long_from_days=15)
    application = factories.application(call_obj=factories.call(program), start_date=START,
                                        end_date=START + timedelta(days=13))  # 14 days: short tier
    factories.participant(application, kind="teacher")
    factories.budget_line(application, kind="flat", computed_cents=260_000, requested_cents=260_000)
    assert rule(application, "funding_caps").ok is False

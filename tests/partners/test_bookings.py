"""Places taken at each partner per year (partner_bookings) stay equal to the participants counted from scratch after
each change of an application or its participants; the pairing page reads them, its own application left out."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, update

from portal.extensions import db
from portal.models import Application, PartnerBooking
from portal.partners import bookings
from tests.helpers import summary_in_step


def in_step() -> dict:
    return summary_in_step(bookings)


@pytest.fixture
def partner(factories):
    return factories.partner()


@pytest.fixture
def submitted(factories, partner):
    """Submitted to the partner, first day in 2031, three participants."""
    application = factories.application(status="submitted", partner=partner, start_date=date(2031, 3, 2))
    for _ in range(3):
        factories.participant(application)
    return application


def test_a_submitted_application_takes_places_in_the_year_of_its_first_day(submitted, partner):
    assert in_step() == {(partner.id, 2031): 3}


def test_a_draft_takes_no_place(factories, partner):
    factories.participant(factories.application(status="draft", partner=partner, start_date=date(2031, 3, 2)))
    assert in_step() == {}


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_withdrawn_or_rejected_application_frees_its_places(submitted, status):
    in_step()
    submitted.status = status
    assert in_step() == {}


def test_a_new_participant_takes_one_more_place(submitted, partner, factories):
    factories.participant(submitted)
    assert in_step() == {(partner.id, 2031): 4}


def test_moving_the_first_day_to_another_year_moves_the_places(submitted, partner):
    in_step()
    submitted.start_date, submitted.end_date = date(2032, 1, 10), date(2032, 1, 20)
    assert in_step() == {(partner.id, 2032): 3}


def test_another_partner_takes_the_places(submitted, partner, factories):
    in_step()
    other = factories.partner()
    submitted.partner = other
    assert in_step() == {(other.id, 2031): 3}


def test_rebuild_puts_the_bookings_right_after_sql_outside_the_orm(submitted, partner):
    in_step()
    db.session.execute(update(Application).where(Application.id == submitted.id).values(status="withdrawn")
                       .execution_options(synchronize_session=False))
    assert bookings.stored() != bookings.from_scratch()
    assert bookings.rebuild() == 0
    assert in_step() == {}


def test_refresh_totals_rebuilds_the_bookings(app, submitted, partner):
    db.session.flush()
    db.session.execute(delete(PartnerBooking))
    result = app.test_cli_runner().invoke(args=["refresh-totals"])
    assert result.exit_code == 0, result.output
    assert "partner bookings 1 row(s)" in result.output
    assert in_step() == {(partner.id, 2031): 3}


def _profile(application, partner_id):
    from portal.partners.pairing.inputs import partner_profiles

    return next(profile for profile in partner_profiles(application) if profile.id == partner_id)


def test_the_pairing_profiles_leave_out_the_places_of_the_application_being_paired(submitted, partner, factories):
    other = factories.application(status="approved", partner=partner, start_date=date(2031, 9, 1))
    factories.participant(other)
    db.session.flush()
    db.session.refresh(submitted)
    assert _profile(submitted, partner.id).booked_in_year == 1
    assert _profile(other, partner.id).booked_in_year == 3


def test_the_pairing_profiles_count_the_centre_successful_stays_with_each_partner(submitted, partner, factories):
    for status in ("completed", "closed", "approved"):
        factories.application(status=status, partner=partner, organisation=submitted.organisation,
                              start_date=date(2029, 5, 1))
    db.session.flush()
    assert _profile(submitted, partner.id).successful_stays_with_centre == 2

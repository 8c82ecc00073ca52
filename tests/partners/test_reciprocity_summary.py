"""The reciprocity dashboard's summary (reciprocity_totals) stays equal to the person-days computed from the
applications and participants from scratch after each change of a stay; rebuild puts it right after SQL."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from portal.extensions import db
from portal.models import Application, Participant
from portal.partners import reciprocity_summary
from tests.helpers import summary_in_step


def in_step() -> dict:
    return summary_in_step(reciprocity_summary)


@pytest.fixture
def stay(factories):
    """Approved, outgoing, 28 Dec 2026 – 4 Jan 2027 (4 + 4 days), two participants."""
    application = factories.application(status="approved", partner=factories.partner(), start_date=date(2026, 12, 28),
                                        end_date=date(2027, 1, 4))
    for _ in range(2):
        factories.participant(application)
    return application


def test_a_counted_stay_adds_its_person_days_per_year_to_its_partner_and_centre(stay):
    summary = in_step()
    assert summary[("partner", stay.partner_id, 2026)] == (8, 0)
    assert summary[("centre", stay.organisation_id, 2027)] == (8, 0)


def test_an_incoming_stay_counts_as_received(factories):
    application = factories.application(status="completed", direction="incoming", start_date=date(2027, 3, 1),
                                        end_date=date(2027, 3, 7))
    factories.participant(application)
    assert in_step()[("centre", application.organisation_id, 2027)] == (0, 7)


def test_a_stay_under_review_is_not_counted(factories):
    application = factories.application(status="submitted", start_date=date(2027, 3, 1), end_date=date(2027, 3, 7))
    factories.participant(application)
    assert in_step() == {}


def test_adding_a_participant_adds_their_days(stay, factories):
    factories.participant(stay)
    assert in_step()[("partner", stay.partner_id, 2027)] == (12, 0)


def test_a_participant_added_by_application_id_only_counts(stay):
    db.session.add(Participant(application_id=stay.id, first_name="Zoé", last_name="Roy", kind="student",
                               birth_date=date(2000, 1, 1), consent_by="self", consent_at=date(2026, 1, 1)))
    assert in_step()[("centre", stay.organisation_id, 2026)] == (12, 0)


def test_removing_a_participant_takes_their_days_out(stay):
    in_step()
    db.session.delete(db.session.scalars(db.select(Participant).where(Participant.application_id == stay.id)).first())
    assert in_step()[("partner", stay.partner_id, 2026)] == (4, 0)


def test_moving_the_dates_moves_the_days_between_years(stay):
    in_step()
    stay.start_date, stay.end_date = date(2027, 2, 1), date(2027, 2, 10)
    summary = in_step()
    assert ("partner", stay.partner_id, 2026) not in summary
    assert summary[("partner", stay.partner_id, 2027)] == (20, 0)


def test_a_cancelled_stay_leaves_the_summary(stay):
    in_step()
    stay.status = "cancelled"
    assert in_step() == {}


def test_changing_the_partner_moves_the_days_to_the_new_one(stay, factories):
    in_step()
    old, new = stay.partner_id, factories.partner()
    stay.partner = new
    summary = in_step()
    assert ("partner", old, 2026) not in summary and summary[("partner", new.id, 2026)] == (8, 0)


def test_deleting_an_application_with_its_participants_takes_it_out(stay):
    in_step()
    for participant in db.session.scalars(db.select(Participant).where(Participant.application_id == stay.id)):
        db.session.delete(participant)
    db.session.delete(stay)
    assert in_step() == {}


def test_rebuild_puts_the_summary_right_after_a_change_made_in_sql(stay):
    in_step()
    db.session.execute(update(Application).where(Application.id == stay.id).values(status="withdrawn")
                       .execution_options(synchronize_session=False))
    assert reciprocity_summary.stored() != reciprocity_summary.from_scratch()
    reciprocity_summary.rebuild()
    assert reciprocity_summary.stored() == reciprocity_summary.from_scratch()


def test_each_owner_has_an_all_years_row_summing_its_years(stay):
    from portal.models.summaries import ALL_YEARS

    summary = in_step()
    assert summary[("partner", stay.partner_id, ALL_YEARS)] == (16, 0)
    assert summary[("centre", stay.organisation_id, ALL_YEARS)] == (16, 0)
    stay.status = "withdrawn"
    assert in_step() == {}

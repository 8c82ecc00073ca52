"""The summary of return visits owed (reciprocity_obligation_totals) stays equal to the obligations grouped from
scratch after each operation that opens, moves, meets, reopens or cancels one; rebuild puts it right after SQL."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, update

from portal.extensions import db
from portal.models import ReciprocityObligation, ReciprocityObligationTotal
from portal.partners import obligation_summary, obligations
from tests.helpers import summary_in_step
from tests.partners.test_partners_obligations import approve, obligation
from tests.statements import counting_statements


def in_step() -> dict:
    return summary_in_step(obligation_summary)


def test_an_approved_outgoing_stay_adds_an_open_obligation_to_its_partner(in_request, factories, centre, partner,
                                                                          officer):
    approve(factories, centre, partner, officer, start_date=date(2031, 3, 1))
    assert in_step() == {(partner.id, 2032): (1, 0), (partner.id, 0): (1, 0)}


def test_new_stay_dates_move_the_obligation_to_its_new_due_year(in_request, factories, centre, partner, officer):
    application = approve(factories, centre, partner, officer, start_date=date(2031, 3, 1))
    application.start_date, application.end_date = date(2033, 3, 1), date(2033, 3, 14)
    obligations.follow_dates(application)
    assert in_step() == {(partner.id, 2034): (1, 0), (partner.id, 0): (1, 0)}


def test_a_cancelled_obligation_counts_nowhere(in_request, factories, centre, partner, officer, staff):
    application = approve(factories, centre, partner, officer, start_date=date(2031, 3, 1))
    obligations.cancel_for(application, staff)
    assert in_step() == {}


def test_meeting_then_reopening_moves_the_obligation_between_met_and_open(factories, centre, partner):
    owed = obligation(factories, centre, partner, 2027)
    owed.status = "met"
    assert in_step() == {(partner.id, 2027): (0, 1), (partner.id, 0): (0, 1)}
    owed.status = "open"
    assert in_step() == {(partner.id, 2027): (1, 0), (partner.id, 0): (1, 0)}


def test_a_change_to_an_expired_obligation_takes_its_old_values_from_the_database(factories, centre, partner):
    owed = obligation(factories, centre, partner, 2027)
    db.session.expire(owed)
    owed.due_year = 2029  # its old due year was not loaded: active_history loads it before the change
    assert in_step() == {(partner.id, 2029): (1, 0), (partner.id, 0): (1, 0)}


def test_a_deleted_obligation_is_taken_away(factories, centre, partner):
    kept, gone = obligation(factories, centre, partner, 2027), obligation(factories, centre, partner, 2028)
    db.session.delete(gone)
    assert in_step() == {(partner.id, 2027): (1, 0), (partner.id, 0): (1, 0)}
    assert kept.status == "open"


def test_partners_are_kept_apart(factories, centre, partner):
    other = factories.partner()
    obligation(factories, centre, partner, 2027)
    obligation(factories, centre, other, 2027, status="met")
    assert in_step() == {(partner.id, 2027): (1, 0), (partner.id, 0): (1, 0),
                         (other.id, 2027): (0, 1), (other.id, 0): (0, 1)}


def test_rebuild_puts_the_summary_right_after_sql_outside_the_orm(factories, centre, partner):
    obligation(factories, centre, partner, 2027)
    db.session.execute(update(ReciprocityObligation).values(status="met").execution_options(
        synchronize_session=False))
    assert obligation_summary.stored() != obligation_summary.from_scratch()
    assert obligation_summary.rebuild() == 2
    assert in_step() == {(partner.id, 2027): (0, 1), (partner.id, 0): (0, 1)}


@pytest.mark.parametrize("year, expected", [(2026, obligations.Counts(due=2, overdue=1, met=1)),
                                            (2027, obligations.Counts(due=1, overdue=2, met=1))])
def test_the_counts_and_the_partners_come_from_one_statement(factories, centre, partner, year, expected):
    obligation(factories, centre, partner, 2026)
    obligation(factories, centre, partner, 2027)
    obligation(factories, centre, partner, 2025)
    obligation(factories, centre, partner, 2024, status="met")
    db.session.flush()
    with counting_statements() as counted:
        owed = obligations.owed(year, 20)
    assert (owed.total, owed.partners, owed.names, len(counted)) == \
        (expected, [(partner.id, expected)], {partner.id: partner.name}, 1)


def test_refresh_totals_rebuilds_the_summary(app, factories, centre, partner):
    obligation(factories, centre, partner, 2027)
    db.session.execute(delete(ReciprocityObligationTotal))
    result = app.test_cli_runner().invoke(args=["refresh-totals"])
    assert result.exit_code == 0, result.output
    assert "return visits owed 2 row(s)" in result.output
    assert in_step() == {(partner.id, 2027): (1, 0), (partner.id, 0): (1, 0)}

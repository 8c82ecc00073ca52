"""The demo tells the whole story on any date: every state of the workflow, an open call around today, and an
approved stay the staff account can start and complete on the day the demo is seeded."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.core.clock import Clock, FixedClock, utcnow
from portal.demo.canada import CANADIAN_STAY_TITLE
from portal.demo.seed import seed_demo_content
from portal.extensions import db, services
from portal.funding import budgets
from portal.models import Application, Call, CanadianBand, FinalReport, FundingLine, Program, StayReport, User
from portal.workflow import stay

EVERY_STATE = {"draft", "submitted", "changes_requested", "recommended", "approved", "in_progress", "completed",
               "closed"}


def by_status(status: str) -> list[Application]:
    return list(db.session.scalars(select(Application).where(Application.status == status)))


@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2027, 2, 15), date(2028, 7, 1)])
def test_demo_has_an_application_in_every_state_on_any_date(app, set_today, today):
    set_today(today)
    seed_demo_content(today)
    states = set(db.session.scalars(select(Application.status).distinct()))
    assert EVERY_STATE <= states


def test_the_students_call_is_open_today_and_its_stays_window_includes_today(app):
    seed_demo_content()
    call = db.session.scalar(select(Call).join(Program).where(Program.code == "fp-students"))
    assert call.opens_at <= utcnow() <= call.closes_at
    assert call.stays_start_from <= Clock().today() <= call.stays_end_by


def test_the_approved_demo_stay_can_be_started_and_completed_today(app):
    seed_demo_content()
    staff = db.session.scalar(select(User).where(User.email == "responsable@example.com"))
    [approved] = by_status("approved")
    stay.start_stay(approved, staff)
    stay.complete_stay(approved, staff)
    assert approved.status == "completed"


def test_in_the_evening_in_quebec_the_demo_stay_ending_today_can_be_completed(app):
    """At 21:00 in Québec it is already the next day in UTC: the demo's "today" is Québec's, as the portal's."""
    evening = FixedClock(datetime(2026, 12, 1, 2, 0))  # naive UTC: 30 November, 21:00 in Québec
    with services.replace(app, clock=evening):
        seed_demo_content()
        staff = db.session.scalar(select(User).where(User.email == "responsable@example.com"))
        [approved] = by_status("approved")
        assert approved.end_date == date(2026, 11, 30)
        approved = db.session.get(Application, approved.id, options=[selectinload(Application.participants)],
                                  populate_existing=True)  # as the stay page loads it
        stay.start_stay(approved, staff)
        stay.complete_stay(approved, staff)
    assert approved.status == "completed"


def test_completed_stays_have_reports_pending_and_filed(app):
    seed_demo_content()
    statuses = set(db.session.scalars(select(StayReport.status)))
    assert {"draft", "submitted"} <= statuses
    assert set(db.session.scalars(select(FinalReport.status))) == {"submitted", "accepted"}


def test_the_envelope_commits_exactly_the_approved_demo_money(app):
    seed_demo_content()
    seed_demo_content()  # twice: nothing committed again
    committed = db.session.scalar(select(func.sum(Application.approved_total_cents)).where(
        Application.status.in_(("approved", "in_progress", "completed", "closed"))))
    assert db.session.scalar(select(func.sum(Call.committed_cents))) == committed > 0


def test_the_demo_has_a_stay_in_ontario_whose_budget_uses_the_canadian_bands(app):
    seed_demo_content()
    toronto = db.session.scalar(select(Application).where(Application.title == CANADIAN_STAY_TITLE))
    assert (toronto.direction, toronto.destination_country, toronto.destination_subdivision) == (
        "outgoing", "CA", "CA-ON")
    transport = db.session.scalar(select(FundingLine).where(FundingLine.application_id == toronto.id,
                                                            FundingLine.kind == "transport"))
    assert transport.computed_cents == 2 * 350_00  # two participants, Canadian band 500–1 999 km (Rimouski → Toronto)
    assert "Canadian band 500–1,999 km" in transport.explanation_en
    assert "bande canadienne 500–1\u00a0999 km" in transport.explanation_fr
    assert toronto.requested_total_cents > 0


def test_the_demo_call_prices_nights_in_ontario_at_the_province_rate_by_season(app):
    seed_demo_content()
    call = db.session.scalar(select(Call).join(Program).where(Program.code == "fp-students"))
    rates = budgets.rate_table_for(call)
    assert rates.nightly_on(date(call.stays_end_by.year, 7, 15), "CA", "CA-ON") == 138_00
    assert rates.nightly_on(date(call.stays_end_by.year, 1, 15), "CA", "CA-ON") == 126_00
    assert rates.nightly_on(date(call.stays_end_by.year, 7, 15), "FR") == call.default_nightly_cents


def test_seeding_the_demo_again_keeps_one_canadian_stay_and_one_set_of_canadian_bands(app):
    seed_demo_content()
    seed_demo_content()
    assert db.session.scalar(select(func.count()).select_from(Application)
                             .where(Application.title == CANADIAN_STAY_TITLE)) == 1
    assert db.session.scalar(select(func.count()).select_from(CanadianBand)) == 3 * db.session.scalar(
        select(func.count()).select_from(Call))

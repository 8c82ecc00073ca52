"""Carbon per call and year: submitted and approved projects, with the rates frozen at their submission."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal.extensions import db
from portal.funding import carbon_report
from portal.models import ApplicationStatus, HostRate
from tests.funding.admin.conftest import client_for, page_text, submit
from tests.funding.admin.test_admin_calls_rates import carbon_form
from tests.helpers import post

LYON_KG = Decimal("2241.2")  # 5 603 km × 0,1 kg × 2 participants × 2 legs
LYON_OFFSET = 6_724  # 2 241,2 kg at 30 $ per tonne


def line_for(call):
    return next(line for line in carbon_report.carbon_by_call() if line.call.id == call.id)


def test_a_draft_counts_for_nothing_and_a_submitted_project_is_under_review(project, staff, rated_call):
    assert all(line.call.id != rated_call.id for line in carbon_report.carbon_by_call())
    submit(project, staff.user)
    db.session.flush()
    line = line_for(rated_call)
    assert (line.under_review.kg_co2e, line.under_review.offset_cents, line.under_review.trips) == (
        LYON_KG, LYON_OFFSET, 1)
    assert (line.approved.trips, line.total_kg, line.not_computed) == (0, LYON_KG, 0)


def test_approved_projects_are_summed_per_call_and_per_year(project, staff, rated_call, factories, quebec_centre):
    submit(project, staff.user)
    second = factories.submittable_application(
        quebec_centre, rated_call, start_date=project.start_date, end_date=project.start_date + timedelta(days=7),
        destination_latitude=project.destination_latitude, destination_longitude=project.destination_longitude)
    factories.participant(second)
    submit(second, staff.user)
    second.status = ApplicationStatus.APPROVED
    db.session.flush()
    line = line_for(rated_call)
    assert (line.under_review.kg_co2e, line.approved.kg_co2e) == (LYON_KG, LYON_KG)
    assert line.total_offset_cents == 2 * LYON_OFFSET
    year = next(total for total in carbon_report.carbon_by_year(carbon_report.carbon_by_call())
                if total.year == rated_call.year)
    assert year.call is None and year.total_kg == 2 * LYON_KG


def test_changing_carbon_factors_after_submission_does_not_change_the_report(admin, project, staff, rated_call):
    submit(project, staff.user)
    db.session.commit()
    pages = f"/admin/appels/{rated_call.id}/baremes"
    assert post(admin, f"{pages}/carbone", carbon_form(air_long_haul="0.5"), token_from=pages).status_code == 302
    assert line_for(rated_call).under_review.kg_co2e == LYON_KG


def test_the_page_shows_kg_and_offset_in_french(app, factories, project, staff, rated_call):
    submit(project, staff.user)
    db.session.commit()
    html = page_text(client_for(app, factories, "ministry").get("/admin/carbone"))
    assert f'data-call="{rated_call.id}"' in html and f'data-year="{rated_call.year}"' in html
    assert "2\u00a0241,2" in html and "67,24\u00a0$" in html


def test_an_incoming_stay_is_the_visitors_trip_summed_apart(project, staff, rated_call):
    project.direction = "incoming"
    db.session.add(HostRate(call_id=rated_call.id, kind="activities", amount_cents=2_000))  # a host-side line
    db.session.flush()
    submit(project, staff.user)
    db.session.flush()
    line = line_for(rated_call)
    assert (line.visitors.kg_co2e, line.visitors.trips) == (LYON_KG, 1)
    assert (line.under_review.trips, line.approved.trips, line.total_kg) == (0, 0, 0)
    assert carbon_report.carbon_by_year([line])[0].visitors.kg_co2e == LYON_KG

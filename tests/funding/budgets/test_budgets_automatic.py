"""The budget follows the project: every change of what it is computed from (the project's fields, its participants)
computes it again through the operations, nothing is computed on a page's GET, and there is no button to find.

Hand-computed from the fixture's rates (Québec → Lyon, band 2 000–7 999 km: 800 $; 126 $ a night; 46,25 $ a day;
cap 2 000 $ a participant): two students for 8 days (7 nights) ask 1 600 + 1 764 + 740 = 4 104 $, capped at 4 000 $.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from portal.applications import operations, participants
from portal.applications.participants import ParticipantValues
from portal.core.clock import Clock
from portal.extensions import db
from portal.funding import budgets
from tests.helpers import count


@pytest.fixture(autouse=True)
def request_ctx(app):
    with app.test_request_context(), force_locale("fr"):
        yield


def adult(first_name: str = "Zoé") -> ParticipantValues:
    return ParticipantValues(first_name=first_name, last_name="Tremblay", email=None, birth_date=date(2001, 3, 4),
                             kind="student", trade=None, locale="fr", inclusion_needs=None, consent_by=None,
                             parental_consent=False, parental_consent_by=None)


def amounts(project) -> list[tuple[str, int]]:
    return [(line.kind, line.computed_cents) for line in project.funding_lines]


def test_adding_a_participant_computes_the_budget(project, staff):
    assert project.funding_lines == []
    participants.add_participant(staff.user, project, adult())
    # three students: 2 400 + 2 646 + 1 110 = 6 156 $, capped at 6 000 $
    assert amounts(project) == [("transport", 240_000), ("lodging", 264_600), ("subsistence", 111_000),
                                ("cap_reduction", -15_600)]
    assert project.requested_total_cents == 600_000


def test_removing_a_participant_computes_it_again_on_the_same_lines(project, staff):
    budgets.recompute(project)
    ids = [line.id for line in project.funding_lines]
    participants.remove_participant(staff.user, project, project.participants[-1])
    # one student: 800 + 882 + 370 = 2 052 $, capped at 2 000 $
    assert amounts(project) == [("transport", 80_000), ("lodging", 88_200), ("subsistence", 37_000),
                                ("cap_reduction", -5_200)]
    assert [line.id for line in project.funding_lines] == ids


def test_changing_the_dates_computes_it_again(project, staff):
    budgets.recompute(project)
    shorter = replace(operations.ProjectValues.of(project), end_date=project.start_date + timedelta(days=6))
    operations.update_application(staff.user, project, shorter)
    # 7 days, 6 nights: 1 600 + 2 × 6 × 126 + 2 × 7 × 46,25 = 1 600 + 1 512 + 647,50 = 3 759,50 $, under the cap
    assert amounts(project) == [("transport", 160_000), ("lodging", 151_200), ("subsistence", 64_750)]
    assert project.requested_total_cents == 375_950


def test_a_request_the_staff_lowered_is_kept_when_the_project_changes(project, staff):
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    operations.request_amounts(staff.user, project, {lodging.id: 100_000}, "", "fr")
    participants.add_participant(staff.user, project, adult())
    assert lodging.computed_cents == 264_600 and lodging.requested_cents == 100_000


def test_a_project_without_what_the_budget_needs_keeps_its_lines(project, staff):
    budgets.recompute(project)
    before = amounts(project)
    undated = replace(operations.ProjectValues.of(project), start_date=None, end_date=None)
    operations.update_application(staff.user, project, undated)
    assert amounts(project) == before


def test_a_new_project_has_no_budget_until_it_has_participants(staff, rated_call):
    start = Clock().today() + timedelta(days=90)
    values = operations.ProjectValues(
        title="Stage à Lyon", trade_code="5195", trade_name="Soudage", direction="outgoing", group_kind="group",
        destination_country="FR", destination_subdivision=None, destination_city="Lyon", start_date=start, end_date=start + timedelta(days=7),
        travel_days=2, travel_mode="air", objectives="", activities="", reciprocal_start=None, reciprocal_end=None,
        reciprocal_count=None, partner_id=None, quoted_transport_cents=None, quote_justification="")
    created = operations.create_application(staff.user, rated_call, values)
    assert created.funding_lines == []


def test_showing_the_budget_page_writes_nothing(project, staff):
    from portal.models import FundingLine

    html = staff.get(f"/projets/{project.id}/budget").get_data(as_text=True)
    db.session.expire_all()
    assert count(FundingLine, application_id=project.id) == 0
    assert "budget-missing" not in html  # it can be computed: the next change of the project will


def test_the_budget_page_names_each_category_and_has_no_recompute_button(project, staff):
    budgets.recompute(project)
    html = staff.get(f"/projets/{project.id}/budget").get_data(as_text=True)
    for category in ("Transport", "Hébergement", "Subsistance", "Plafond"):
        assert f'<th scope="row" class="budget-category">{category}</th>' in html
    assert "recompute" not in html and "Recalculer" not in html


def test_the_preview_is_labelled_apart_from_the_projects_saved_dates(project, staff):
    html = staff.get(f"/projets/{project.id}/budget").get_data(as_text=True)
    saved = html[html.index('id="budget-project-dates"'):html.index('id="budget-preview-section"')]
    preview = html[html.index('id="budget-preview-section"'):]
    assert "Dates du projet" in saved
    assert "rien n’est enregistré" in preview.lower() or "rien n'est enregistré" in preview.lower()
    assert "Date de début à essayer" in preview


def test_the_budget_page_says_what_is_missing(project, staff):
    project.participants.clear()
    db.session.flush()
    html = staff.get(f"/projets/{project.id}/budget").get_data(as_text=True)
    missing = html[html.index('id="budget-missing"'):]
    assert "dès que le projet" in missing

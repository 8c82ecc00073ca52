"""Editing a call's rate tables through the admin pages never changes a submitted (frozen) budget."""
from __future__ import annotations

from portal.extensions import db
from tests.funding.admin.conftest import submit
from tests.funding.admin.test_admin_calls_rates import band_form, carbon_form
from tests.helpers import post


def frozen_lines(project):
    db.session.expire_all()
    return [(line.kind, line.computed_cents, line.requested_cents, line.explanation_fr, line.rates)
            for line in project.funding_lines]


def test_admin_edits_after_submission_leave_the_submitted_budget_unchanged(admin, project, staff, rated_call):
    submit(project, staff.user)
    db.session.commit()
    before = frozen_lines(project)
    assert before[0][1] == 160_000

    pages = f"/admin/appels/{rated_call.id}/baremes"
    assert post(admin, f"{pages}/tranches", band_form([("0", "19999", "3 000,00", "")]),
                token_from=pages).status_code == 302
    assert post(admin, f"{pages}/pays", {"country": "FR", "nightly": "500", "daily": "200"},
                token_from=pages).status_code == 302
    assert post(admin, f"{pages}/carbone", carbon_form(air_long_haul="1"), token_from=pages).status_code == 302
    assert rated_call.distance_bands[0].standard_cents == 300_000  # the tables did change

    assert frozen_lines(project) == before
    preview = staff.get(f"/projets/{project.id}/budget.json").get_json()
    assert [line["amount_cents"] for line in preview["lines"]] == [line[1] for line in before]
    assert preview["carbon"]["kg_co2e"] == "2241.2"

"""Budget page and JSON preview: requested amounts within the cap unless justified, 404 for another centre."""
from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.funding import budgets
from tests.helpers import post


def url(application, suffix: str = "") -> str:
    return f"/projets/{application.id}/budget{suffix}"


def test_budget_page_shows_lines_cap_and_carbon_in_the_user_language(project, staff):
    budgets.recompute(project)
    html = staff.get(url(project)).get_data(as_text=True)
    assert "2 participant·e·s × 7 nuits × 126,00\u00a0$ = 1\u00a0764,00\u00a0$" in html
    assert "4\u00a0000,00\u00a0$" in html  # total and cap
    assert "2241.2" in html and "67,24\u00a0$" in html
    assert "budget.js" in html and "<script>" not in html


def test_requested_amount_above_the_cap_without_justification_is_refused(project, staff):
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    response = post(staff, url(project), {"action": "save", f"requested-{lodging.id}": "1800,00"})
    assert response.status_code == 422
    db.session.refresh(lodging)
    assert lodging.requested_cents == 176_400


def test_requested_amount_above_the_cap_with_only_a_justification_is_refused(project, staff):
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    response = post(staff, url(project), {"action": "save", f"requested-{lodging.id}": "1 800,00",
                                          "justification": "Hébergement imposé par l'entreprise d'accueil"})
    assert response.status_code == 422
    db.session.refresh(lodging)
    assert lodging.requested_cents == 176_400


def test_requested_amount_above_the_cap_is_saved_once_an_exception_is_asked(project, staff):
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    assert post(staff, f"/projets/{project.id}/exception",
                {"amount": "36,00", "reason": "Hébergement imposé par l'entreprise d'accueil"}).status_code == 302
    response = post(staff, url(project), {"action": "save", f"requested-{lodging.id}": "1 800,00"})
    assert response.status_code == 302
    db.session.refresh(lodging)
    assert lodging.requested_cents == 180_000
    assert "Hébergement imposé par" in staff.get(url(project)).get_data(as_text=True)


def test_a_lower_request_is_saved_and_a_negative_one_refused(project, staff):
    budgets.recompute(project)
    transport = project.funding_lines[0]
    assert post(staff, url(project), {"action": "save", f"requested-{transport.id}": "-1"}).status_code == 422
    assert post(staff, url(project), {"action": "save", f"requested-{transport.id}": "1200.50"}).status_code == 302
    db.session.refresh(transport)
    assert transport.requested_cents == 120_050


def test_json_preview_recomputes_with_overrides_without_saving(project, staff):
    budgets.recompute(project)
    end = project.start_date + timedelta(days=3)  # 4 days, 3 nights
    assert staff.get(url(project, ".json") + "?travel_mode=green").status_code == 422  # rail across the ocean
    response = staff.get(url(project, ".json") + f"?end={end.isoformat()}&travel_mode=air")
    assert response.status_code == 200
    data = response.get_json()
    assert [line["amount_cents"] for line in data["lines"]] == [160_000, 75_600, 37_000]  # no reduction below cap
    assert data["total_cents"] == 272_600 and data["cap_cents"] == 400_000
    assert data["carbon"]["factor_key"] == "air_long_haul"
    db.session.refresh(project)
    assert [line.computed_cents for line in project.funding_lines][:2] == [160_000, 176_400]


def test_json_preview_rejects_a_bad_date(project, staff):
    assert staff.get(url(project, ".json") + "?start=demain").status_code == 400


def test_another_centre_gets_404(project, app, factories):
    from portal.models import Role
    from tests.helpers import fresh_client, login

    other = factories.user(Role.STAFF)
    client = fresh_client(app)
    login(client, other)
    assert client.get(url(project)).status_code == 404
    assert client.get(url(project, ".json")).status_code == 404
    assert post(client, url(project), {}, token_from="/projets/").status_code == 404

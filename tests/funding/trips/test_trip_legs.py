"""A trip's legs in the database: the staff's form, per-leg distance and CO2 stored, summed by mode in SQL."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from portal.extensions import db
from portal.funding import budgets
from portal.models import TravelLeg
from tests.helpers import post


def legs_url(application) -> str:
    return f"/projets/{application.id}/etapes"


def leg_rows(*rows) -> dict:
    form = {}
    for index, (origin, origin_country, destination, destination_country, mode) in enumerate(rows):
        form.update({f"rows-{index}-origin_city": origin, f"rows-{index}-origin_country": origin_country,
                     f"rows-{index}-destination_city": destination,
                     f"rows-{index}-destination_country": destination_country, f"rows-{index}-mode": mode})
    return form


def co2_by_mode(application) -> dict[str, Decimal]:
    rows = db.session.execute(select(TravelLeg.mode, func.sum(TravelLeg.co2_kg))
                              .where(TravelLeg.application_id == application.id).group_by(TravelLeg.mode))
    return {mode: Decimal(str(kg)) for mode, kg in rows}


def test_a_computation_stores_the_default_leg_from_the_centre(project):
    # Québec centre (46.8139, −71.208) → Lyon (45.764, 4.8357) by air: 5 604 km, long haul; 2 students
    # 5 604 × 0.1 (the call's long-haul factor) × 2 × 2 = 2 241.6 kg
    budget = budgets.recompute(project, "fr")
    [leg] = db.session.scalars(select(TravelLeg).where(TravelLeg.application_id == project.id)).all()
    assert (leg.mode, leg.entered, leg.distance_km) == ("air", False, budget.distance_km)
    assert leg.co2_kg == budget.carbon.kg_co2e


def test_staff_enter_air_to_paris_then_rail_and_sql_sums_co2_by_mode(project, staff):
    response = post(staff, legs_url(project), leg_rows(("Québec", "CA", "Paris", "FR", "air"),
                                                        ("Paris", "FR", "Lyon", "FR", "rail")))
    assert response.status_code == 302
    # gazetteer: Québec → Paris 5 274 km × 0.1 × 2 participants × 2 = 2 109.6 kg (the call's long-haul factor)
    # Paris → Lyon 393 km × 0.03 × 2 × 2 = 47.16 → 47.2 kg (the call's rail factor)
    assert co2_by_mode(project) == {"air": Decimal("2109.6"), "rail": Decimal("47.2")}
    assert budgets.preview(project, "fr").carbon.kg_co2e == Decimal("2156.8")


def test_rail_across_the_ocean_is_refused_and_nothing_changes(project, staff):
    budgets.recompute(project, "fr")
    db.session.commit()
    response = post(staff, legs_url(project), leg_rows(("Québec", "CA", "Lyon", "FR", "rail")))
    assert response.status_code == 422
    assert "crosses an ocean" in response.get_data(as_text=True) or "océan" in response.get_data(as_text=True)
    assert co2_by_mode(project).keys() == {"air"}


def test_an_unknown_city_is_refused(project, staff):
    response = post(staff, legs_url(project), leg_rows(("Québec", "CA", "Nulle-Part-Xyz", "FR", "air")))
    assert response.status_code == 422


def test_another_centre_cannot_see_or_change_the_legs(project, app, factories):
    from portal.models import Role
    from tests.funding.admin.conftest import client_for

    other = client_for(app, factories, Role.STAFF)
    assert other.get(legs_url(project)).status_code == 404
    assert post(other, legs_url(project), leg_rows(("Québec", "CA", "Paris", "FR", "air")),
                token_from="/projets/nouveau").status_code == 404


def test_the_legs_page_shows_the_default_leg_to_edit(project, staff):
    budgets.recompute(project, "fr")
    html = staff.get(legs_url(project)).get_data(as_text=True)
    assert 'value="Québec"' in html and 'value="Lyon"' in html

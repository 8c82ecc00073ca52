"""budgets.recompute: hand-checked lines from the call's rate tables, kept requests, clear problems."""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import budgets

# Québec (46.8139, -71.2080) → Lyon (45.7640, 4.8357): 5 603 km one way → band 2 000–7 999 km (800,00 $).
# Per student: 800,00 + 7 nights × 126,00 + 8 days × 46,25 = 2 052,00 $ → 52,00 $ above the 2 000,00 $ cap.
EXPECTED = [
    ("transport", 160_000, "2 participants × $800.00 (band 2,000–7,999 km, Québec → Lyon 5,603 km) = $1,600.00"),
    ("lodging", 176_400, "2 participants × 7 nights × $126.00 = $1,764.00"),
    ("subsistence", 74_000, "2 participants × 8 days × $46.25 = $740.00"),
    ("cap_reduction", -10_400, "Cap of $2,000.00 per participant: 2 participants × −$52.00 = −$104.00"),
]


def test_recompute_gives_the_hand_checked_lines(project):
    budget = budgets.recompute(project, "en")

    assert budget.distance_km == 5_603
    assert budget.total_cents == 400_000 == budget.cap_cents
    assert budget.carbon.kg_co2e == Decimal("2241.2")  # 5 603 km × 0,1 kg × 2 participants × 2 legs
    assert budget.carbon.offset_cents == 6_724  # 2,2412 t × 30,00 $
    lines = project.funding_lines
    assert [(line.kind, line.computed_cents, line.explanation_en) for line in lines] == EXPECTED
    assert [line.requested_cents for line in lines] == [160_000, 176_400, 74_000, -10_400]
    assert lines[1].explanation_fr == "2 participant·e·s × 7 nuits × 126,00\u00a0$ = 1\u00a0764,00\u00a0$"
    assert lines[0].rates["bands"][2] == {"min_km": 2_000, "max_km": 7_999, "standard_cents": 80_000,
                                          "green_cents": 90_000}
    assert lines[0].rates["caps"]["per_participant_cents"] == 200_000


def test_recompute_keeps_the_totals_and_the_carbon_on_the_application(project):
    budgets.recompute(project, "en")

    assert project.requested_total_cents == 400_000
    assert project.approved_total_cents is None
    assert (project.co2_kg, project.offset_cents) == (Decimal("2241.2"), 6_724)


def test_a_lowered_request_lowers_the_stored_total(project):
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    typed = {lodging.id: 100_000}

    budgets.set_requested(project, budgets.requested_by_line(project, typed), "")

    assert project.requested_total_cents == 400_000 - 76_400


def test_recompute_keeps_a_request_the_staff_lowered(project):
    budgets.recompute(project)
    project.funding_lines[1].requested_cents = 100_000  # lodging lowered
    db.session.flush()

    budgets.recompute(project)

    assert [line.requested_cents for line in project.funding_lines] == [160_000, 100_000, 74_000, -10_400]


def test_recompute_reports_missing_dates_without_crashing(project):
    project.start_date = project.end_date = None
    with force_locale("en"), pytest.raises(InvalidInput) as cannot:
        budgets.recompute(project)
    assert cannot.value.failed == ["Enter the start and end dates of the stay to compute the budget."]
    assert project.funding_lines == []


def test_recompute_reports_an_unknown_city(project):
    project.destination_city, project.destination_latitude, project.destination_longitude = "Nulle-Part-Xyz", None, None
    with force_locale("en"), pytest.raises(InvalidInput) as cannot:
        budgets.recompute(project)
    assert cannot.value.failed == [
        "The destination city (Nulle-Part-Xyz) was not found; enter its latitude and longitude."]


def test_green_travel_across_the_ocean_is_refused(project):
    project.travel_mode = "green"
    with force_locale("en"), pytest.raises(InvalidInput) as cannot:
        budgets.recompute(project, "en")
    assert cannot.value.failed == ["An ocean crossing can only be flown: choose air for that leg."]


def test_green_travel_by_land_uses_the_green_band_amount(project):
    # Québec (46.8139, −71.208) → Toronto (43.7064, −79.3986) ≈ 730 km, band 500–1 999: green 350 $ × 2
    project.travel_mode = "green"
    project.destination_city, project.destination_country = "Toronto", "CA"
    project.destination_latitude, project.destination_longitude = Decimal("43.706400"), Decimal("-79.398600")
    budget = budgets.recompute(project, "en")
    assert project.funding_lines[0].computed_cents == 70_000
    assert budget.carbon.factor_key == "rail" and budget.green

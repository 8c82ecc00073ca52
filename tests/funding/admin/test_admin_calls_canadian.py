"""Admin: a call's Canadian distance bands (stays in another province), audited, confirmed, used by the budgets."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.funding import budgets, readiness
from portal.models import CanadianBand
from tests.funding.admin.conftest import audit_count, last_audit, page_text
from tests.helpers import csrf_token, flashes, post


def rates_url(call) -> str:
    return f"/admin/appels/{call.id}/baremes"


def save(admin, call, rows: list[tuple[str, str, str, str]]):
    token = csrf_token(admin, rates_url(call))
    form = {"canada-csrf_token": token, "csrf_token": token}
    for index, (low, high, standard, green) in enumerate(rows):
        form.update({f"canada-rows-{index}-min_km": low, f"canada-rows-{index}-max_km": high,
                     f"canada-rows-{index}-standard": standard, f"canada-rows-{index}-green": green})
    return admin.post(f"{rates_url(call)}/tranches-canadiennes", data=form)


def canadian(call) -> list[tuple]:
    db.session.expire_all()
    return [(b.min_km, b.max_km, int(b.standard_cents), b.green_cents, b.verified)
            for b in db.session.scalars(select(CanadianBand).where(CanadianBand.call_id == call.id)
                                        .order_by(CanadianBand.min_km))]


def test_an_admin_enters_canadian_bands_unverified_and_audited(admin, rated_call):
    response = save(admin, rated_call, [("10", "499", "150", "180"), ("500", "1 999", "300", "350")])
    assert response.status_code == 302
    assert canadian(rated_call) == [(10, 499, 15_000, 18_000, False), (500, 1_999, 30_000, 35_000, False)]
    assert last_audit("call.canadian_bands_updated").after["bands"][1]["standard_cents"] == 30_000
    assert "unverified" in page_text(admin.get(rates_url(rated_call))) or \
        "non vérifi" in page_text(admin.get(rates_url(rated_call)))


def test_overlapping_canadian_bands_are_refused_and_nothing_changes(admin, rated_call):
    events = audit_count()
    response = save(admin, rated_call, [("10", "600", "150", ""), ("500", "1999", "300", "")])
    assert response.status_code == 422
    assert "chevauchent" in page_text(response) or "overlap" in page_text(response)
    assert canadian(rated_call) == [] and audit_count() == events


def test_a_call_cannot_open_until_an_admin_confirms_the_canadian_bands(admin, rated_call):
    for table in set(readiness.TABLES) - {"canada"}:
        readiness.confirm(rated_call, table, admin.user)
    assert any("Canadian" in reason or "canadiennes" in reason for reason in readiness.not_ready(rated_call))
    save(admin, rated_call, [("10", "1999", "300", "")])
    assert post(admin, f"{rates_url(rated_call)}/confirmer/canada", token_from=rates_url(rated_call)).status_code == 302
    assert readiness.not_ready(rated_call) == [] and canadian(rated_call)[0][-1] is True


def test_changing_the_canadian_bands_withdraws_their_confirmation(admin, rated_call):
    readiness.confirm(rated_call, "canada", admin.user)
    save(admin, rated_call, [("10", "1999", "300", "")])
    assert "canada" not in readiness.confirmed_tables(rated_call)


def test_a_stay_in_ontario_uses_the_canadian_band_and_says_so(admin, project, rated_call):
    # Québec (46.8139, −71.208) → Toronto (43.7064, −79.3986): 730 km, Canadian band 500–1 999 km: 280 $ × 2
    # (the general band 500–1 999 km would give 300 $)
    save(admin, rated_call, [("10", "499", "150", ""), ("500", "1999", "280", "")])
    project.destination_city, project.destination_country, project.destination_subdivision = "Toronto", "CA", "CA-ON"
    project.destination_latitude, project.destination_longitude = Decimal("43.706400"), Decimal("-79.398600")
    budget = budgets.recompute(project, "en")
    assert (budget.band.min_km, budget.band.standard_cents) == (500, 28_000)
    assert project.funding_lines[0].computed_cents == 56_000
    assert "Canadian band 500–1,999 km" in project.funding_lines[0].explanation_en
    assert "bande canadienne 500–1" in project.funding_lines[0].explanation_fr


def test_without_canadian_bands_a_stay_in_ontario_uses_the_general_bands(project, rated_call):
    project.destination_city, project.destination_country, project.destination_subdivision = "Toronto", "CA", "CA-ON"
    project.destination_latitude, project.destination_longitude = Decimal("43.706400"), Decimal("-79.398600")
    budgets.recompute(project, "en")
    line = project.funding_lines[0]
    assert line.computed_cents == 60_000 and "(band 500–1,999 km" in line.explanation_en


# --- the Canadian route follows the same rule as the general bands' route ---------------------------------------

def general(call) -> list[tuple]:
    db.session.expire_all()
    return [(b.min_km, b.max_km, int(b.standard_cents), b.green_cents) for b in call.distance_bands]


def test_saving_the_canadian_bands_says_so_and_leaves_the_general_bands_alone(admin, rated_call):
    before = general(rated_call)
    response = save(admin, rated_call, [("10", "1999", "300", "")])
    assert "Les bandes de distance canadiennes ont été enregistrées." in flashes(admin.get(response.location))
    assert general(rated_call) == before


def test_saving_the_general_bands_leaves_the_canadian_bands_alone(admin, rated_call):
    save(admin, rated_call, [("10", "1999", "300", "")])
    form = {"rows-0-min_km": "0", "rows-0-max_km": "20100", "rows-0-standard": "500", "rows-0-green": ""}
    response = post(admin, f"{rates_url(rated_call)}/tranches", form, token_from=rates_url(rated_call))
    assert response.status_code == 302
    assert canadian(rated_call) == [(10, 1_999, 30_000, None, False)]


def test_an_unreadable_canadian_amount_is_refused_and_nothing_changes(admin, rated_call):
    events = audit_count()
    response = save(admin, rated_call, [("10", "1999", "cent dollars", "")])
    assert response.status_code == 422
    assert "Saisissez un montant comme 2\u00a0460,00\u00a0$." in page_text(response)
    assert canadian(rated_call) == [] and audit_count() == events


def test_a_partly_filled_canadian_row_is_refused_and_shown_as_posted(admin, rated_call):
    response = save(admin, rated_call, [("10", "499", "150", ""), ("500", "", "", "")])
    assert response.status_code == 422
    html = page_text(response)
    assert "Ligne 2 : saisissez les distances et le montant par participant·e." in html
    assert 'name="canada-rows-1-min_km"' in html and 'value="500"' in html
    assert canadian(rated_call) == []


def test_a_canadian_save_without_its_token_is_refused(admin, rated_call):
    response = admin.post(f"{rates_url(rated_call)}/tranches-canadiennes",
                          data={"canada-rows-0-min_km": "10", "canada-rows-0-max_km": "1999",
                                "canada-rows-0-standard": "300"})
    assert response.status_code == 400
    assert canadian(rated_call) == []

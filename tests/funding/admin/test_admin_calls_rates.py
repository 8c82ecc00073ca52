"""A call's rate tables: distance bands, per-country rates and carbon factors; refusals change nothing."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.funding import rate_tables
from portal.funding.rate_tables import BandRow
from tests.funding.admin.conftest import audit_count, last_audit, page_text
from tests.funding.budgets.conftest import BANDS
from tests.helpers import flashes, post


def bands_url(call) -> str:
    return f"/admin/appels/{call.id}/baremes/tranches"


def band_form(rows) -> dict[str, str]:
    data = {}
    for index, (low, high, standard, green) in enumerate(rows):
        data.update({f"rows-{index}-min_km": low, f"rows-{index}-max_km": high,
                     f"rows-{index}-standard": standard, f"rows-{index}-green": green})
    return data


def stored_bands(call):
    db.session.expire_all()
    return [(b.min_km, b.max_km, b.standard_cents, b.green_cents) for b in call.distance_bands]


def test_bands_are_replaced_in_cents_and_audited_with_before_and_after(admin, rated_call):
    rows = [("10", "99", "28,50", ""), ("100", "1 999", "1 234,50", "1500.00"), ("2000", "20000", "1500", ""),
            ("", "", "", "")]  # the empty row is ignored
    response = post(admin, bands_url(rated_call), band_form(rows), token_from=f"/admin/appels/{rated_call.id}/baremes")
    assert response.status_code == 302
    assert stored_bands(rated_call) == [(10, 99, 2_850, None), (100, 1_999, 123_450, 150_000),
                                        (2_000, 20_000, 150_000, None)]
    event = last_audit("call.bands_updated")
    assert event.object_type == "call" and event.object_id == rated_call.id and event.actor_id == admin.user.id
    assert event.before["bands"][0] == {"min_km": 0, "max_km": 499, "standard_cents": 10_000, "green_cents": None}
    assert event.after["bands"][1] == {"min_km": 100, "max_km": 1_999, "standard_cents": 123_450,
                                       "green_cents": 150_000}


def refused(admin, call, rows):
    before, events = stored_bands(call), audit_count()
    response = post(admin, bands_url(call), band_form(rows), token_from=f"/admin/appels/{call.id}/baremes")
    assert response.status_code == 422
    assert stored_bands(call) == before
    assert audit_count() == events
    return page_text(response)


def test_overlapping_bands_are_refused_in_french_and_nothing_changes(admin, rated_call):
    html = refused(admin, rated_call, [("0", "499", "100", ""), ("400", "1999", "300", "")])
    assert "Les tranches 0–499 km et 400–1999 km se chevauchent." in html


def test_a_gap_between_bands_is_refused(admin, rated_call):
    html = refused(admin, rated_call, [("0", "499", "100", ""), ("600", "1999", "300", "")])
    assert "Il y a un trou entre les tranches 0–499 km et 600–1999 km" in html
    assert "doit commencer à 500 km" in html


def test_a_band_whose_minimum_is_not_below_its_maximum_is_refused(admin, rated_call):
    html = refused(admin, rated_call, [("500", "500", "100", "")])
    assert "Tranche 500–500 km : le minimum doit être d’au moins 0 et inférieur au maximum." in html


def test_a_negative_or_unreadable_amount_is_refused(admin, rated_call):
    html = refused(admin, rated_call, [("0", "499", "-100", "")])
    assert "Saisissez un montant comme 2\u00a0460,00\u00a0$." in html
    refused(admin, rated_call, [("0", "499", "cent dollars", "")])


def test_a_partly_filled_row_and_an_empty_table_are_refused(admin, rated_call):
    assert "Ligne 2 : saisissez les distances et le montant par participant·e." in refused(
        admin, rated_call, [("0", "499", "100", ""), ("500", "", "", "")])
    assert "Saisissez au moins une tranche de distance." in refused(admin, rated_call, [("", "", "", "")])


def test_the_page_lists_the_bands_for_editing_with_blank_rows(admin, rated_call):
    html = page_text(admin.get(f"/admin/appels/{rated_call.id}/baremes"))
    assert 'name="rows-0-min_km"' in html and 'value="1\u00a0500,00\u00a0$"' in html
    assert f'name="rows-{len(BANDS) + 2}-min_km"' in html  # three blank rows to add bands


# --- per-country rates -------------------------------------------------------------------------------------------

def country_url(call) -> str:
    return f"/admin/appels/{call.id}/baremes/pays"


def rates_of(call):
    db.session.expire_all()
    return {r.country_code: (r.nightly_cents, r.daily_cents) for r in call.country_rates}


def test_a_country_rate_is_added_in_cents_then_updated_in_place(admin, rated_call):
    token = f"/admin/appels/{rated_call.id}/baremes"
    response = post(admin, country_url(rated_call), {"country": "FR", "nightly": "1 234,50", "daily": "46.25"},
                    token_from=token, follow_redirects=True)
    assert "Les taux pour France ont été enregistrés." in flashes(response)
    assert rates_of(rated_call) == {"GB": (15_000, 6_000), "FR": (123_450, 4_625)}
    assert last_audit("call.country_rate_set").before is None

    assert post(admin, country_url(rated_call), {"country": "FR", "nightly": "130", "daily": "50"},
                token_from=token).status_code == 302
    assert rates_of(rated_call) == {"GB": (15_000, 6_000), "FR": (13_000, 5_000)}  # still one row per country
    event = last_audit("call.country_rate_set")
    assert event.before == {"country_code": "FR", "nightly_cents": 123_450, "daily_cents": 4_625}
    assert event.after == {"country_code": "FR", "nightly_cents": 13_000, "daily_cents": 5_000}


def test_an_unknown_country_or_a_missing_amount_is_refused(admin, rated_call):
    token = f"/admin/appels/{rated_call.id}/baremes"
    events = audit_count()
    response = post(admin, country_url(rated_call), {"country": "XX", "nightly": "100", "daily": "40"},
                    token_from=token)
    assert response.status_code == 422 and "Choisissez une des options de la liste." in page_text(response)
    response = post(admin, country_url(rated_call), {"country": "FR", "nightly": "", "daily": "40"}, token_from=token)
    assert response.status_code == 422 and "Saisissez un montant." in page_text(response)
    assert rates_of(rated_call) == {"GB": (15_000, 6_000)} and audit_count() == events


def test_country_names_follow_the_interface_language(admin, rated_call):
    html = page_text(admin.get(f"/admin/appels/{rated_call.id}/baremes"))
    assert '<option value="DE">Allemagne</option>' in html and "Royaume-Uni" in html


def test_a_country_rate_is_removed_and_audited(admin, rated_call):
    response = post(admin, f"/admin/appels/{rated_call.id}/baremes/pays/GB/supprimer",
                    token_from=f"/admin/appels/{rated_call.id}/baremes")
    assert response.status_code == 302
    assert rates_of(rated_call) == {}
    assert last_audit("call.country_rate_removed").before["country_code"] == "GB"
    assert post(admin, f"/admin/appels/{rated_call.id}/baremes/pays/FR/supprimer",
                token_from=f"/admin/appels/{rated_call.id}/baremes").status_code == 404


# --- carbon factors ----------------------------------------------------------------------------------------------

def carbon_form(**overrides) -> dict[str, str]:
    values = {"air_short_haul": "0,255", "air_medium_haul": "0.156", "air_long_haul": "0.15", "rail": "0.003",
              "coach": "0.03", "car_sharing": "0.109"}
    values.update(overrides)
    return values


def factors_of(call):
    db.session.expire_all()
    return {row.mode: Decimal(str(row.kg_per_passenger_km)) for row in call.carbon_factors}


def test_carbon_factors_accept_a_decimal_comma_and_are_audited(admin, rated_call):
    response = post(admin, f"/admin/appels/{rated_call.id}/baremes/carbone", carbon_form(),
                    token_from=f"/admin/appels/{rated_call.id}/baremes")
    assert response.status_code == 302
    assert factors_of(rated_call)["air_short_haul"] == Decimal("0.255")
    event = last_audit("call.carbon_factors_updated")
    assert Decimal(event.before["air_short_haul"]) == Decimal("0.2")
    assert event.after["air_short_haul"] == "0.255"


def test_a_negative_or_too_precise_carbon_factor_is_refused(admin, rated_call):
    before, events = factors_of(rated_call), audit_count()
    for bad in ("-0.1", "0.12345", "beaucoup"):
        response = post(admin, f"/admin/appels/{rated_call.id}/baremes/carbone", carbon_form(rail=bad),
                        token_from=f"/admin/appels/{rated_call.id}/baremes")
        assert response.status_code == 422, bad
        assert "Train" in page_text(response)
    assert factors_of(rated_call) == before and audit_count() == events


def test_the_rules_refuse_with_every_problem_listed_before_changing_anything(admin, rated_call):
    before, events = stored_bands(rated_call), audit_count()
    with pytest.raises(InvalidInput) as refused:
        rate_tables.replace_bands(rated_call, [BandRow(0, 499, -1), BandRow(400, 999, 1)], admin.user)
    assert len(refused.value.failed) == 2
    with pytest.raises(InvalidInput) as refused:
        rate_tables.set_country_rate(rated_call, "ZZ", -1, 0, admin.user)
    assert len(refused.value.failed) == 2
    with pytest.raises(NotFound):
        rate_tables.remove_country_rate(rated_call, "JP", admin.user)
    assert stored_bands(rated_call) == before and audit_count() == events

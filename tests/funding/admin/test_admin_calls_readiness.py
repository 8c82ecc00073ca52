"""A call cannot open until its rate tables are complete and each confirmed by an administrator (audit log)."""
from __future__ import annotations

from datetime import timedelta

from portal.core.clock import Clock, utcnow
from portal.extensions import db
from portal.funding import readiness
from tests.funding.admin.conftest import last_audit, page_text
from tests.funding.admin.test_admin_calls_calls import call_data
from tests.helpers import post


def confirm_all(admin, call):
    for table in readiness.TABLES:
        assert post(admin, f"/admin/appels/{call.id}/baremes/confirmer/{table}",
                    token_from=f"/admin/appels/{call.id}/baremes").status_code == 302


def later_call(factories, rated_call):
    """The rated call, moved to open in ten days."""
    rated_call.opens_at = utcnow() + timedelta(days=10)
    rated_call.closes_at = utcnow() + timedelta(days=60)
    db.session.flush()
    return rated_call


def open_today(admin, call):
    today = Clock().today().isoformat()
    return post(admin, f"/admin/appels/{call.id}", call_data(call.program, year=str(call.year), opens_on=today,
                                                             closes_on=(Clock().today() + timedelta(days=60))
                                                             .isoformat(), envelope="100000",
                                                             offset_per_tonne="30"))


def test_a_new_call_cannot_open_today(admin, factories):
    program = factories.program()
    today = Clock().today().isoformat()
    response = post(admin, "/admin/appels/nouveau", call_data(program, opens_on=today))
    assert response.status_code == 422
    assert "rate tables" in page_text(response) or "barèmes" in page_text(response)


def test_a_call_cannot_open_while_its_tables_are_unconfirmed(admin, factories, rated_call):
    call = later_call(factories, rated_call)
    response = open_today(admin, call)
    assert response.status_code == 422
    db.session.expire_all()
    assert call.opens_at > utcnow()


def test_once_every_table_is_confirmed_the_call_opens(admin, factories, rated_call):
    call = later_call(factories, rated_call)
    db.session.commit()
    confirm_all(admin, call)
    assert last_audit("call.rate_table_confirmed").after["table"] in readiness.TABLES
    db.session.expire_all()
    assert all(row.verified for row in call.distance_bands)
    assert open_today(admin, call).status_code == 302


def test_changing_a_table_withdraws_its_confirmation(admin, factories, rated_call):
    call = later_call(factories, rated_call)
    db.session.commit()
    confirm_all(admin, call)
    post(admin, f"/admin/appels/{call.id}/baremes/pays", {"country": "FR", "nightly": "130", "daily": "50"},
         token_from=f"/admin/appels/{call.id}/baremes")
    db.session.expire_all()
    assert "rates" not in readiness.confirmed_tables(call)
    assert open_today(admin, call).status_code == 422


def test_unverified_rows_show_a_badge_to_admins(admin, rated_call):
    html = page_text(admin.get(f"/admin/appels/{rated_call.id}/baremes"))
    assert "lignes non vérifiées" in html or "unverified rows" in html


def test_an_incomplete_call_says_what_is_missing(rated_call):
    rated_call.carbon_factors = [f for f in rated_call.carbon_factors if f.mode != "car_sharing"]
    db.session.flush()
    assert any("car_sharing" in reason for reason in readiness.incomplete(rated_call))

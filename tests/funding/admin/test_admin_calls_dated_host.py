"""Admin: a call's dated (seasonal) rates and the host rates of incoming stays, audited, refused without change."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import DatedRate, HostRate
from tests.funding.admin.conftest import audit_count, last_audit
from tests.helpers import post


def rates_url(call) -> str:
    return f"/admin/appels/{call.id}/baremes"


def dated(call) -> list[tuple]:
    db.session.expire_all()
    return [(r.destination, r.kind, r.valid_from.isoformat(), r.valid_to.isoformat(), int(r.amount_cents))
            for r in db.session.scalars(select(DatedRate).where(DatedRate.call_id == call.id)
                                        .order_by(DatedRate.valid_from))]


def add(admin, call, **fields):
    form = {"destination": "CA-ON", "kind": "nightly", "valid_from": "2026-11-01", "valid_to": "2027-05-31",
            "amount": "126,00"}
    form.update(fields)
    return post(admin, f"{rates_url(call)}/periodes", form, token_from=rates_url(call))


def test_an_admin_adds_two_seasons_for_ontario(admin, rated_call):
    assert add(admin, rated_call).status_code == 302
    assert add(admin, rated_call, valid_from="2027-06-01", valid_to="2027-10-31", amount="138").status_code == 302
    assert dated(rated_call) == [("CA-ON", "nightly", "2026-11-01", "2027-05-31", 12_600),
                                 ("CA-ON", "nightly", "2027-06-01", "2027-10-31", 13_800)]
    assert last_audit("call.dated_rate_added").after["amount_cents"] == 13_800
    html = admin.get(rates_url(rated_call)).get_data(as_text=True)
    assert "CA-ON" in html and "non vérifié" in html or "unverified" in html


def test_an_overlapping_period_or_unknown_province_is_refused(admin, rated_call):
    add(admin, rated_call)
    events = audit_count()
    assert add(admin, rated_call, valid_from="2027-05-31", valid_to="2027-06-30").status_code == 422
    assert add(admin, rated_call, destination="CA-XX", valid_from="2027-06-01", valid_to="2027-06-30").status_code == 422
    assert len(dated(rated_call)) == 1 and audit_count() == events


def test_a_dated_rate_can_be_removed(admin, rated_call):
    add(admin, rated_call)
    rate_id = db.session.scalar(select(DatedRate.id).where(DatedRate.call_id == rated_call.id))
    assert post(admin, f"{rates_url(rated_call)}/periodes/{rate_id}/supprimer",
                token_from=rates_url(rated_call)).status_code == 302
    assert dated(rated_call) == []
    assert post(admin, f"{rates_url(rated_call)}/periodes/{rate_id}/supprimer",
                token_from=rates_url(rated_call)).status_code == 404


def test_host_rates_are_saved_and_an_empty_field_funds_nothing(admin, rated_call):
    response = post(admin, f"{rates_url(rated_call)}/accueil",
                    {"local_transport": "12,00", "activities": "20", "staff_hosting": ""}, token_from=rates_url(rated_call))
    assert response.status_code == 302
    db.session.expire_all()
    rows = {r.kind: int(r.amount_cents) for r in db.session.scalars(
        select(HostRate).where(HostRate.call_id == rated_call.id))}
    assert rows == {"local_transport": 1_200, "activities": 2_000}
    assert last_audit("call.host_rates_updated").after == rows


def test_a_negative_host_rate_is_refused(admin, rated_call):
    response = post(admin, f"{rates_url(rated_call)}/accueil", {"local_transport": "-5"},
                    token_from=rates_url(rated_call))
    assert response.status_code == 422
    assert db.session.scalar(select(HostRate.id).where(HostRate.call_id == rated_call.id)) is None


def test_only_admins_edit_rates(staff, rated_call):
    assert post(staff, f"/admin/appels/{rated_call.id}/baremes/accueil", {"activities": "1"},
                token_from="/projets/nouveau").status_code == 403

"""Only administrators manage calls and rate tables; the carbon report is also open to ministry and coordination."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Role
from tests.funding.admin.conftest import audit_count, client_for
from tests.helpers import post

OTHER_ROLES = [Role.STAFF, Role.COORDINATOR, Role.MINISTRY, Role.PARTICIPANT]


def admin_pages(call) -> list[str]:
    return ["/admin/appels", "/admin/appels/nouveau", f"/admin/appels/{call.id}",
            f"/admin/appels/{call.id}/baremes", f"/admin/programmes/{call.program_id}"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_every_admin_page(app, factories, rated_call, role):
    client = client_for(app, factories, role)
    for url in admin_pages(rated_call):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_post_rate_tables(app, factories, rated_call, role):
    client = client_for(app, factories, role)
    before = audit_count()
    response = post(client, f"/admin/appels/{rated_call.id}/baremes/pays",
                    {"country": "FR", "nightly": "1", "daily": "1"}, token_from="/accueil")
    assert response.status_code == 403
    db.session.expire_all()
    assert [rate.country_code for rate in rated_call.country_rates] == ["GB"]
    assert audit_count() == before


def test_anonymous_visitors_are_sent_to_the_login_page(client, rated_call):
    response = client.get(f"/admin/appels/{rated_call.id}/baremes")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_admin_pages_open_for_an_administrator(admin, rated_call):
    for url in admin_pages(rated_call):
        assert admin.get(url).status_code == 200, url


def test_unknown_call_or_program_is_404(admin):
    assert admin.get("/admin/appels/999999").status_code == 404
    assert admin.get("/admin/appels/999999/baremes").status_code == 404
    assert admin.get("/admin/programmes/999999").status_code == 404


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(admin, rated_call):
    before = audit_count()
    response = admin.post(f"/admin/appels/{rated_call.id}/baremes/pays",
                          data={"country": "FR", "nightly": "100", "daily": "40"})
    assert response.status_code == 400
    db.session.expire_all()
    assert [rate.country_code for rate in rated_call.country_rates] == ["GB"]
    assert audit_count() == before


@pytest.mark.parametrize("role, status", [(Role.ADMIN, 200), (Role.MINISTRY, 200), (Role.COORDINATOR, 200),
                                          (Role.STAFF, 403), (Role.PARTICIPANT, 403)])
def test_carbon_report_access(app, factories, role, status):
    assert client_for(app, factories, role).get("/admin/carbone").status_code == status

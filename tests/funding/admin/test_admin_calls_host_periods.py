"""Admin: dated host rates of incoming stays (seasons of local transport, activities, staff hosting), always for
Québec, confirmed with the host table."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.funding import budgets, readiness
from portal.models import DatedRate
from tests.funding.admin.test_admin_calls_dated_host import add


def test_a_dated_host_rate_is_for_quebec_whatever_was_typed(admin, rated_call):
    response = add(admin, rated_call, destination="", kind="local_transport", valid_from="2027-06-01",
                   valid_to="2027-10-31", amount="14")
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.scalars(select(DatedRate).where(DatedRate.call_id == rated_call.id)).one()
    assert (row.destination, row.kind, row.amount_cents, row.verified) == ("CA-QC", "local_transport", 1_400, False)


def test_a_lodging_season_still_needs_its_destination(admin, rated_call):
    assert add(admin, rated_call, destination="").status_code == 422


def test_a_dated_host_rate_withdraws_the_host_confirmation_not_the_lodging_one(admin, rated_call):
    readiness.confirm(rated_call, "host", admin.user)
    readiness.confirm(rated_call, "rates", admin.user)
    add(admin, rated_call, kind="activities", valid_from="2027-06-01", valid_to="2027-10-31", amount="25")
    assert readiness.confirmed_tables(rated_call) >= {"rates"} and "host" not in readiness.confirmed_tables(rated_call)
    assert readiness.unverified_count(rated_call, "host") == 1 and readiness.unverified_count(rated_call, "rates") == 0


def test_the_call_rate_table_carries_the_dated_host_rates(admin, rated_call):
    add(admin, rated_call, kind="staff_hosting", valid_from="2027-06-01", valid_to="2027-10-31", amount="138")
    table = budgets.rate_table_for(rated_call)
    assert [(rate.destination, rate.kind, rate.amount_cents) for rate in table.dated] == [
        ("CA-QC", "staff_hosting", 13_800)]
    assert table.funds_host("staff_hosting") and not table.funds_host("activities")

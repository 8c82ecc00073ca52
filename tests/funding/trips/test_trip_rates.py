"""Incoming stays, dated rates and cap exceptions read from the call's tables."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.applications.eligibility import Facts, funding_caps, travel_days
from portal.core.clock import utcnow
from portal.extensions import db
from portal.funding import budgets, cap_exceptions
from portal.models import AuditEvent, CapException, DatedRate, HostRate
from tests.helpers import post


@pytest.fixture(autouse=True)
def request_ctx(app):
    with app.test_request_context():
        yield


def test_an_incoming_stay_gets_the_calls_host_lines_only(project, rated_call):
    # 2 visitors... the project has 1 student from the factory + 1 added: 2 visitors, 8 days, 7 nights
    rated_call_rows = [HostRate(call_id=rated_call.id, kind="local_transport", amount_cents=1_200),
                       HostRate(call_id=rated_call.id, kind="activities", amount_cents=2_000)]
    db.session.add_all(rated_call_rows)
    project.direction = "incoming"
    budget = budgets.recompute(project, "fr")
    # local transport 2 × 8 × 12 $ = 192 $; activities 2 × 8 × 20 $ = 320 $
    assert [(line.kind, line.computed_cents) for line in project.funding_lines] == [
        ("local_transport", 19_200), ("activities", 32_000)]
    assert budget.carbon.visitors
    assert budget.carbon.per_leg[0].leg.origin.name == "Lyon"


def test_dated_rates_price_each_night_at_its_date(project, rated_call):
    db.session.add_all([
        DatedRate(call_id=rated_call.id, destination="FR", kind="nightly", valid_from=date(2000, 1, 1),
                  valid_to=project.start_date, amount_cents=12_600),
        DatedRate(call_id=rated_call.id, destination="FR", kind="nightly",
                  valid_from=date.fromordinal(project.start_date.toordinal() + 1), valid_to=date(2100, 1, 1),
                  amount_cents=13_800)])
    lodging = budgets.preview(project, "fr").lines[1]
    # 7 nights: the first at 126 $, the 6 others at 138 $ = 126 + 828 = 954 $ per participant
    assert lodging.amount_cents == 2 * 95_400
    assert "1 nuit × 126,00" in lodging.explanation.replace("\u00a0", " ")
    assert "6 nuits × 138,00" in lodging.explanation.replace("\u00a0", " ")


def facts(application) -> Facts:
    return Facts(application=application, at=utcnow(), document_kinds=frozenset())


def test_the_checklist_says_which_cap_and_by_how_much(project, staff):
    budgets.recompute(project, "en")
    project.funding_lines[1].requested_cents = 180_000  # 36 $ above the capped total of 4 000 $
    result = funding_caps(facts(project))
    assert not result.ok
    assert "by $36.00" in result.message.replace("\u00a0", " ") or "36,00" in result.message
    assert "per participant × 2" in result.message or "par participant" in result.message


def test_a_pending_exception_is_shown_and_an_approved_one_covers_the_request(project, staff, factories):
    budgets.recompute(project, "en")
    project.funding_lines[1].requested_cents = 180_000
    exception = cap_exceptions.request_exception(project, 3_600, "Hébergement imposé", staff.user)
    assert funding_caps(facts(project)).ok
    cap_exceptions.decide(exception, True, "", factories.user("ministry"))
    assert funding_caps(facts(project)).ok and cap_exceptions.approved_cents(project) == 3_600


def test_more_travel_days_are_allowed_but_not_counted(project):
    project.travel_days = 4  # 8-day stay: 2 of the 4 travel days count → 6 days counted
    result = travel_days(facts(project))
    assert result.ok and "6" in result.message


def test_the_ministry_decides_an_exception_and_it_is_audited(app, project, staff, ministry, coordinator):
    budgets.recompute(project, "fr")
    exception = cap_exceptions.request_exception(project, 3_600, "Hébergement imposé", staff.user)
    project.status = "submitted"  # reviewers see a project once it is submitted (a draft is a 404 to them)
    db.session.commit()
    budget_url = f"/projets/{project.id}/budget"
    assert "Hébergement imposé" in coordinator.get(budget_url).get_data(as_text=True)
    decision_url = f"/projets/{project.id}/exception/{exception.id}/decision"
    assert post(staff, decision_url, {"decision": "approve"}, token_from=budget_url).status_code == 403
    assert post(coordinator, decision_url, {"decision": "approve"}, token_from=budget_url).status_code == 403
    assert post(ministry, decision_url, {"decision": "refuse", "comment": "Non"},
                token_from=budget_url).status_code == 302
    db.session.expire_all()
    assert db.session.get(CapException, exception.id).status == "refused"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.cap_exception_refused"))
    # decided once
    assert post(ministry, decision_url, {"decision": "approve"}, token_from=budget_url).status_code == 409


def test_an_empty_reason_is_refused(project, staff):
    with pytest.raises(Exception):
        cap_exceptions.request_exception(project, 3_600, "   ", staff.user)
    assert cap_exceptions.exceptions_of(project) == []


def test_an_exception_amount_must_be_positive(project, staff):
    from portal.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        cap_exceptions.request_exception(project, 0, "raison", staff.user)
    assert Decimal(cap_exceptions.approved_cents(project)) == 0

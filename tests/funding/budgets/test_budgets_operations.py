"""The staff's budget operation called without a request: request amounts; refusals change nothing, each change is
audited once."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.applications import operations
from portal.core.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.funding import budgets, cap_exceptions
from portal.models import AuditEvent


@pytest.fixture(autouse=True)
def request_ctx(app):
    with app.test_request_context():
        yield


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def requested(project) -> list[int]:
    return [line.requested_cents for line in project.funding_lines]


def test_amounts_are_requested_once_the_budget_is_computed(project, staff):
    with force_locale("en"), pytest.raises(InvalidInput) as refused:
        operations.request_amounts(staff.user, project, {}, "", "en")
    assert refused.value.failed == ["The budget is computed as soon as the project has what it needs: see above what "
                                    "is missing."]


def test_a_lower_request_is_saved_and_audited(project, staff):
    budgets.recompute(project, "fr")
    lodging = project.funding_lines[1]
    operations.request_amounts(staff.user, project, {lodging.id: 100_000}, "", "fr")
    assert requested(project) == [160_000, 100_000, 74_000, -10_400]
    [event] = audited("application.budget_requested")
    assert event.before[str(lodging.id)] == 176_400 and event.after[str(lodging.id)] == 100_000


def test_the_cap_reduction_is_not_the_staffs_to_change(project, staff):
    budgets.recompute(project, "fr")
    cap_reduction = project.funding_lines[3]
    operations.request_amounts(staff.user, project, {cap_reduction.id: 0}, "", "fr")
    assert cap_reduction.requested_cents == -10_400


def test_above_the_cap_a_justification_is_not_enough(project, staff):
    budgets.recompute(project, "en")
    lodging = project.funding_lines[1]
    with pytest.raises(InvalidInput) as refused:
        operations.request_amounts(staff.user, project, {lodging.id: 180_000}, "Hébergement imposé", "en")
    assert len(refused.value.failed) == 1
    assert requested(project) == [160_000, 176_400, 74_000, -10_400]


def test_above_the_cap_within_an_exception_request(project, staff):
    # 1 800 $ instead of 1 764 $ of lodging: 36 $ above the capped total of 4 000 $
    budgets.recompute(project, "en")
    lodging = project.funding_lines[1]
    cap_exceptions.request_exception(project, 3_600, "Hébergement imposé", staff.user)
    operations.request_amounts(staff.user, project, {lodging.id: 180_000}, "", "en")
    assert lodging.requested_cents == 180_000


def test_a_refused_exception_no_longer_covers_the_request(project, staff, factories):
    budgets.recompute(project, "en")
    exception = cap_exceptions.request_exception(project, 3_600, "Hébergement imposé", staff.user)
    cap_exceptions.decide(exception, False, "Non", factories.user("ministry"))
    with pytest.raises(InvalidInput):
        operations.request_amounts(staff.user, project, {project.funding_lines[1].id: 180_000}, "", "en")


def test_a_negative_amount_is_refused(project, staff):
    budgets.recompute(project, "en")
    with pytest.raises(InvalidInput):
        operations.request_amounts(staff.user, project, {project.funding_lines[0].id: -1}, "", "en")


def test_a_submitted_budget_cannot_be_changed(project, staff):
    budgets.recompute(project, "fr")
    project.status = "submitted"
    with pytest.raises(Conflict):
        budgets.recompute(project, "fr")
    assert budgets.keep_current(project) is False
    with pytest.raises(Conflict):
        operations.request_amounts(staff.user, project, {}, "", "fr")

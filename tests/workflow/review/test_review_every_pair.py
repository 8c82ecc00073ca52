"""Every (state, action, role) over ApplicationStatus × Action × Role.

The review actions go through their operations in test_review_transitions.py; here: submit, resubmit and withdraw
through operations.py, the stay actions at the level of the table (their operations are tested with the stay), the
table itself against design §2, and that together every action is covered.
"""
from __future__ import annotations

import itertools

import pytest

from portal.core.errors import DomainError
from portal.models import ApplicationStatus, Role
from portal.workflow import operations
from portal.workflow.transitions import TRANSITIONS, Action, actions_for, allowed, roles_for, target
from tests.workflow.review import test_review_transitions
from tests.workflow.review.conftest import state_of

S = ApplicationStatus

# Design §2, written out independently of transitions.py.
EXPECTED = {
    (S.DRAFT, Action.SUBMIT, Role.STAFF): S.SUBMITTED,
    (S.CHANGES_REQUESTED, Action.RESUBMIT, Role.STAFF): S.SUBMITTED,
    (S.DRAFT, Action.WITHDRAW, Role.STAFF): S.WITHDRAWN,
    (S.SUBMITTED, Action.WITHDRAW, Role.STAFF): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, Action.WITHDRAW, Role.STAFF): S.WITHDRAWN,
    (S.RECOMMENDED, Action.WITHDRAW, Role.STAFF): S.WITHDRAWN,
    (S.SUBMITTED, Action.REQUEST_CHANGES, Role.COORDINATOR): S.CHANGES_REQUESTED,
    (S.SUBMITTED, Action.RECOMMEND, Role.COORDINATOR): S.RECOMMENDED,
    (S.SUBMITTED, Action.REJECT, Role.COORDINATOR): S.REJECTED,
    (S.RECOMMENDED, Action.APPROVE, Role.MINISTRY): S.APPROVED,
    (S.RECOMMENDED, Action.REJECT, Role.MINISTRY): S.REJECTED,
    (S.RECOMMENDED, Action.SEND_BACK, Role.MINISTRY): S.SUBMITTED,
    (S.APPROVED, Action.START_STAY, Role.STAFF): S.IN_PROGRESS,
    (S.IN_PROGRESS, Action.COMPLETE_STAY, Role.STAFF): S.COMPLETED,
    (S.COMPLETED, Action.CLOSE, Role.COORDINATOR): S.CLOSED,
    (S.APPROVED, Action.PROPOSE_AMENDMENT, Role.STAFF): S.AMENDMENT_REQUESTED,
    (S.AMENDMENT_REQUESTED, Action.ENDORSE_AMENDMENT, Role.COORDINATOR): S.AMENDMENT_REQUESTED,
    (S.AMENDMENT_REQUESTED, Action.DECLINE_AMENDMENT, Role.COORDINATOR): S.APPROVED,
    (S.AMENDMENT_REQUESTED, Action.ACCEPT_AMENDMENT, Role.MINISTRY): S.APPROVED,
    (S.AMENDMENT_REQUESTED, Action.REFUSE_AMENDMENT, Role.MINISTRY): S.APPROVED,
    (S.APPROVED, Action.REPLACE_PARTICIPANT, Role.STAFF): S.APPROVED,
    (S.APPROVED, Action.CANCEL, Role.STAFF): S.CANCELLED,
    (S.APPROVED, Action.CANCEL, Role.MINISTRY): S.CANCELLED,
    (S.IN_PROGRESS, Action.CANCEL, Role.STAFF): S.CANCELLED,
    (S.IN_PROGRESS, Action.CANCEL, Role.MINISTRY): S.CANCELLED,
}

STAFF_OPERATIONS = (Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW)
STAY_ACTIONS = (Action.START_STAY, Action.COMPLETE_STAY, Action.CLOSE)
# Through their operations in tests/workflow/test_after_approval_*.py.
AFTER_APPROVAL_ACTIONS = (Action.PROPOSE_AMENDMENT, Action.ENDORSE_AMENDMENT, Action.DECLINE_AMENDMENT,
                          Action.ACCEPT_AMENDMENT, Action.REFUSE_AMENDMENT, Action.REPLACE_PARTICIPANT, Action.CANCEL)
EVERY_PAIR = list(itertools.product(list(S), list(Action), list(Role)))


@pytest.mark.no_db
@pytest.mark.parametrize(("state", "action", "role"), EVERY_PAIR)
def test_the_table_matches_the_design(state, action, role):
    assert allowed(state, action, role) == ((state, action, role) in EXPECTED)
    if (state, action, role) in EXPECTED:
        assert target(state, action) == EXPECTED[(state, action, role)]


@pytest.mark.no_db
def test_the_table_has_no_transition_the_design_does_not_list():
    listed = {(state, action, role) for (state, action), found in TRANSITIONS.items() for role in found.roles}
    assert listed == set(EXPECTED)


@pytest.mark.no_db
def test_terminal_states_offer_no_action_to_anyone():
    for state, role in itertools.product((S.REJECTED, S.WITHDRAWN, S.CLOSED, S.CANCELLED), list(Role)):
        assert actions_for(state, role) == []


@pytest.mark.no_db
def test_every_action_is_exercised_through_an_operation_or_the_table():
    covered = (set(test_review_transitions.ACTIONS) | set(STAFF_OPERATIONS) | set(STAY_ACTIONS)
               | set(AFTER_APPROVAL_ACTIONS))
    assert covered == set(Action)


@pytest.fixture
def staff_application(factories, centre, staff):
    """An application of the staff member's centre that passes every eligibility rule, with two budget lines."""
    def make(state: str):
        application = factories.submittable_application(centre_org=centre, created_by=staff, status=state)
        for cents in (60_000, 40_000):
            factories.budget_line(application, computed_cents=cents, requested_cents=cents)
        return application
    return make


def run(action: str, application, actor):
    """submit() serves both submit and resubmit: it takes the one the state calls for."""
    if action == Action.WITHDRAW:
        return operations.withdraw(application, actor, "Plus de budget au centre.")
    return operations.submit(application, actor)


def action_taken(state: str, action: str) -> str:
    if action == Action.WITHDRAW:
        return action
    return Action.RESUBMIT if state == S.CHANGES_REQUESTED else Action.SUBMIT


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", STAFF_OPERATIONS)
@pytest.mark.parametrize("state", list(S))
def test_every_state_and_role_for_the_staff_operations(state, action, role, factories, staff, staff_application):
    application = staff_application(state)
    actor = staff if role == Role.STAFF else factories.user(role)
    taken = action_taken(state, action)
    if allowed(state, taken, role):
        decision = run(action, application, actor)
        assert application.status == target(state, taken)
        assert (decision.from_status, decision.to_status, decision.action) == (state, application.status, taken)
        assert decision.action == action or not allowed(state, action, role)  # never a pair the table refuses
        return
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        run(action, application, actor)
    assert refused.value.status_code == (409 if role in roles_for(taken) else 403)
    assert state_of(application) == before


def test_staff_of_another_centre_get_404_and_change_nothing(factories, staff_application):
    application = staff_application(S.SUBMITTED)
    before = state_of(application)
    with pytest.raises(DomainError) as refused:
        operations.withdraw(application, factories.user(Role.STAFF))
    assert refused.value.status_code == 404
    assert state_of(application) == before

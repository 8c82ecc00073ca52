"""The table of transitions against design §2 (and issue 5), written out independently here."""
from __future__ import annotations

import itertools

import pytest

from portal.models import Application, ApplicationStatus, Role
from portal.workflow.transitions import TRANSITIONS, Action, actions_for, allowed, can_edit, target

pytestmark = pytest.mark.no_db

# (state, action, role) → new state: the whole specification.
EXPECTED = {
    ("draft", "submit", "staff"): "submitted",
    ("changes_requested", "resubmit", "staff"): "submitted",
    ("draft", "withdraw", "staff"): "withdrawn",
    ("submitted", "withdraw", "staff"): "withdrawn",
    ("changes_requested", "withdraw", "staff"): "withdrawn",
    ("recommended", "withdraw", "staff"): "withdrawn",
    ("submitted", "request_changes", "coordinator"): "changes_requested",
    ("submitted", "recommend", "coordinator"): "recommended",
    ("submitted", "reject", "coordinator"): "rejected",
    ("recommended", "approve", "ministry"): "approved",
    ("recommended", "reject", "ministry"): "rejected",
    ("recommended", "send_back", "ministry"): "submitted",
    ("approved", "start_stay", "staff"): "in_progress",
    ("in_progress", "complete_stay", "staff"): "completed",
    ("completed", "close", "coordinator"): "closed",
    ("approved", "propose_amendment", "staff"): "amendment_requested",
    ("amendment_requested", "endorse_amendment", "coordinator"): "amendment_requested",
    ("amendment_requested", "decline_amendment", "coordinator"): "approved",
    ("amendment_requested", "accept_amendment", "ministry"): "approved",
    ("amendment_requested", "refuse_amendment", "ministry"): "approved",
    ("approved", "replace_participant", "staff"): "approved",
    ("approved", "cancel", "staff"): "cancelled",
    ("approved", "cancel", "ministry"): "cancelled",
    ("in_progress", "cancel", "staff"): "cancelled",
    ("in_progress", "cancel", "ministry"): "cancelled",
}
STATES = [s.value for s in ApplicationStatus]
ACTIONS = [a.value for a in Action]
ROLES = [r.value for r in Role]
EVERY_TRIPLE = list(itertools.product(STATES, ACTIONS, ROLES))


def test_every_allowed_triple_is_in_the_table():
    assert all(allowed(*triple) for triple in EXPECTED)


def test_no_other_triple_is_allowed():
    extra = [triple for triple in EVERY_TRIPLE if allowed(*triple) and triple not in EXPECTED]
    assert extra == []


@pytest.mark.parametrize("triple", sorted(EXPECTED), ids="-".join)
def test_target_of_each_transition(triple):
    state, action, _ = triple
    assert target(state, action) == EXPECTED[triple]


def test_target_is_none_outside_the_table():
    assert target("approved", "withdraw") is None


def test_every_table_state_is_a_known_status():
    states = {s for s, _ in TRANSITIONS} | {t.to_state for t in TRANSITIONS.values()}
    assert states <= set(STATES)


def test_decision_stage_follows_the_acting_role():
    stage_of = {"staff": "staff", "coordinator": "coordinator", "ministry": "ministry"}
    assert all(t.stage_for(role) == stage_of[role] for t in TRANSITIONS.values() for role in t.roles)


@pytest.mark.parametrize("state", ["rejected", "withdrawn", "closed", "cancelled"])
def test_final_states_have_no_way_out(state):
    assert [action for (s, action) in TRANSITIONS if s == state] == []


@pytest.mark.parametrize("state", ["approved", "in_progress", "completed", "closed"])
def test_no_withdrawal_after_approval(state):
    assert not allowed(state, "withdraw", "staff")


def test_actions_for_lists_the_buttons_of_a_role():
    assert actions_for("submitted", "coordinator") == ["request_changes", "recommend", "reject"]


@pytest.mark.parametrize("state", STATES)
def test_editing_only_in_draft_and_changes_requested(state):
    assert can_edit(Application(status=state)) is (state in {"draft", "changes_requested"})

"""The one table of allowed transitions: (state, action) → new state, the roles that may take it, the stage.

Everything that asks "may this happen?" reads this table: the operations, the buttons of the views, the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.models import Application, ApplicationStatus, ReviewStage, Role

S = ApplicationStatus


class Action(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    REQUEST_CHANGES = "request_changes"
    RECOMMEND = "recommend"
    REJECT = "reject"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    START_STAY = "start_stay"
    COMPLETE_STAY = "complete_stay"
    CLOSE = "close"
    PROPOSE_AMENDMENT = "propose_amendment"
    ENDORSE_AMENDMENT = "endorse_amendment"
    DECLINE_AMENDMENT = "decline_amendment"
    ACCEPT_AMENDMENT = "accept_amendment"
    REFUSE_AMENDMENT = "refuse_amendment"
    CANCEL = "cancel"
    REPLACE_PARTICIPANT = "replace_participant"


@dataclass(frozen=True)
class Transition:
    to_state: str
    roles: frozenset[str]
    stage: str  # ReviewStage recorded on the Decision (for a transition open to one role)

    def stage_for(self, role: str) -> str:
        """The stage recorded when `role` takes it: the acting role's own stage."""
        return str(STAGE_OF_ROLE.get(str(role), self.stage))


def _t(to_state: str, role: str, stage: str) -> Transition:
    return Transition(to_state, frozenset({role}), stage)


STAGE_OF_ROLE = {Role.STAFF: ReviewStage.STAFF, Role.COORDINATOR: ReviewStage.COORDINATOR,
                 Role.MINISTRY: ReviewStage.MINISTRY}
_STAFF = (Role.STAFF, ReviewStage.STAFF)
_COORDINATOR = (Role.COORDINATOR, ReviewStage.COORDINATOR)
_MINISTRY = (Role.MINISTRY, ReviewStage.MINISTRY)

TRANSITIONS: dict[tuple[str, str], Transition] = {
    # School staff prepare, submit and, after a change request, resubmit.
    (S.DRAFT, Action.SUBMIT): _t(S.SUBMITTED, *_STAFF),
    (S.CHANGES_REQUESTED, Action.RESUBMIT): _t(S.SUBMITTED, *_STAFF),
    # Withdrawal by staff is possible until approval.
    (S.DRAFT, Action.WITHDRAW): _t(S.WITHDRAWN, *_STAFF),
    (S.SUBMITTED, Action.WITHDRAW): _t(S.WITHDRAWN, *_STAFF),
    (S.CHANGES_REQUESTED, Action.WITHDRAW): _t(S.WITHDRAWN, *_STAFF),
    (S.RECOMMENDED, Action.WITHDRAW): _t(S.WITHDRAWN, *_STAFF),
    # Coordinators review submitted applications.
    (S.SUBMITTED, Action.REQUEST_CHANGES): _t(S.CHANGES_REQUESTED, *_COORDINATOR),
    (S.SUBMITTED, Action.RECOMMEND): _t(S.RECOMMENDED, *_COORDINATOR),
    (S.SUBMITTED, Action.REJECT): _t(S.REJECTED, *_COORDINATOR),
    # Ministry officers decide on recommended applications, or send them back to the coordinator.
    (S.RECOMMENDED, Action.APPROVE): _t(S.APPROVED, *_MINISTRY),
    (S.RECOMMENDED, Action.REJECT): _t(S.REJECTED, *_MINISTRY),
    (S.RECOMMENDED, Action.SEND_BACK): _t(S.SUBMITTED, *_MINISTRY),
    # The stay, then the file.
    (S.APPROVED, Action.START_STAY): _t(S.IN_PROGRESS, *_STAFF),
    (S.IN_PROGRESS, Action.COMPLETE_STAY): _t(S.COMPLETED, *_STAFF),
    (S.COMPLETED, Action.CLOSE): _t(S.CLOSED, *_COORDINATOR),
    # After approval (design §2): staff propose an amendment, the coordinator endorses or declines it, the ministry
    # accepts or refuses an endorsed one (amendments.py checks the amendment's own stage).
    (S.APPROVED, Action.PROPOSE_AMENDMENT): _t(S.AMENDMENT_REQUESTED, *_STAFF),
    (S.AMENDMENT_REQUESTED, Action.ENDORSE_AMENDMENT): _t(S.AMENDMENT_REQUESTED, *_COORDINATOR),
    (S.AMENDMENT_REQUESTED, Action.DECLINE_AMENDMENT): _t(S.APPROVED, *_COORDINATOR),
    (S.AMENDMENT_REQUESTED, Action.ACCEPT_AMENDMENT): _t(S.APPROVED, *_MINISTRY),
    (S.AMENDMENT_REQUESTED, Action.REFUSE_AMENDMENT): _t(S.APPROVED, *_MINISTRY),
    # Participant replacement keeps the application approved.
    (S.APPROVED, Action.REPLACE_PARTICIPANT): _t(S.APPROVED, *_STAFF),
    # Cancellation: the centre withdraws, or the ministry cancels for force majeure; the stage is the actor's.
    (S.APPROVED, Action.CANCEL): Transition(S.CANCELLED, frozenset({Role.STAFF, Role.MINISTRY}), ReviewStage.STAFF),
    (S.IN_PROGRESS, Action.CANCEL): Transition(S.CANCELLED, frozenset({Role.STAFF, Role.MINISTRY}),
                                               ReviewStage.STAFF),
}

EDITABLE_STATES: frozenset[str] = frozenset({S.DRAFT, S.CHANGES_REQUESTED})


def transition(state: str, action: str) -> Transition | None:
    return TRANSITIONS.get((str(state), str(action)))


def target(state: str, action: str) -> str | None:
    """The state reached by `action` from `state`, or None when the table has no such transition."""
    found = transition(state, action)
    return found.to_state if found else None


def allowed(state: str, action: str, role: str) -> bool:
    found = transition(state, action)
    return found is not None and str(role) in found.roles


def roles_for(action: str) -> frozenset[str]:
    """Every role that may take `action` from some state (a role outside it is refused with 403)."""
    return frozenset(role for (_, act), t in TRANSITIONS.items() if act == str(action) for role in t.roles)


def actions_for(state: str, role: str) -> list[str]:
    """Actions `role` may take from `state`, in table order (for buttons)."""
    return [act for (st, act), t in TRANSITIONS.items() if st == str(state) and str(role) in t.roles]


def can_edit(application: Application) -> bool:
    """Whether the application's state allows editing (who may edit is policy.can_edit's business)."""
    return application.status in EDITABLE_STATES

"""Replacing a participant of an approved application without a new application.

The newcomer takes the same place (same kind of participant, so the group's ratio and the budget do not change);
the minors rule and the consents apply as when adding a participant. The step is a Decision (the application stays
approved) and an AuditEvent naming the participant ids, not the people.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy.orm import selectinload

from portal.applications import participants, policy
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Application, Call, Decision, Participant, User
from portal.workflow.operations import guard, record
from portal.workflow.review import _key, _replay, decision_with_key
from portal.workflow.transitions import Action

# What the replacement reads of the application (its participants; the kinds its program allows, on the page):
# options for the query that loads it (selectinload, so they fit the row lock).
LOADS = (selectinload(Application.call).selectinload(Call.program), selectinload(Application.participants))


def replace_participant(application: Application, actor: User, participant_id: int,
                        values: participants.ParticipantValues, reason: str,
                        idempotency_key: str | None = None) -> Decision:
    key = _key(idempotency_key)
    if (existing := decision_with_key(key)) is not None:
        return _replay(existing, application, Action.REPLACE_PARTICIPANT)
    found = guard(application, actor, Action.REPLACE_PARTICIPANT, policy.can_edit)
    leaving = next((p for p in application.participants if p.id == participant_id), None)
    if leaving is None:
        raise NotFound(gettext("This participant is not part of the application."))
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append(("reason", gettext("Give the reason for the replacement.")))
    if values.kind != leaving.kind:
        problems.append(("kind", gettext("The replacement must be of the same kind of participant as the person "
                                         "replaced.")))
    problems += participants.consent_problems(values, application)
    if participants.find_duplicate(application, values.first_name, values.last_name, values.birth_date,
                                   exclude=leaving):
        problems.append(("first_name", gettext("This person is already a participant of this project.")))
    if problems:
        raise InvalidInput(" ".join(message for _field, message in problems), failed=problems)
    newcomer = Participant()
    participants._apply(newcomer, values)  # the one way a participant's values and consents are recorded
    application.participants.append(newcomer)
    application.participants.remove(leaving)
    step = record(application, actor, Action.REPLACE_PARTICIPANT, found, comment=reason)
    step.decision.idempotency_key = key
    db.session.flush()
    step.event.before = {**(step.event.before or {}), "participant_id": participant_id, "kind": leaving.kind}
    step.event.after = {**(step.event.after or {}), "participant_id": newcomer.id, "kind": newcomer.kind}
    return step.decision

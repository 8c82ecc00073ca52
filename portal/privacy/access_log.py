"""Access to a participant's data, logged: a coordinator reads inclusion needs only with a reason, recorded each
time; opening a person's file (rights page, care page) is recorded too. Only ids and the reason are logged."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext

from portal.audit.trail import add_event
from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Application, Participant, Role


def needs_for_coordinator(participant_id: int, actor: Any, reason: str) -> Participant:
    """The participant whose needs a coordinator may read, once the reason is recorded."""
    participant = db.session.get(Participant, participant_id)
    if participant is None or getattr(actor, "role", None) != Role.COORDINATOR:
        raise NotFound()
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput(gettext("Give the reason why you need to read these needs."))
    add_event(actor, "participant.needs_viewed", "participant", participant.id,
              after={"reason": reason[:500], "application_id": participant.application_id})
    return participant


def file_opened(actor: Any, participant: Participant, where: str) -> None:
    add_event(actor, "participant.file_viewed", "participant", participant.id, after={"page": where})


def care_opened(actor: Any, application: Application) -> None:
    """The care page shows every participant's emergency contact and documents at once: one event for the page."""
    add_event(actor, "participants.care_viewed", "application", application.id)

"""Personal report links: signed (itsdangerous, own salt), bound to one participant of one application.

A link carries no expiry: it stays usable until the report is submitted, which the report itself enforces.
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.extensions import db
from portal.models import Participant
from portal.notifications.links import absolute_url

SALT = "portal.reports.participant-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(participant: Participant) -> str:
    return _serializer().dumps({"p": participant.id, "a": participant.application_id})


def url_for_participant(participant: Participant) -> str:
    return absolute_url("reports.by_link", application_id=participant.application_id,
                        participant_id=participant.id, token=token_for(participant))


def participant_for(application_id: int, participant_id: int, token: str) -> Participant | None:
    """The participant the link was made for, when the signature and both ids in the address match it."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != participant_id or data.get("a") != application_id:
        return None
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.application_id != application_id:
        return None
    return participant

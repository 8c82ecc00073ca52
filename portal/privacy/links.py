"""Consent links: signed (itsdangerous, own salt), bound to one participant, so the person or a parent can
withdraw (or give) a consent without an account."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Participant
from portal.notifications.links import absolute_url

SALT = "portal.privacy.consent-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def consent_url(participant: Participant) -> str:
    return absolute_url("privacy.consents_by_link", token=_serializer().dumps({"p": participant.id}))


def participant_for(token: str) -> Participant | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    participant = db.session.get(Participant, data["p"], options=[joinedload(Participant.application)])
    # An erased person's link leads nowhere.
    return None if participant is None or participant.anonymised_at is not None else participant

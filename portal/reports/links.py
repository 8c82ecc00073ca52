"""Personal report links: signed (itsdangerous, own salt), bound to one participant of one application.

A link expires ``REPORT_LINK_DAYS`` days (default 60) after it was sent, and a resent link replaces the earlier
ones (it carries the time of the last resend, which the stay report keeps). Once the report is submitted the link
no longer shows it (the participant's account does).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm.interfaces import ORMOption

from portal.extensions import db, services
from portal.models import Participant, StayReport
from portal.notifications.links import absolute_url

SALT = "portal.reports.participant-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _epoch(moment: datetime | None) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp()) if moment else 0


def _last_resent(participant: Participant) -> int:
    resent = db.session.scalar(select(StayReport.last_resent_at).where(StayReport.participant_id == participant.id))
    return _epoch(resent)


def token_for(participant: Participant) -> str:
    return _serializer().dumps({"p": participant.id, "a": participant.application_id,
                                "t": _epoch(services.clock.now()), "r": _last_resent(participant)})


def url_for_participant(participant: Participant) -> str:
    return absolute_url("reports.by_link", application_id=participant.application_id,
                        participant_id=participant.id, token=token_for(participant))


def participant_for(application_id: int, participant_id: int, token: str,
                    options: Sequence[ORMOption] = ()) -> Participant | None:
    """The participant the link was made for, when the signature and both ids in the address match it; `options`
    load what the caller walks (read from the database even when the session holds it, so they apply)."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != participant_id or data.get("a") != application_id:
        return None
    lifetime = timedelta(days=current_app.config["REPORT_LINK_DAYS"]).total_seconds()
    if not isinstance(data.get("t"), int) or _epoch(services.clock.now()) - data["t"] > lifetime:
        return None  # expired (or a link made before links expired)
    participant = db.session.get(Participant, participant_id, options=list(options),
                                 populate_existing=bool(options))
    if participant is None or participant.application_id != application_id:
        return None
    if data.get("r") != _last_resent(participant):
        return None  # replaced by a resent link
    return participant

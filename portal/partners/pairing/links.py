"""The partner's response link: signed, expiring, single-purpose, bound to one pairing of one application.

The token is an itsdangerous URLSafeTimedSerializer payload {"purpose", "pairing", "application"} signed with the
app's SECRET_KEY and a salt used for nothing else. The URL also names the application, so a link edited to reach
another application (or a token moved to another URL) fails the binding check. It is single-use because the
response stamps Pairing.link_used_at, and it dies when the application is paired with another partner since.
Expiry is checked against `now` (naive UTC) so that tests can move the clock.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Application, Organisation, Pairing, PairingStatus
from portal.notifications.links import absolute_url

SALT = "portal.partners.pairing.partner-response"
PURPOSE = "partner-response"
DEFAULT_LINK_DAYS = 30
#: The languages of the partner's confirmation page and mail (the partners' countries); staff pages stay fr/en.
LINK_LANGUAGES = ("fr", "en", "es", "de")
#: A partner that lists none of LINK_LANGUAGES gets its country's language, when that is one of them.
COUNTRY_LANGUAGES = {
    **dict.fromkeys(("FR", "BE", "LU", "MC", "SN", "CI", "ML", "BF", "NE", "BJ", "TG", "GN", "CM", "GA", "CG", "CD",
                     "MA", "DZ", "TN", "HT", "MG", "RE", "GP", "MQ", "GF", "PM", "NC", "PF"), "fr"),
    **dict.fromkeys(("ES", "MX", "AR", "CL", "CO", "PE", "VE", "EC", "BO", "PY", "UY", "CR", "PA", "GT", "HN", "SV",
                     "NI", "DO", "CU", "PR"), "es"),
    **dict.fromkeys(("DE", "AT", "LI"), "de"),
}


class LinkProblem(StrEnum):
    INVALID = "invalid"  # tampered, truncated, signed for another purpose
    ALTERED = "altered"  # genuine token, but not for the application or pairing it is used on
    EXPIRED = "expired"
    USED = "used"
    SUPERSEDED = "superseded"  # the application has been paired otherwise since

    @property
    def status_code(self) -> int:
        return 400 if self in (LinkProblem.INVALID, LinkProblem.ALTERED) else 410


class LinkRefused(DomainError):
    """The partner's link cannot be used; the public page words each problem for the partner."""

    def __init__(self, problem: LinkProblem, pairing_id: int | None = None) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.pairing_id = pairing_id  # known when the signature was genuine (to answer in the partner's language)

    @property
    def status_code(self) -> int:  # type: ignore[override]
        return self.problem.status_code


def link_lifetime() -> timedelta:
    return timedelta(days=int(current_app.config.get("PARTNER_LINK_DAYS", DEFAULT_LINK_DAYS)))


def _serializer(issued_at: datetime | None = None) -> URLSafeTimedSerializer:
    if issued_at is None:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)
    stamp = int(issued_at.replace(tzinfo=UTC).timestamp())

    class IssuedAt(TimestampSigner):
        def get_timestamp(self) -> int:
            return stamp

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT, signer=IssuedAt)


def make_token(pairing: Pairing, now: datetime | None = None) -> str:
    payload = {"purpose": PURPOSE, "pairing": pairing.id, "application": pairing.application_id}
    return _serializer(now or utcnow()).dumps(payload)


def read_token(token: str, now: datetime | None = None) -> tuple[int, int]:
    """(pairing id, application id) of a genuine, unexpired token; LinkRefused otherwise."""
    now = now or utcnow()
    try:
        payload, issued = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        raise LinkRefused(LinkProblem.INVALID) from None
    if not isinstance(payload, dict) or payload.get("purpose") != PURPOSE:
        raise LinkRefused(LinkProblem.INVALID)
    pairing_id, application_id = payload.get("pairing"), payload.get("application")
    if not isinstance(pairing_id, int) or not isinstance(application_id, int):
        raise LinkRefused(LinkProblem.INVALID)
    if now - issued.astimezone(UTC).replace(tzinfo=None) > link_lifetime():
        raise LinkRefused(LinkProblem.EXPIRED, pairing_id)
    return pairing_id, application_id


def current_pairing(application: Application) -> Pairing | None:
    """The application's latest pairing, if it is still with the application's partner."""
    latest = db.session.scalar(select(Pairing).where(Pairing.application_id == application.id)
                               .order_by(Pairing.created_at.desc(), Pairing.id.desc()).limit(1)
                               .options(joinedload(Pairing.partner)))  # named by every page and mail about it
    if latest is None or latest.partner_id != application.partner_id:
        return None
    return latest


def resolve(token: str, application_id: int, now: datetime | None = None, *, for_update: bool = False) -> Pairing:
    """The pairing a link may answer, or LinkRefused (nothing is changed either way)."""
    pairing_id, signed_application_id = read_token(token, now)
    if signed_application_id != application_id:
        raise LinkRefused(LinkProblem.ALTERED)
    # Under the row lock and re-read: of two simultaneous answers, the second sees the first one's stamp.
    # selectinload, not a join: the lock stays on the pairing's row. The page and the answer name the partner.
    pairing = db.session.get(Pairing, pairing_id, with_for_update=for_update or None, populate_existing=for_update,
                             options=[selectinload(Pairing.partner)])
    if pairing is None or pairing.application_id != application_id:
        raise LinkRefused(LinkProblem.ALTERED)
    if pairing.link_used_at is not None or pairing.status != PairingStatus.PROPOSED:
        raise LinkRefused(LinkProblem.USED, pairing.id)
    application = db.session.get(Application, application_id)
    current = current_pairing(application) if application else None
    if current is None or current.id != pairing.id:
        raise LinkRefused(LinkProblem.SUPERSEDED, pairing.id)
    return pairing


def partner_language(partner: Organisation) -> str:
    """The first of the partner's languages its pages speak, else its country's, else English."""
    for code in partner.language_list:
        if code.strip().lower() in LINK_LANGUAGES:
            return code.strip().lower()
    return COUNTRY_LANGUAGES.get((partner.country_code or "").upper(), "en")


def link_url(pairing: Pairing, now: datetime | None = None) -> str:
    return absolute_url("partners.respond", application_id=pairing.application_id, token=make_token(pairing, now))

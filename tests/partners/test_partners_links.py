"""The partner's response link: signed, single-purpose, expiring, single-use, bound to its application."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Decision, MailMessage, Pairing, Role
from portal.partners.pairing import links, operations
from portal.partners.pairing.links import LinkProblem, LinkRefused
from tests.partners.conftest import count


@pytest.fixture
def pairing(in_request, submitted, partner, coordinator):
    return operations.pair(submitted, partner, coordinator)


def refused(token, application_id, now=None) -> LinkProblem:
    with pytest.raises(LinkRefused) as caught:
        links.resolve(token, application_id, now)
    return caught.value.problem


def test_a_fresh_link_resolves_to_its_pairing(pairing, submitted):
    token = links.make_token(pairing)
    assert links.resolve(token, submitted.id) is pairing


def test_a_tampered_token_is_refused(pairing, submitted):
    token = links.make_token(pairing)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert refused(tampered, submitted.id) == LinkProblem.INVALID
    assert refused("not-a-token", submitted.id) == LinkProblem.INVALID


def test_a_token_signed_for_another_purpose_is_refused(pairing, submitted):
    payload = {"purpose": links.PURPOSE, "pairing": pairing.id, "application": submitted.id}
    other_salt = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset").dumps(payload)
    assert refused(other_salt, submitted.id) == LinkProblem.INVALID
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=links.SALT)
    wrong_purpose = serializer.dumps({**payload, "purpose": "invitation"})
    assert refused(wrong_purpose, submitted.id) == LinkProblem.INVALID


def test_a_token_signed_with_another_key_is_refused(pairing, submitted):
    payload = {"purpose": links.PURPOSE, "pairing": pairing.id, "application": submitted.id}
    forged = URLSafeTimedSerializer("another-secret-key-" + "z" * 30, salt=links.SALT).dumps(payload)
    assert refused(forged, submitted.id) == LinkProblem.INVALID


def test_the_link_expires_after_the_configured_days(pairing, submitted):
    issued = utcnow() - timedelta(days=10)
    token = links.make_token(pairing, now=issued)
    lifetime = links.link_lifetime()
    assert links.resolve(token, submitted.id, now=issued + lifetime - timedelta(minutes=1)) is pairing
    assert refused(token, submitted.id, now=issued + lifetime + timedelta(minutes=1)) == LinkProblem.EXPIRED
    assert LinkProblem.EXPIRED.status_code == 410


def test_the_lifetime_comes_from_the_configuration(app, pairing, submitted, monkeypatch):
    monkeypatch.setitem(app.config, "PARTNER_LINK_DAYS", 2)
    issued = utcnow()
    token = links.make_token(pairing, now=issued)
    assert refused(token, submitted.id, now=issued + timedelta(days=2, seconds=1)) == LinkProblem.EXPIRED


def test_a_link_moved_to_another_application_is_refused(factories, pairing, submitted, centre, partner,
                                                        coordinator):
    other = factories.application(centre, status="submitted")
    other_pairing = operations.pair(other, partner, coordinator)
    token = links.make_token(pairing)
    assert refused(token, other.id) == LinkProblem.ALTERED
    assert LinkProblem.ALTERED.status_code == 400
    # and a genuine token naming a pairing of another application cannot be aimed at this one
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=links.SALT)
    crossed = serializer.dumps({"purpose": links.PURPOSE, "pairing": other_pairing.id, "application": submitted.id})
    assert refused(crossed, submitted.id) == LinkProblem.ALTERED


def test_the_link_cannot_be_replayed_after_use(pairing, submitted):
    token = links.make_token(pairing)
    operations.respond(token, submitted.id, True, "Bienvenue !")
    decisions = count(Decision)
    assert refused(token, submitted.id) == LinkProblem.USED
    with pytest.raises(LinkRefused):
        operations.respond(token, submitted.id, False, "Changed our mind")
    assert (pairing.status, pairing.partner_comment, count(Decision)) == ("confirmed", "Bienvenue !", decisions)


def test_a_link_to_a_pairing_replaced_since_is_refused(factories, pairing, submitted, coordinator):
    token = links.make_token(pairing)
    operations.pair(submitted, factories.partner(country_code="DE"), coordinator)
    assert refused(token, submitted.id) == LinkProblem.SUPERSEDED


def test_confirming_records_the_answer_a_partner_decision_an_audit_event_and_tells_coordinators(
        pairing, submitted, coordinator, factories):
    french = factories.user(Role.COORDINATOR, locale="fr")
    token = links.make_token(pairing)
    before = count(MailMessage)
    at = utcnow()
    operations.respond(token, submitted.id, True, "  Avec plaisir.  ", now=at)
    assert (pairing.status, pairing.partner_comment, pairing.partner_responded_at, pairing.link_used_at) == (
        "confirmed", "Avec plaisir.", at, at)
    assert submitted.partner_id == pairing.partner_id
    decision = db.session.scalars(select(Decision).where(Decision.stage == "partner")).one()
    assert (decision.action, decision.from_status, decision.to_status, decision.actor_id) == (
        "partner_confirm", "submitted", "submitted", None)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pairing.partner_confirm")).one()
    assert (event.object_id, event.before["status"], event.after["status"]) == (pairing.id, "proposed", "confirmed")
    mails = {m.recipient: m for m in db.session.scalars(select(MailMessage)).all()[before:]}
    assert set(mails) == {coordinator.email, french.email}
    assert mails[coordinator.email].subject == f"Partner confirmed: {submitted.title}"
    assert mails[french.email].subject == f"Partenaire confirmé : {submitted.title}"


def test_declining_frees_the_application_for_another_partner(pairing, submitted):
    operations.respond(links.make_token(pairing), submitted.id, False, "Pas de place cette année.")
    assert (pairing.status, submitted.partner_id) == ("declined", None)


def test_sending_the_link_mails_the_partner_contact_in_its_language(pairing, partner, coordinator, submitted):
    before = count(MailMessage)
    url = operations.send_link(pairing, coordinator)
    message = db.session.scalars(select(MailMessage)).all()[before:][0]
    assert (message.recipient, message.locale) == (partner.contact_email, "fr")
    assert url in message.body_text and f"/partenaires/reponse/{submitted.id}/" in url
    assert message.subject.startswith("Demande d'accueil du Québec")
    assert count(AuditEvent, action="pairing.link_sent", object_id=pairing.id) == 1


@pytest.mark.parametrize(("languages", "country", "expected"), [
    ("de,en", "FR", "de"), ("es,de", "DE", "es"), ("it,en", "IT", "en"), ("it,de", "CH", "de"),
    ("", "MX", "es"), ("it", "AT", "de"), ("", "BE", "fr"), ("", "JP", "en"), ("ja", "JP", "en")])
def test_the_partner_language_is_its_first_page_language_else_its_country(factories, languages, country,
                                                                          expected):
    assert links.partner_language(factories.partner(languages=languages, country_code=country)) == expected


@pytest.mark.parametrize(("language", "subject", "greeting", "sentence"), [
    ("es", "Solicitud de acogida desde Quebec: ", "Hola, ", "propone a su institución acoger la estancia"),
    ("de", "Aufnahmeanfrage aus Québec: ", "Guten Tag ", "schlägt Ihrer Einrichtung vor, den Aufenthalt"),
    ("en", "Hosting request from Québec: ", "Hello ", "proposes that your institution host the stay")])
def test_the_link_mail_is_written_in_the_partner_language(pairing, partner, coordinator, submitted, language,
                                                          subject, greeting, sentence):
    partner.languages = language
    db.session.flush()
    before = count(MailMessage)
    operations.send_link(pairing, coordinator)
    message = db.session.scalars(select(MailMessage)).all()[before:][0]
    assert message.locale == language
    assert message.subject == subject + submitted.title
    assert message.body_text.startswith(greeting) and sentence in message.body_text


def test_a_link_cannot_be_sent_to_a_partner_without_contact_e_mail(pairing, partner, coordinator):
    partner.contact_email = None
    with pytest.raises(DomainError):
        operations.send_link(pairing, coordinator)
    assert count(MailMessage, recipient="claire.martin@lycee.example") == 0


def test_a_link_cannot_be_sent_once_the_partner_has_answered(pairing, submitted, coordinator):
    operations.respond(links.make_token(pairing), submitted.id, True, "")
    with pytest.raises(DomainError):
        operations.send_link(pairing, coordinator)


def test_only_coordinators_send_links(pairing, staff):
    with pytest.raises(DomainError) as caught:
        operations.send_link(pairing, staff)
    assert caught.value.status_code == 403
    assert count(Pairing, link_used_at=None) == 1

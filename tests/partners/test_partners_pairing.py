"""The pairing operation and page: Pairing + Decision + AuditEvent + mail to the centre's staff."""
from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Decision, MailMessage, Pairing, Role
from portal.partners.pairing import operations
from tests.helpers import csrf_token, fresh_client, login, mail_links, post
from tests.partners.conftest import count


def test_the_recorded_reasons_carry_the_application_figures(in_request, factories, submitted, partner, coordinator,
                                                             centre):
    other = factories.application(status="approved", partner=partner, start_date=date(2031, 9, 1))
    for _ in range(4):
        factories.participant(other)
    factories.application(centre, status="completed", partner=partner, start_date=date(2029, 5, 1))
    db.session.flush()

    pairing = operations.pair(submitted, partner, coordinator)

    recorded = {r["code"]: r for r in json.loads(pairing.reasons)}
    assert recorded["capacity_left"]["params"] == {"left": 26, "needed": 2, "year": 2031}  # 30 less the 4 booked
    assert recorded["past_stays"]["params"] == {"count": 1}


def test_pairing_records_the_pairing_a_decision_an_audit_event_and_mails_the_staff(
        in_request, factories, submitted, partner, coordinator, staff, centre):
    english = factories.user(Role.STAFF, organisation=centre, locale="en")
    factories.user(Role.STAFF)  # another centre: not told
    mails_before = count(MailMessage)

    pairing = operations.pair(submitted, partner, coordinator)

    assert (pairing.status, pairing.partner_id, pairing.application_id, pairing.created_by_id) == (
        "proposed", partner.id, submitted.id, coordinator.id)
    assert [r["code"] for r in json.loads(pairing.reasons)][:2] == ["same_trade", "language"]
    assert submitted.partner_id == partner.id
    decision = db.session.scalars(select(Decision).where(Decision.application_id == submitted.id)).one()
    assert (decision.stage, decision.action, decision.from_status, decision.to_status, decision.actor_id) == (
        "coordinator", "pair", "submitted", "submitted", coordinator.id)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.pair")).one()
    assert (event.object_id, event.before, event.after) == (
        submitted.id, {"partner_id": None}, {"partner_id": partner.id, "pairing_id": pairing.id})
    mails = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).all()[mails_before:]
    by_recipient = {m.recipient: m for m in mails}
    assert set(by_recipient) == {staff.email, english.email}
    assert by_recipient[staff.email].locale == "fr" and "Partenaire" in by_recipient[staff.email].subject
    assert by_recipient[english.email].subject == f"Partner proposed for your project: {submitted.title}"
    assert partner.name in by_recipient[english.email].body_text


def test_only_coordinators_pair(in_request, submitted, partner, staff, admin):
    for user in (staff, admin):
        with pytest.raises(DomainError) as refused:
            operations.pair(submitted, partner, user)
        assert refused.value.status_code == 403
    assert count(Pairing) == 0


@pytest.mark.parametrize("status", ["draft", "rejected", "withdrawn", "completed"])
def test_an_application_outside_review_cannot_be_paired(in_request, submitted, partner, coordinator, status):
    submitted.status = status
    with pytest.raises(DomainError) as refused:
        operations.pair(submitted, partner, coordinator)
    assert refused.value.status_code == 409
    assert (count(Pairing), count(Decision), submitted.partner_id) == (0, 0, None)


def test_a_partner_in_a_country_the_program_does_not_fund_is_refused(in_request, factories, submitted, coordinator):
    spain = factories.partner(country_code="ES", city="Madrid")
    with pytest.raises(DomainError):
        operations.pair(submitted, spain, coordinator)
    inactive = factories.partner(active=False)
    with pytest.raises(DomainError):
        operations.pair(submitted, inactive, coordinator)
    assert count(Pairing) == 0


def test_the_same_partner_cannot_be_proposed_twice_but_another_one_can(in_request, factories, submitted, partner,
                                                                     coordinator):
    operations.pair(submitted, partner, coordinator)
    with pytest.raises(DomainError):
        operations.pair(submitted, partner, coordinator)
    other = factories.partner(country_code="DE", city="Stuttgart")
    operations.pair(submitted, other, coordinator)
    assert submitted.partner_id == other.id
    assert count(Pairing, application_id=submitted.id) == 2


def test_a_confirmed_pairing_cannot_be_replaced(in_request, factories, submitted, partner, coordinator):
    pairing = operations.pair(submitted, partner, coordinator)
    pairing.status = "confirmed"
    with pytest.raises(DomainError):
        operations.pair(submitted, factories.partner(), coordinator)
    assert submitted.partner_id == partner.id


def test_the_pairing_page_lists_ranked_suggestions_and_choosing_one_pairs(client, factories, submitted, partner,
                                                                        coordinator):
    weak = factories.partner(name="Zeta sans métier", country_code="DE", languages="de")
    login(client, coordinator)
    url = f"/partenaires/jumelage/{submitted.id}"
    html = client.get(url).get_data(as_text=True)
    assert html.index(f'id="suggestion-{partner.id}"') < html.index(f'id="suggestion-{weak.id}"')
    assert "Hosts the same program of study (5298 — Automobile Mechanics)" in html

    response = post(client, f"{url}/choisir", {"partner_id": partner.id}, token_from=url)
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.partner_id == partner.id
    assert count(Pairing, application_id=submitted.id, status="proposed") == 1


def suggestion_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr id="suggestion-(\d+)"', html)]


@pytest.fixture
def many_partners(factories, partner):
    """24 more weak partners (no shared trade nor language): 25 eligible, the fixture's partner ranked first."""
    return [factories.partner(name=f"Partenaire {n:02d}", country_code="DE", languages="de") for n in range(24)]


def test_the_suggestions_come_a_page_at_a_time(client, submitted, partner, coordinator, many_partners):
    login(client, coordinator)
    url = f"/partenaires/jumelage/{submitted.id}"
    first = client.get(url).get_data(as_text=True)
    assert suggestion_ids(first)[:1] == [partner.id] and len(suggestion_ids(first)) == 20
    assert "25 eligible partner institutions, best suggestions first." in first
    following = html.unescape(re.search(r'id="page-next" rel="next" href="([^"]+)"', first).group(1))
    second = client.get(following).get_data(as_text=True)
    assert suggestion_ids(second) == [p.id for p in many_partners[19:]]
    previous = html.unescape(re.search(r'id="page-prev" rel="prev" href="([^"]+)"', second).group(1))
    assert suggestion_ids(client.get(previous).get_data(as_text=True)) == suggestion_ids(first)


def test_the_centres_choice_is_shown_and_choosable_on_every_page(client, submitted, coordinator, many_partners):
    chosen = many_partners[-1]  # ranked last, on the second page
    submitted.partner_id = chosen.id
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/partenaires/jumelage/{submitted.id}").get_data(as_text=True)
    assert suggestion_ids(page)[0] == chosen.id and len(suggestion_ids(page)) == 21
    assert "data-centre-choice" in page.split(f'id="suggestion-{chosen.id}"')[1].split("</tr>")[0]


def test_a_tampered_page_link_is_refused_clearly(client, submitted, coordinator):
    login(client, coordinator)
    response = client.get(f"/partenaires/jumelage/{submitted.id}?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 400


def test_the_pairing_page_is_for_coordinators_only(app, submitted, staff, admin):
    for user in (staff, admin):
        client = fresh_client(app)
        login(client, user)
        assert client.get(f"/partenaires/jumelage/{submitted.id}").status_code == 403


def test_choosing_without_the_csrf_token_changes_nothing(client, submitted, partner, coordinator):
    login(client, coordinator)
    response = client.post(f"/partenaires/jumelage/{submitted.id}/choisir", data={"partner_id": partner.id})
    assert response.status_code == 400
    assert count(Pairing) == 0


def test_the_application_page_links_coordinators_to_the_pairing_page(client, submitted, coordinator, staff):
    login(client, coordinator)
    assert f"/partenaires/jumelage/{submitted.id}" in client.get(f"/projets/{submitted.id}").get_data(as_text=True)


def test_the_coordinator_sends_the_response_link_from_the_pairing_page(app, client, submitted, partner, coordinator,
                                                                      inbox):
    with app.test_request_context():
        operations.pair(submitted, partner, coordinator)
    login(client, coordinator)
    url = f"/partenaires/jumelage/{submitted.id}"
    inbox.clear()
    response = post(client, f"{url}/lien", {}, token_from=url)
    assert response.status_code == 302
    [message] = inbox.to(partner.contact_email)
    assert message["Content-Language"] == "fr"
    [link] = [link for link in mail_links(message) if "/partenaires/reponse/" in link]
    assert f"/partenaires/reponse/{submitted.id}/" in link
    assert count(AuditEvent, action="pairing.link_sent") == 1


def test_staff_cannot_post_to_the_pairing_page(app, submitted, partner, staff):
    client = fresh_client(app)
    login(client, staff)
    token = csrf_token(client, "/partenaires/")
    response = client.post(f"/partenaires/jumelage/{submitted.id}/choisir",
                           data={"partner_id": partner.id, "csrf_token": token})
    assert response.status_code == 403
    assert count(Pairing) == 0

"""Linking an incoming stay to the outgoing one it answers; the coordinators' reciprocity dashboard."""
from __future__ import annotations

from datetime import date

import pytest

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.partners.pairing import operations
from tests.helpers import fresh_client, login, post
from tests.partners.conftest import count


@pytest.fixture
def outgoing(factories, centre, partner):
    return factories.application(centre, direction="outgoing", partner=partner, status="approved")


@pytest.fixture
def incoming(factories, centre, partner):
    return factories.application(centre, direction="incoming", partner=partner, status="submitted")


def refusal(incoming, outgoing, actor) -> DomainError:
    with pytest.raises(DomainError) as caught:
        operations.link_answer(incoming, outgoing, actor)
    return caught.value


def test_staff_link_their_incoming_stay_to_the_outgoing_one_and_it_is_audited(in_request, incoming, outgoing,
                                                                             staff):
    operations.link_answer(incoming, outgoing, staff)
    assert incoming.answers_application_id == outgoing.id
    assert count(AuditEvent, action="application.reciprocity_link", object_id=incoming.id) == 1
    operations.link_answer(incoming, None, staff)
    assert incoming.answers_application_id is None


def test_the_link_needs_the_same_centre_and_opposite_directions_said_in_french(in_request, factories, incoming, outgoing,
                                                              coordinator, partner):
    elsewhere = factories.application(factories.centre(), direction="outgoing", partner=partner)
    assert refusal(incoming, elsewhere, coordinator).message == "Les deux séjours doivent appartenir au même centre."
    another_incoming = factories.application(incoming.organisation, direction="incoming")
    assert refusal(incoming, another_incoming, coordinator).message.startswith("Choisissez un séjour sortant")
    assert refusal(outgoing, outgoing, coordinator).message == \
        "Seul un séjour entrant peut répondre à un séjour sortant."
    other_partner = factories.application(incoming.organisation, direction="outgoing",
                                          partner=factories.partner())
    assert "même établissement partenaire" in refusal(incoming, other_partner, coordinator).message
    assert incoming.answers_application_id is None


def test_staff_of_another_centre_and_other_roles_cannot_link(in_request, factories, incoming, outgoing):
    assert refusal(incoming, outgoing, factories.user(Role.STAFF)).status_code == 404
    assert refusal(incoming, outgoing, factories.user(Role.MINISTRY)).status_code == 403
    assert incoming.answers_application_id is None


def test_the_link_form_saves_and_another_centre_gets_404(app, factories, incoming, outgoing, staff):
    client = fresh_client(app)
    login(client, staff)
    url = f"/partenaires/reciprocite/lien/{incoming.id}"
    assert str(outgoing.title) in client.get(url).get_data(as_text=True)
    response = post(client, url, {"answers_application_id": outgoing.id})
    assert response.status_code == 302
    db.session.refresh(incoming)
    assert incoming.answers_application_id == outgoing.id

    stranger = fresh_client(app)
    login(stranger, factories.user(Role.STAFF))
    assert stranger.get(url).status_code == 404


def test_the_dashboard_lists_the_most_unbalanced_first(app, factories, coordinator, centre, partner):
    balanced = factories.partner(name="Équilibré")
    for direction in ("outgoing", "incoming"):
        stay = factories.application(centre, direction=direction, partner=balanced, status="completed",
                                     start_date=date(2030, 5, 1))
        factories.participant(stay)
    owed = factories.application(centre, direction="incoming", partner=partner, status="approved",
                                 start_date=date(2030, 12, 25))
    for _ in range(3):
        factories.participant(owed)
    client = fresh_client(app)
    login(client, coordinator)
    html = client.get("/partenaires/reciprocite").get_data(as_text=True)
    assert html.index(f'id="partner-balances-{partner.id}"') < html.index(f'id="partner-balances-{balanced.id}"')
    # 25 Dec 2030 – 7 Jan 2031, 3 participants: 42 person-days received, none sent
    row = html[html.index(f'id="partner-balances-{partner.id}"'):]
    assert "<td>0</td><td>42</td>" in row[:600] and "-42" in row[:600]
    only_2031 = client.get("/partenaires/reciprocite?annee=2031").get_data(as_text=True)
    row = only_2031[only_2031.index(f'id="partner-balances-{partner.id}"'):]
    assert "<td>0</td><td>21</td>" in row[:600]


def test_the_dashboard_is_for_coordinators(app, staff):
    client = fresh_client(app)
    login(client, staff)
    assert client.get("/partenaires/reciprocite").status_code == 403

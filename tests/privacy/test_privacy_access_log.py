"""Inclusion needs: a coordinator reads them only with a reason, recorded each time; other roles never; opening a
person's file is logged."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from tests.helpers import count, login, post


@pytest.fixture
def needy(factories):
    application = factories.application(status="submitted")
    person = factories.participant(application, inclusion_needs="Fauteuil roulant")
    db.session.commit()
    return person


def test_a_coordinator_reads_the_needs_after_giving_a_reason_and_the_reason_is_logged(client, needy, coordinator):
    login(client, coordinator)
    url = f"/confidentialite/besoins/{needy.id}"
    assert "Fauteuil roulant" not in client.get(url).get_data(as_text=True)
    response = post(client, url, {"reason": "Prévoir l'hébergement adapté"})
    assert response.status_code == 200 and "Fauteuil roulant" in response.get_data(as_text=True)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "participant.needs_viewed")).one()
    assert (event.actor_id, event.object_id, event.after["reason"]) == (
        coordinator.id, needy.id, "Prévoir l'hébergement adapté")


def test_without_a_reason_nothing_is_shown_nor_logged(client, needy, coordinator):
    login(client, coordinator)
    response = post(client, f"/confidentialite/besoins/{needy.id}", {"reason": ""})
    assert response.status_code == 400 and "Fauteuil roulant" not in response.get_data(as_text=True)
    assert count(AuditEvent, action="participant.needs_viewed") == 0


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.ADMIN, Role.STAFF])
def test_other_roles_cannot_use_the_needs_page(client, needy, factories, role):
    user = factories.user(role)
    db.session.commit()
    login(client, user)
    assert post(client, f"/confidentialite/besoins/{needy.id}", {"reason": "curiosité"},
                token_from="/confidentialite/").status_code == 403


def test_opening_a_persons_file_is_logged(client, needy, factories):
    admin = factories.user(Role.ADMIN)
    db.session.commit()
    login(client, admin)
    assert client.get(f"/confidentialite/personnes/{needy.id}").status_code == 200
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "participant.file_viewed")).one()
    assert (event.actor_id, event.object_id) == (admin.id, needy.id)

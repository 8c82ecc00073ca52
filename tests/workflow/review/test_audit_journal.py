"""The audit log page (/journal/): admins and ministry officers only, filters, pagination, French labels, and no
route that could change an entry."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from portal.audit.journal import PER_PAGE
from portal.extensions import db
from portal.models import AuditEvent, Role
from tests.helpers import fresh_client, login, page_language, post

URL = "/journal/"


def event(actor=None, action="application.submit", object_type="application", object_id=1,
          at: datetime | None = None, before=None, after=None) -> AuditEvent:
    values = dict(actor_id=actor.id if actor else None, action=action, object_type=object_type,
                  object_id=object_id, before=before, after=after)
    if at is not None:
        values["created_at"] = at
    obj = AuditEvent(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def shown_ids(response) -> set[int]:
    return {int(n) for n in re.findall(r'<tr id="event-(\d+)">', response.get_data(as_text=True))}


@pytest.fixture
def reader(app, factories):
    """A logged-in ministry officer's client (French, the default)."""
    user = factories.user(Role.MINISTRY, name="Agente Ministère")
    client = fresh_client(app)
    login(client, user)
    client.user = user
    return client


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MINISTRY])
def test_admins_and_ministry_officers_read_the_log(app, factories, role):
    client = fresh_client(app)
    login(client, factories.user(role))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.PARTICIPANT])
def test_other_roles_are_refused(app, factories, role):
    client = fresh_client(app)
    login(client, factories.user(role))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(app):
    response = fresh_client(app).get(URL)
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_the_blueprint_has_no_route_that_changes_anything(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert [rule.endpoint for rule in rules] == ["audit.index"]
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_not_allowed(reader, method):
    item = event(actor=reader.user)
    assert getattr(reader, method)(URL).status_code == 405
    assert getattr(reader, method)(f"{URL}{item.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(AuditEvent, item.id).action == "application.submit"


def test_the_log_is_in_french_with_readable_labels(reader):
    event(actor=reader.user, action="application.approve", after={"status": "approved"},
          before={"status": "recommended"})
    html = reader.get(URL).get_data(as_text=True)
    assert page_language(reader.get(URL)) == "fr"
    assert "<h1 class=\"h3\">Journal de vérification</h1>" in html
    assert "Type d'objet" in html and "Fait par (nom ou courriel)" in html
    assert "Approuvé" in html and "Recommandé" in html  # action label, then the status before → after
    assert "Agente Ministère" in html


def test_the_log_follows_the_language_switch(reader):
    event(actor=reader.user, action="application.send_back")
    assert post(reader, "/langue/en", {"next": URL}, token_from=URL).status_code == 302
    html = reader.get(URL).get_data(as_text=True)
    assert "Audit log" in html and "Sent back to the coordinator" in html


def test_filter_by_object_type_and_number(reader):
    wanted = event(object_type="application", object_id=41)
    event(object_type="application", object_id=42)
    event(object_type="document", object_id=41)
    assert shown_ids(reader.get(URL, query_string={"object_type": "application", "object_id": 41})) == {wanted.id}


def test_filter_by_actor_name_or_email(reader, factories):
    alice = factories.user(Role.COORDINATOR, name="Alice Tremblay", email="alice.tremblay@example.com")
    bob = factories.user(Role.COORDINATOR, name="Bob Gagnon")
    by_alice, by_bob = event(actor=alice, object_id=7001), event(actor=bob, object_id=7001)
    assert shown_ids(reader.get(URL, query_string={"actor": "tremblay", "object_id": 7001})) == {by_alice.id}
    assert shown_ids(reader.get(URL, query_string={"actor": "ALICE.TREMBLAY@", "object_id": 7001})) == {by_alice.id}
    assert shown_ids(reader.get(URL, query_string={"actor": "gagnon", "object_id": 7001})) == {by_bob.id}


def test_percent_in_the_actor_filter_is_taken_literally(reader, factories):
    someone = factories.user(Role.COORDINATOR, name="Chloé Roy")
    event(actor=someone, object_id=7002)
    assert shown_ids(reader.get(URL, query_string={"actor": "%", "object_id": 7002})) == set()


def test_filter_by_action(reader):
    approved = event(action="application.approve", object_id=7003)
    event(action="application.reject", object_id=7003)
    assert shown_ids(reader.get(URL, query_string={"action": "application.approve", "object_id": 7003})) \
        == {approved.id}


def test_filter_by_local_dates_both_included(reader):
    # Montréal is UTC-5 in November: 04:30 UTC on the 10th is still the 9th locally.
    late_on_the_9th = event(object_id=7004, at=datetime(2026, 11, 10, 4, 30))
    on_the_10th = event(object_id=7004, at=datetime(2026, 11, 10, 15, 0))
    last_minute_of_the_11th = event(object_id=7004, at=datetime(2026, 11, 12, 4, 59))
    event(object_id=7004, at=datetime(2026, 11, 12, 5, 0))  # midnight of the 12th locally
    shown = shown_ids(reader.get(URL, query_string={"object_id": 7004, "date_from": "2026-11-10",
                                                    "date_to": "2026-11-11"}))
    assert shown == {on_the_10th.id, last_minute_of_the_11th.id}
    assert late_on_the_9th.id not in shown


def test_an_inverted_date_range_is_explained_in_french(reader):
    response = reader.get(URL, query_string={"date_from": "2026-11-12", "date_to": "2026-11-10"})
    assert response.status_code == 400
    assert "Saisissez une date de fin identique ou postérieure à la date de début." in response.get_data(as_text=True)


def test_an_unknown_action_is_refused_as_a_choice(reader):
    response = reader.get(URL, query_string={"action": "application.nothing"})
    assert response.status_code == 400


def test_the_log_is_paginated_newest_first(reader):
    events = [event(object_id=7005, at=datetime(2026, 1, 1, 12, minute % 60, minute // 60))
              for minute in range(PER_PAGE + 1)]
    first = reader.get(URL, query_string={"object_id": 7005})
    link = re.search(r'rel="next" href="([^"]+)"', first.get_data(as_text=True)).group(1).replace("&amp;", "&")
    assert "object_id=7005" in link  # the next link keeps the filters
    second = reader.get(link)
    assert len(shown_ids(first)) == PER_PAGE and events[-1].id in shown_ids(first)
    assert shown_ids(second) == {events[0].id}
    back = re.search(r'rel="prev" href="([^"]+)"', second.get_data(as_text=True)).group(1).replace("&amp;", "&")
    assert shown_ids(reader.get(back)) == shown_ids(first)


def test_a_cursor_from_elsewhere_is_refused_with_400(reader):
    assert reader.get(URL, query_string={"cursor": "WyJuZXh0IixbMSwyXV0"}).status_code == 400


def test_money_fields_are_shown_as_amounts(reader):
    event(object_id=7006, action="application.approve", before={"committed_cents": 100_000},
          after={"committed_cents": 250_050})
    html = reader.get(URL, query_string={"object_id": 7006}).get_data(as_text=True)
    assert "1\u00a0000,00\u00a0$" in html and "2\u00a0500,50\u00a0$" in html


def test_a_type_not_logged_yet_gives_an_empty_list_not_an_error(reader):
    response = reader.get(URL, query_string={"object_type": "pairing", "object_id": 7007})
    assert response.status_code == 200
    assert "Aucune entrée ne correspond à ces filtres." in response.get_data(as_text=True)


def test_a_real_approval_shows_who_and_the_money_it_committed(reader, factories, make_application):
    from portal.workflow import review

    call = factories.call(envelope_cents=1_000_000, committed_cents=0)
    application = make_application(status="recommended", call=call)
    review.approve(application, reader.user)
    response = reader.get(URL, query_string={"object_type": "application", "object_id": application.id,
                                             "action": "application.approve"})
    html = response.get_data(as_text=True)
    assert len(shown_ids(response)) == 1
    assert "Agente Ministère" in html and "Approuvé" in html
    assert "Montant engagé sur l’enveloppe" in html and "1\u00a0000,00\u00a0$" in html
    assert f'href="/projets/{application.id}"' in html

"""Daily digest for coordinators: no mail per submission once chosen, one mail a day in their language listing what
was submitted since the last digest, nothing new when run twice; the preference page; the CLI command."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts import digest
from portal.extensions import db
from portal.models import MailMessage, Role, User
from portal.workflow import operations, review
from tests.helpers import fresh_client, login, mail_subject, mail_text, post
from tests.workflow.review.conftest import count

PREFERENCES = "/compte/preferences"


def queued_to(user) -> list[MailMessage]:
    return list(db.session.scalars(select(MailMessage).where(MailMessage.recipient == user.email)
                                   .order_by(MailMessage.id)))


def submitted(factories, staff, title: str, at: datetime | None = None):
    application = factories.submittable_application(centre_org=staff.organisation, created_by=staff, title=title)
    decision = operations.submit(application, staff)
    if at is not None:  # place the submission in time, as the digest reads it from the decision
        decision.created_at = at
        db.session.flush()
    return application


@pytest.fixture
def digest_reader(factories):
    return factories.user(Role.COORDINATOR, locale="fr", digest_daily=True,
                          last_digest_at=datetime(2026, 11, 20, 12, 0))


@pytest.fixture
def english_reader(factories):
    return factories.user(Role.COORDINATOR, locale="en", digest_daily=True,
                          last_digest_at=datetime(2026, 11, 20, 12, 0))


NOW = datetime(2026, 11, 21, 12, 0)  # 07:00 in Montréal


def test_a_digest_reader_gets_no_mail_per_submission(factories, staff, digest_reader, coordinator):
    submitted(factories, staff, "Projet Lyon")
    assert queued_to(digest_reader) == []
    assert len(queued_to(coordinator)) == 1  # the others still get one per submission


def test_the_digest_lists_the_submissions_since_the_last_one(factories, staff, digest_reader):
    submitted(factories, staff, "Avant le dernier résumé", at=datetime(2026, 11, 20, 11, 0))
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 20, 15, 0))
    submitted(factories, staff, "Projet Munich", at=datetime(2026, 11, 21, 9, 0))
    assert digest.send_digests(NOW) == 1
    [message] = queued_to(digest_reader)
    assert message.locale == "fr"
    assert message.subject == "Résumé quotidien des nouvelles demandes (2)"
    assert "Projet Lyon" in message.body_text and "Projet Munich" in message.body_text
    assert "Avant le dernier résumé" not in message.body_text
    assert "Nouvelle demande" in message.body_text
    assert db.session.get(User, digest_reader.id).last_digest_at == NOW


def test_the_digest_is_in_the_coordinators_language(factories, staff, english_reader):
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 21, 9, 0))
    digest.send_digests(NOW)
    [message] = queued_to(english_reader)
    assert (message.locale, message.subject) == ("en", "Daily digest of new submissions (1)")
    assert "New submission" in message.body_text and "Projet Lyon" in message.body_text


def test_a_resubmission_is_listed_once_as_such(factories, staff, digest_reader, coordinator):
    application = submitted(factories, staff, "Projet repris", at=datetime(2026, 11, 20, 13, 0))
    review.request_changes(application, coordinator, "Ajoutez l'entente.")
    decision = operations.submit(application, staff)
    decision.created_at = datetime(2026, 11, 21, 8, 0)
    db.session.flush()
    digest.send_digests(NOW)
    [message] = queued_to(digest_reader)
    assert message.subject.endswith("(1)")
    assert message.body_text.count("Projet repris") == 1
    assert "Déposée de nouveau après une demande de modifications" in message.body_text


def test_running_twice_the_same_day_sends_nothing_new(factories, staff, digest_reader):
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 21, 9, 0))
    assert digest.send_digests(NOW) == 1
    submitted(factories, staff, "Projet tardif", at=NOW + timedelta(hours=1))
    assert digest.send_digests(NOW + timedelta(hours=2)) == 0
    assert len(queued_to(digest_reader)) == 1


def test_the_next_day_lists_only_what_came_after(factories, staff, digest_reader):
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 21, 9, 0))
    digest.send_digests(NOW)
    submitted(factories, staff, "Projet tardif", at=NOW + timedelta(hours=1))
    assert digest.send_digests(NOW + timedelta(days=1)) == 1
    latest = queued_to(digest_reader)[-1]
    assert "Projet tardif" in latest.body_text and "Projet Lyon" not in latest.body_text


def test_no_digest_when_nothing_is_new(digest_reader):
    assert digest.send_digests(NOW) == 0
    assert queued_to(digest_reader) == []
    assert db.session.get(User, digest_reader.id).last_digest_at == datetime(2026, 11, 20, 12, 0)


def test_the_local_day_decides_what_same_day_means(factories, staff, digest_reader):
    # 23:30 on the 21st in Montréal is already the 22nd in UTC; 01:00 local on the 22nd is another day.
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 21, 9, 0))
    assert digest.send_digests(datetime(2026, 11, 22, 4, 30)) == 1
    submitted(factories, staff, "Projet nocturne", at=datetime(2026, 11, 22, 5, 0))
    assert digest.send_digests(datetime(2026, 11, 22, 6, 0)) == 1


def test_only_active_coordinators_who_chose_it_get_a_digest(factories, staff, coordinator):
    factories.user(Role.COORDINATOR, active=False, digest_daily=True)
    factories.user(Role.MINISTRY, digest_daily=True)
    submitted(factories, staff, "Projet Lyon", at=datetime(2026, 11, 21, 9, 0))
    before = count(MailMessage)
    assert digest.send_digests(NOW) == 0
    assert count(MailMessage) == before


def test_a_first_digest_covers_the_last_day(factories, staff):
    reader = factories.user(Role.COORDINATOR, digest_daily=True)  # no digest yet
    submitted(factories, staff, "Il y a deux jours", at=NOW - timedelta(days=2))
    submitted(factories, staff, "Hier", at=NOW - timedelta(hours=20))
    digest.send_digests(NOW)
    [message] = queued_to(reader)
    assert "Hier" in message.body_text and "Il y a deux jours" not in message.body_text


def test_choosing_the_digest_starts_its_window_now(factories):
    user = factories.user(Role.COORDINATOR)
    digest.choose_digest(user, True, now=NOW)
    assert (user.digest_daily, user.last_digest_at) == (True, NOW)
    digest.choose_digest(user, True, now=NOW + timedelta(days=3))  # unchanged choice keeps the window
    assert user.last_digest_at == NOW
    digest.choose_digest(user, False)
    assert user.digest_daily is False


def test_only_coordinators_choose_a_digest(factories):
    with pytest.raises(ValueError):
        digest.choose_digest(factories.user(Role.STAFF), True)


# --- preference page ---------------------------------------------------------------------------------------------

def test_a_coordinator_chooses_the_digest_on_the_preference_page(app, factories):
    user = factories.user(Role.COORDINATOR)
    client = fresh_client(app)
    login(client, user)
    page = client.get(PREFERENCES).get_data(as_text=True)
    assert "Recevoir un résumé quotidien des nouvelles demandes" in page
    response = post(client, PREFERENCES, {"digest_daily": "y"}, follow_redirects=True)
    assert "Vos préférences ont été enregistrées." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).digest_daily is True
    post(client, PREFERENCES, {})  # the box unticked
    db.session.expire_all()
    assert db.session.get(User, user.id).digest_daily is False


def test_the_preference_form_needs_its_csrf_token(app, factories):
    user = factories.user(Role.COORDINATOR)
    client = fresh_client(app)
    login(client, user)
    assert client.post(PREFERENCES, data={"digest_daily": "y"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).digest_daily is False


@pytest.mark.parametrize("role", [Role.STAFF, Role.MINISTRY, Role.ADMIN, Role.PARTICIPANT])
def test_other_roles_have_no_digest_preference(app, factories, role):
    client = fresh_client(app)
    login(client, factories.user(role))
    assert client.get(PREFERENCES).status_code == 403


# --- the command -------------------------------------------------------------------------------------------------

def test_the_command_delivers_the_digest_and_is_idempotent(app, factories, staff, inbox):
    reader = factories.user(Role.COORDINATOR, locale="fr", digest_daily=True, email="digest@example.com")
    submitted(factories, staff, "Projet Lyon")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-digest"])
    assert result.exit_code == 0, result.output
    assert "1 digest(s) queued" in result.output
    [message] = inbox.to(reader.email)
    assert mail_subject(message) == "Résumé quotidien des nouvelles demandes (1)"
    assert "Projet Lyon" in mail_text(message) and "http" in mail_text(message)
    again = runner.invoke(args=["send-digest"])
    assert "0 digest(s) queued" in again.output
    assert len(inbox.to(reader.email)) == 1

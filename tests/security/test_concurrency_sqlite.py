"""Issue 12: concurrent posts on the embedded SQLite default (a file, WAL) never give a 500 ("database is
locked"): a double click or the same form sent eight times at once gives one result."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from portal import create_app
from portal.core.clock import Clock
from portal.extensions import db
from portal.models import Participant
from tests.conftest import make_config
from tests.fixtures.database import is_postgres
from tests.helpers import CSRF_PATTERN

pytestmark = [pytest.mark.no_db,
              pytest.mark.skipif(is_postgres(), reason="the embedded SQLite default (PostgreSQL waits on row locks)")]


@pytest.fixture(scope="module")
def file_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-concurrency")
    application = create_app(make_config(f"sqlite:///{folder}/portal.sqlite3", str(folder), 0, MAIL_BACKEND="file",
                                         SERVER_NAME=None))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


def logged_in_client(app, email):
    client = app.test_client()
    html = client.get("/compte/connexion").get_data(as_text=True)
    token = CSRF_PATTERN.search(html).group(1)
    response = client.post("/compte/connexion", data={"email": email, "password": "correct horse battery staple",
                                                      "csrf_token": token})
    assert response.status_code == 302
    return client


def all_at_once(count: int, action) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        results[index] = action(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_the_file_database_is_in_wal_mode_with_a_busy_timeout(file_app):
    with file_app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_same_participant_sent_eight_times_at_once_is_added_once_without_a_server_error(file_app):
    from tests import factories

    with file_app.app_context():
        centre = factories.centre()
        staff = factories.user("staff", organisation=centre)
        project = factories.application(centre_org=centre, start_date=Clock().today() + timedelta(days=90))
        db.session.commit()
        project_id, email = project.id, staff.email
    clients = [logged_in_client(file_app, email) for _ in range(8)]
    url = f"/projets/{project_id}/participants/nouveau"
    tokens = [CSRF_PATTERN.search(c.get(url).get_data(as_text=True)).group(1) for c in clients]
    form = {"first_name": "Marie", "last_name": "Tremblay", "email": "marie@example.org", "birth_date": "2000-05-01",
            "kind": "student", "trade": "Cuisine", "locale": "fr", "consent": "y", "consent_by": "",
            "parental_consent_by": "", "inclusion_needs": ""}

    statuses = all_at_once(8, lambda i: clients[i].post(url, data={**form, "csrf_token": tokens[i]}).status_code)

    assert 500 not in statuses and None not in statuses, statuses
    assert statuses.count(302) == 1, statuses  # the others are told the person is already there
    with file_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)
                                 .where(Participant.application_id == project_id)) == 1


def test_eight_different_participants_added_at_once_are_all_added(file_app):
    from tests import factories

    with file_app.app_context():
        centre = factories.centre()
        staff = factories.user("staff", organisation=centre)
        project = factories.application(centre_org=centre, start_date=Clock().today() + timedelta(days=90))
        db.session.commit()
        project_id, email = project.id, staff.email
    clients = [logged_in_client(file_app, email) for _ in range(8)]
    url = f"/projets/{project_id}/participants/nouveau"
    tokens = [CSRF_PATTERN.search(c.get(url).get_data(as_text=True)).group(1) for c in clients]

    def add(i: int) -> int:
        return clients[i].post(url, data={"first_name": f"Élève{i}", "last_name": "Tremblay", "birth_date": "2000-05-01",
                                          "kind": "student", "locale": "fr", "consent": "y",
                                          "csrf_token": tokens[i]}).status_code

    statuses = all_at_once(8, add)
    assert statuses == [302] * 8, statuses
    with file_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)
                                 .where(Participant.application_id == project_id)) == 8

"""On PostgreSQL: two hosts run the same scheduled command at the same moment, each in its own thread, session and
connection with real commits. Each queued mail goes exactly once; a locked command runs on one host only."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import delete, func, select

from portal.extensions import db, services
from portal.models import MailMessage, locks
from portal.notifications import send_pending

pytestmark = [pytest.mark.postgres, pytest.mark.no_db]

MESSAGES = 12


class SlowRecorder:
    """A transport slow enough for the two senders to overlap; remembers every message it was given."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.guard = threading.Lock()

    def send(self, message, sender: str) -> None:
        time.sleep(0.02)
        with self.guard:
            self.sent.append(message.id)


def _queue(app) -> list[int]:
    with app.app_context():
        try:
            messages = [MailMessage(recipient=f"two-hosts-{n}@example.com", subject="s", body_text="b")
                        for n in range(MESSAGES)]
            db.session.add_all(messages)
            db.session.commit()
            return [message.id for message in messages]
        finally:
            db.session.remove()


def _cleanup(app, ids: list[int]) -> None:
    with app.app_context():
        try:
            db.session.execute(delete(MailMessage).where(MailMessage.id.in_(ids)))
            db.session.commit()
        finally:
            db.session.remove()


def _in_threads(target, *args) -> list:
    barrier, results = threading.Barrier(2), []
    threads = [threading.Thread(target=target, args=(barrier, results, *args)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_senders_at_once_send_each_mail_exactly_once(app):
    ids = _queue(app)
    recorder = SlowRecorder()

    def host(barrier, results):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results.append(send_pending(app, limit=MESSAGES))
            finally:
                db.session.remove()
    try:
        with services.replace(app, mail_transport=recorder):
            results = _in_threads(host)
        mine = [message_id for message_id in recorder.sent if message_id in ids]
        assert sorted(mine) == sorted(ids)  # every one sent, none twice
        assert sum(sent for sent, _failed in results) >= MESSAGES and len(results) == 2
        with app.app_context():
            try:
                unsent = db.session.scalar(select(func.count()).select_from(MailMessage).where(
                    MailMessage.id.in_(ids), MailMessage.sent_at.is_(None)))
                assert unsent == 0
            finally:
                db.session.remove()
    finally:
        _cleanup(app, ids)


def test_a_command_lock_is_granted_to_one_transaction_at_a_time(app):
    def host(barrier, results):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results.append(locks.try_lock("two-hosts-test"))
                time.sleep(0.3)  # keep the transaction (and the lock) while the other asks
                db.session.rollback()
            finally:
                db.session.remove()
    assert sorted(_in_threads(host)) == [False, True]


def test_a_scheduled_command_does_nothing_while_another_host_runs_it(app):
    with app.app_context():
        try:
            with db.engine.connect() as other_host, other_host.begin():  # mid-run, holding the lock
                taken = other_host.scalar(select(func.pg_try_advisory_xact_lock(locks.lock_key("purge-documents"))))
                result = app.test_cli_runner().invoke(args=["purge-documents"])
            assert taken and "Already running on another host" in result.output
        finally:
            db.session.remove()
    with app.app_context():
        try:
            result = app.test_cli_runner().invoke(args=["purge-documents"])
            assert "stored object(s) removed" in result.output
        finally:
            db.session.remove()

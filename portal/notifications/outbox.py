from __future__ import annotations

from flask import Flask, g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.core.clock import utcnow
from portal.extensions import db, services
from portal.models import MailMessage


def queue_mail(recipient: str, subject: str, body: str, locale: str = "fr") -> MailMessage:
    """Add a message to the outbox in the current transaction (nothing is sent before commit)."""
    message = MailMessage(recipient=recipient, subject=subject, body_text=body, locale=locale)
    db.session.add(message)
    if has_request_context():
        g.mail_queued = True
    return message


@event.listens_for(Session, "after_commit")
def _remember_commit(session: Session) -> None:
    if has_request_context() and g.get("mail_queued"):
        g.mail_committed = True
        g.mail_queued = False


def send_pending(app: Flask, limit: int = 100) -> tuple[int, int]:
    """Send unsent messages; a failure keeps the message for the next flush. Returns (sent, failed)."""
    transport = services.mail_transport
    sent = failed = 0
    query = select(MailMessage).where(MailMessage.sent_at.is_(None)).order_by(MailMessage.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for message in db.session.scalars(query).all():
        message.attempts += 1
        try:
            transport.send(message, sender=app.config["MAIL_DEFAULT_SENDER"])
        except Exception as error:  # noqa: BLE001  any transport failure keeps the message queued
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            failed += 1
            app.logger.warning("Mail %s not sent: %s", message.id, message.last_error)
        else:
            message.sent_at = utcnow()
            message.last_error = ""
            sent += 1
    db.session.commit()
    return sent, failed

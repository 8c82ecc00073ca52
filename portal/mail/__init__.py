"""Outbox mail: queued with the change it reports, sent after the transaction commits."""
from __future__ import annotations

from flask import Flask, g, has_request_context

from .outbox import queue_mail, send_pending

__all__ = ["init_mail", "queue_mail", "send_pending"]


def init_mail(app: Flask) -> None:
    @app.after_request
    def send_after_commit(response):
        # Views commit before returning; only then is the queued mail real.
        if has_request_context() and g.pop("mail_committed", False):
            send_pending(app, limit=50)
        return response

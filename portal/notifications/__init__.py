"""Outbox mail: queued with the change it reports, sent after the transaction commits."""
from portal.notifications.outbox import queue_mail, send_pending

__all__ = ["queue_mail", "send_pending"]

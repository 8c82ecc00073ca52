"""Confirm before acting: a form that deletes, withdraws, submits, decides or moves money is done only when it is
posted with ``confirmed=1``.

Posted without it, the view rehearses the operation in a savepoint it then rolls back (so the operation's own
checks refuse what it would refuse, and the figures shown are the ones it would write) and answers 428 with a page
saying what will happen, and a form carrying the same fields plus ``confirmed=1``. Without JavaScript that page is
the confirmation; with it, static/confirm.js posts the form in the background with the ``X-Confirm-Dialog`` header
and shows the same fragment in a native ``<dialog>``. Nothing is changed by an unconfirmed post.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import render_template, request
from flask_babel import gettext as _

from portal.extensions import db
from portal.funding import envelopes
from portal.i18n.formatting import money

FIELD = "confirmed"
DIALOG_HEADER = "X-Confirm-Dialog"
STATUS = 428  # Precondition Required: the confirmation
NOT_SENT_BACK = frozenset({"csrf_token", FIELD})
T = TypeVar("T")


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation says: its question, what will happen, the button that does it and where to go back."""

    title: str
    consequences: list[str]
    button: str
    cancel_url: str
    danger: bool = False


def confirmed() -> bool:
    return request.form.get(FIELD) == "1"


def rehearse(operation: Callable[[], Any], measure: Callable[[], T] | None = None) -> T | None:
    """Run `operation` in a savepoint that is always rolled back; what `measure` read just before (inside it).
    A refusal (DomainError) goes up as the operation raised it, with nothing changed."""
    savepoint = db.session.begin_nested()
    try:
        operation()
        db.session.flush()
        return measure() if measure is not None else None
    finally:
        savepoint.rollback()


def envelope_effect(call_id: int, operation: Callable[[], Any]) -> tuple[int, int]:
    """(cents the operation would commit — negative when it releases —, what would then remain in the call's
    envelope), both read from the database around a rehearsal."""
    before = envelopes.remaining_cents(call_id)
    after = rehearse(operation, lambda: envelopes.remaining_cents(call_id))
    assert after is not None  # noqa: S101  (measure always given)
    return before - after, after


def money_consequence(moved: int, remaining: int) -> str:
    if moved > 0:
        return _("%(amount)s will be committed; %(remaining)s will remain in the call's envelope.",
                 amount=money(moved), remaining=money(remaining))
    if moved < 0:
        return _("%(amount)s will go back to the call's envelope; %(remaining)s will then remain in it.",
                 amount=money(-moved), remaining=money(remaining))
    return _("No money will be committed or released; %(remaining)s remain in the call's envelope.",
             remaining=money(remaining))


def ask(confirmation: Confirmation):
    """The confirmation (428): the whole page, or only its fragment for the dialog."""
    hidden = [(name, value) for name, value in request.form.items(multi=True) if name not in NOT_SENT_BACK]
    template = "_confirm_dialog.html" if request.headers.get(DIALOG_HEADER) else "confirm.html"
    return render_template(template, confirmation=confirmation, hidden=hidden, action=request.path), STATUS

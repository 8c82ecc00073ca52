"""The one hierarchy of domain errors: an operation refuses to act, says why in the user's language, and has
changed nothing. The web layer maps each kind to its HTTP status in one handler (``portal.web.errors``)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class DomainError(Exception):
    """Base of every refusal. ``failed`` lists what broke a rule (eligibility results, field problems); without a
    message the page shows the usual text of its status."""

    status_code = 400

    def __init__(self, message: str = "", *, failed: Iterable[Any] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.failed: list[Any] = list(failed)

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """The data sent breaks a rule (amount, scale, missing field): the form is shown again with the message."""

    status_code = 400


class Refused(DomainError):
    """The person's role does not allow this action."""

    status_code = 403


class NotFound(DomainError):
    """No such object, or not one this person may see (the two are not told apart)."""

    status_code = 404


class Conflict(DomainError):
    """The action is not possible in the current state of the file (or of a form already used)."""

    status_code = 409


class TooSoon(Conflict):
    """The action was done recently and may not be repeated yet."""

    status_code = 429

"""Optional second factor: a time-based one-time password (TOTP, RFC 6238, pyotp) and ten single-use recovery
codes. The secret is saved only once the person has typed a valid code from their app; recovery codes are shown
once and only their sha256 digests are kept (they are random, 50 bits each: a slow hash adds nothing). A code is
accepted once: the time step it belongs to is remembered, so a code seen over a shoulder cannot be replayed."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import pyotp
from flask import current_app

from portal.audit.trail import add_event
from portal.models import User

ISSUER = "Portail de mobilité"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is (the current one or its neighbours: clocks drift), else None."""
    code = (code or "").replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(datetime.now(UTC))  # the real clock: the person's app reads it too
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _recovery_code() -> str:
    return "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))


def is_required(user: User) -> bool:
    return user.role in (current_app.config.get("TOTP_REQUIRED_ROLES") or ())


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Save the secret when `code` proves the app has it; returns the recovery codes to show once (None: wrong)."""
    step = _matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    user.recovery_code_hashes = " ".join(_digest(code) for code in codes)
    add_event(user, "user.two_factor_enabled", "user", user.id)
    return codes


def verify(user: User, code: str) -> bool:
    """A current TOTP code not used before, or an unused recovery code (then spent)."""
    if not user.has_two_factor:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # replayed
        user.totp_last_step = step
        return True
    digests = (user.recovery_code_hashes or "").split()
    digest = _digest(code or "")
    if any(hmac.compare_digest(digest, known) for known in digests):
        user.recovery_code_hashes = " ".join(known for known in digests if known != digest)
        add_event(user, "user.recovery_code_used", "user", user.id)
        return True
    return False

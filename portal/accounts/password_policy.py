"""What a new password must not be (OWASP ASVS 5.0 level 2, V6.2): shorter than 12 characters, a common or breached
password (a list shipped with the project, checked offline), or built from words of its context (the portal's name,
the person's e-mail address). Returns the reasons, translated; empty when the password is acceptable."""
from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from pathlib import Path

from flask_babel import gettext as _

from portal.accounts.passwords import MIN_PASSWORD_LENGTH

COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt.gz"
PORTAL_WORDS = ("portail", "mobilite", "mobility", "portal", "quebec", "ministere", "ministry", "education")
# What remains once context words are taken out must still be this long.
MIN_OWN_CHARACTERS = 8
_ONLY_DIGITS_OR_PUNCTUATION = re.compile(r"[\d\W_]+")
MIN_LISTED_PREFIX = 4  # "dragon" + "123456!" is refused; "a" + "123…" is judged on the rest


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def _plain(text: str) -> str:
    """Lower case, accents off: "Mobilité" → "mobilite"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_common(password: str) -> bool:
    """Listed as is (any case), a listed password repeated ("qwertyqwerty"), or one followed by digits or
    punctuation only ("dragon123456!", "123456789012")."""
    listed = common_passwords()
    lowered = password.lower()
    if lowered in listed:
        return True
    for size in range(1, len(lowered) // 2 + 1):
        if len(lowered) % size == 0 and lowered[:size] * (len(lowered) // size) == lowered:
            return lowered[:size] in listed or size <= 2
    return any(lowered[:cut] in listed and _ONLY_DIGITS_OR_PUNCTUATION.fullmatch(lowered[cut:])
               for cut in range(len(lowered) - 1, MIN_LISTED_PREFIX - 1, -1))


def context_words(email: str | None) -> list[str]:
    words = list(PORTAL_WORDS)
    if email and "@" in email:
        local, _, domain = email.lower().partition("@")
        words += [part for part in re.split(r"[^a-z0-9]+", _plain(local)) if len(part) >= 3]
        words += [part for part in domain.split(".")[:-1] if len(part) >= 4]
    return words


def uses_context(password: str, email: str | None) -> bool:
    """Contains the e-mail address, or is mostly the portal's name and the person's e-mail words."""
    plain = _plain(password)
    if email and (email.lower() in password.lower() or (len(email.partition("@")[0]) >= 4
                                                       and _plain(email.partition("@")[0]) in plain)):
        return True
    remainder = plain
    for word in sorted(context_words(email), key=len, reverse=True):
        remainder = remainder.replace(word, "")
    own = [char for char in remainder if char.isalnum()]
    return remainder != plain and len(own) < MIN_OWN_CHARACTERS


def password_problems(password: str, email: str | None = None) -> list[str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [_("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)]
    problems = []
    if is_common(password):
        problems.append(_("This password is too common: it appears in lists of leaked passwords. Choose another "
                          "one, for example a few unrelated words."))
    if uses_context(password, email):
        problems.append(_("The password must not be made of your e-mail address or the portal's name."))
    return problems

"""Display helpers for templates."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from portal.i18n.language import current_language

BABEL_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def format_cents(cents: int | None, language: str) -> str:
    if cents is None:
        return "—"
    return format_currency(Decimal(cents) / 100, "CAD", locale=BABEL_LOCALES.get(language, "fr_CA"))


def money(cents: int | None) -> str:
    return format_cents(cents, current_language())

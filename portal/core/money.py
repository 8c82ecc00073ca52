"""Money helpers: amounts are always integer cents (``int``), never floats.

``Decimal`` is only used at the edges (parsing CSV/form strings, formatting).
Formatting goes through Babel with the CAD currency; the portal's two locales
are mapped as ``"fr" -> fr_CA`` (« 1 234,50 $ ») and ``"en" -> en_CA``
("$1,234.50").  Note that Babel's fr_CA output uses no-break spaces
(U+00A0) as group separator and before the ``$`` sign.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal

CURRENCY = "CAD"
MINUS = "\u2212"  # a negative amount takes the typographic minus: "−3 031,00 $"
_BABEL_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def language(locale: str) -> str:
    """Return the portal language ("fr" or "en") for a locale string.

    Anything that is not French (``fr``, ``fr_CA``, ``fr-FR`` ...) falls back
    to English.
    """
    lang = (locale or "").replace("-", "_").split("_")[0].lower()
    return "fr" if lang == "fr" else "en"


def babel_locale(locale: str) -> str:
    """Map a portal locale ("fr"/"en"/"fr_CA"...) to the Babel locale used."""
    return _BABEL_LOCALES[language(locale)]


def check_cents(value: object, name: str = "amount") -> int:
    """Validate that ``value`` is an ``int`` number of cents (bool rejected)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int number of cents, got {value!r}")
    return value


def format_money(cents: int, locale: str) -> str:
    """Format integer cents as CAD in the user's locale.

    >>> format_money(123450, "en")
    '$1,234.50'
    >>> format_money(123450, "fr") == "1\\u00a0234,50\\u00a0$"
    True
    """
    check_cents(cents)
    text = format_currency(Decimal(cents).scaleb(-2), CURRENCY, locale=babel_locale(locale))
    return text.replace("-", MINUS, 1) if text.startswith("-") else text


def format_int(value: int, locale: str) -> str:
    """Format an integer with the locale's digit grouping (« 5 605 », "5,605")."""
    return format_decimal(value, locale=babel_locale(locale))


def decimal_to_cents(amount: Decimal) -> int:
    """Round a dollar ``Decimal`` to whole cents (ROUND_HALF_UP)."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_cents(text: str | Decimal | int) -> int:
    """Parse a dollar amount ("126.00", "46.25", 2000) into integer cents.

    Raises ``ValueError`` for non-numbers and for fractions of a cent.
    """
    if isinstance(text, float):
        raise TypeError("floats are not accepted for money; pass a string or Decimal")
    try:
        amount = text if isinstance(text, Decimal) else Decimal(str(text).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"fraction of a cent in {text!r}")
    return int(cents)

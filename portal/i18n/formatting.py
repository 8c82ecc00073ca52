"""Dates, amounts and quantities as people write them in Québec (French) or in Canadian English, through Babel.

French: "15 février 2027 à 23 h 59", "2 460,00 $", "−3 031,00 $", "3 205,2 kg" (no-break spaces, true minus sign).
English: "February 15, 2027 at 11:59 PM", "$2,460.00", "−$3,031.00", "3,205.2 kg".
Times are stored in UTC and always shown in Québec time (America/Toronto); the zone is never written out.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.numbers import NumberPattern, format_currency, parse_pattern

from portal.core.clock import QUEBEC_TZ
from portal.i18n.language import current_language

BABEL_LOCALES = {"fr": "fr_CA", "en": "en_CA", "es": "es", "de": "de"}  # es, de: partners' mail and pages
MINUS = "\u2212"  # typographic minus: "−3 031,00 $"
NBSP = "\u00a0"
DATE_PATTERNS = {"fr": "d MMMM y", "en": "MMMM d, y", "es": "d 'de' MMMM 'de' y", "de": "d. MMMM y"}
SHORT_DATE_PATTERNS = {"fr": "d MMM y", "en": "MMM d, y", "es": "d MMM y", "de": "d. MMM y"}
TIME_PATTERNS = {"fr": "H 'h' mm", "en": "h:mm a", "es": "H:mm", "de": "HH:mm 'Uhr'"}
AT = {"fr": " à ", "en": " at ", "es": ", ", "de": " um "}


@lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    """The parsed Babel locale, once per language: given a name, Babel parses it again on every call, which was
    half the cost of a page that formats a few hundred amounts (the carbon page)."""
    return Locale.parse(BABEL_LOCALES.get(language, "fr_CA"))


def _language(language: str | None) -> str:
    language = language or current_language()
    return language if language in BABEL_LOCALES else "fr"


@lru_cache(maxsize=64)
def _pattern(text: str) -> NumberPattern:
    return parse_pattern(text)  # what babel's format_decimal does on every call, once per pattern here


def _decimal(value: int | float | Decimal, pattern: str, language: str) -> str:
    return _pattern(pattern).apply(value, _locale(language))


def _minus(text: str) -> str:
    return text.replace("-", MINUS, 1) if text.lstrip().startswith("-") else text


def format_cents(cents: int | None, language: str) -> str:
    if cents is None:
        return "—"
    return _minus(format_currency(Decimal(cents) / 100, "CAD", locale=_locale(language)))


def money(cents: int | None) -> str:
    return format_cents(cents, current_language())


def cents_for_input(cents: int | None, language: str | None = None) -> str:
    """An amount as it is written in a form field of that language ("2 460,00" / "2,460.00"), without the sign
    of the currency so that the field reads back exactly what it shows."""
    if cents is None:
        return ""
    return _minus(_decimal(Decimal(cents) / 100, "#,##0.00", _language(language)))


def number(value: int | float | Decimal | None, language: str | None = None, decimals: int | None = None) -> str:
    if value is None:
        return "—"
    pattern = "#,##0" if decimals is None else "#,##0." + "0" * decimals
    if decimals is None and not float(value).is_integer():
        pattern = "#,##0.###"
    return _minus(_decimal(value, pattern, _language(language)))


def kilograms(value: int | float | Decimal | None, language: str | None = None) -> str:
    """Carbon of a trip: "3 205,2 kg" (one decimal, as stored)."""
    if value is None:
        return "—"
    return f"{number(value, language, decimals=1)}{NBSP}kg"


def local_time(moment: datetime) -> datetime:
    """A stored moment (naive UTC, or aware) in Québec time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(QUEBEC_TZ)


def long_date(day: date | datetime | None, language: str | None = None) -> str:
    """"15 février 2027" / "February 15, 2027"; a moment is first brought to Québec time."""
    if day is None:
        return "—"
    language = _language(language)
    if isinstance(day, datetime):
        day = local_time(day).date()
    text = babel_date(day, DATE_PATTERNS[language], locale=_locale(language))
    return "1er" + text[1:] if language == "fr" and day.day == 1 else text


def short_date(day: date | datetime | None, language: str | None = None) -> str:
    if day is None:
        return "—"
    language = _language(language)
    if isinstance(day, datetime):
        day = local_time(day).date()
    return babel_date(day, SHORT_DATE_PATTERNS[language], locale=_locale(language))


def date_time(moment: datetime | None, language: str | None = None) -> str:
    """"15 février 2027 à 23 h 59" / "February 15, 2027 at 11:59 PM", in Québec time."""
    if moment is None:
        return "—"
    language = _language(language)
    local = local_time(moment)
    time_text = babel_time(local.time(), TIME_PATTERNS[language], locale=_locale(language))
    return long_date(local.date(), language) + AT[language] + time_text.replace(" ", NBSP)


def date_filter(value: date | datetime | None, pattern: str | None = None) -> str:
    """Jinja `dateformat`: the long form by default, "short" for tight columns."""
    return short_date(value) if pattern == "short" else long_date(value)


def datetime_filter(value: datetime | None, pattern: str | None = None) -> str:
    """Jinja `datetimeformat`: always date and Québec time in words."""
    return date_time(value)

"""Dates, amounts and quantities as people write them in Québec (French) or in Canadian English, through Babel.

French: "15 février 2027 à 23 h 59", "2 460,00 $", "−3 031,00 $", "3 205,2 kg" (no-break spaces, true minus sign).
English: "February 15, 2027 at 11:59 PM", "$2,460.00", "−$3,031.00", "3,205.2 kg".
Times are stored in UTC and always shown in Québec time (America/Toronto); the zone is never written out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import ROUND_HALF_EVEN, Decimal
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


@dataclass(frozen=True)
class _Writing:
    """What Babel writes for a language whose patterns group digits by three (fr_CA, en_CA): its symbols, the
    currency's prefix and suffix, month and day-period names. Python's own formatting then writes exactly what
    Babel would (tests/web/test_formatting_fast.py compares them) at a tenth of the cost: Babel re-reads its
    pattern on every call, and a list page formats a few hundred amounts and dates."""

    group: str
    decimal: str
    currency_prefix: str
    currency_suffix: str
    months: tuple[str, ...]
    short_months: tuple[str, ...]
    am: str
    pm: str


FAST_LANGUAGES = ("fr", "en")


@lru_cache(maxsize=None)
def _writing(language: str) -> _Writing | None:
    if language not in FAST_LANGUAGES:
        return None
    locale = _locale(language)
    symbols = locale.number_symbols["latn"]
    digits = f"1{symbols['group']}234{symbols['decimal']}56"
    prefix, found, suffix = format_currency(Decimal("1234.56"), "CAD", locale=locale).partition(digits)
    if not found:
        return None
    return _Writing(group=symbols["group"], decimal=symbols["decimal"], currency_prefix=prefix,
                    currency_suffix=suffix,
                    months=tuple(babel_date(date(2000, m, 1), "MMMM", locale=locale) for m in range(1, 13)),
                    short_months=tuple(babel_date(date(2000, m, 1), "MMM", locale=locale) for m in range(1, 13)),
                    am=babel_time(time(1), "a", locale=locale), pm=babel_time(time(13), "a", locale=locale))


def _grouped(text: str, writing: _Writing) -> str:
    """Python's "1,234.5" in the language's symbols."""
    return text.translate({ord(","): writing.group, ord("."): writing.decimal})


def _fast_number(value: int | float | Decimal, decimals: int | None, writing: _Writing) -> str:
    """Babel's "#,##0", "#,##0.0…" (fixed decimals) or "#,##0.###" (up to three), rounding half to even."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    places = 3 if decimals is None else decimals
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = f"{abs(rounded):,.{places}f}"
    if decimals is None and places:
        text = text.rstrip("0").rstrip(".")
    sign = MINUS if rounded < 0 or (rounded == 0 and exact < 0 and rounded.is_signed()) else ""
    return sign + _grouped(text, writing)


def _minus(text: str) -> str:
    return text.replace("-", MINUS, 1) if text.lstrip().startswith("-") else text


def format_cents(cents: int | None, language: str) -> str:
    if cents is None:
        return "—"
    writing = _writing(language)
    if writing is not None and isinstance(cents, int):
        whole, rest = divmod(abs(cents), 100)
        digits = f"{whole:,}".replace(",", writing.group) + writing.decimal + f"{rest:02d}"
        return (MINUS if cents < 0 else "") + writing.currency_prefix + digits + writing.currency_suffix
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
    language = _language(language)
    writing = _writing(language)
    if writing is not None and math.isfinite(value):  # NaN and infinities are Babel's to write ("NaN", "∞")
        return _fast_number(value, 0 if decimals is None and float(value).is_integer() else decimals, writing)
    pattern = "#,##0" if decimals is None else "#,##0." + "0" * decimals
    if decimals is None and not float(value).is_integer():
        pattern = "#,##0.###"
    return _minus(_decimal(value, pattern, language))


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
    writing = _writing(language)
    if writing is not None:
        month = writing.months[day.month - 1]
        text = f"{day.day} {month} {day.year}" if language == "fr" else f"{month} {day.day}, {day.year}"
    else:
        text = babel_date(day, DATE_PATTERNS[language], locale=_locale(language))
    return "1er" + text[1:] if language == "fr" and day.day == 1 else text


def short_date(day: date | datetime | None, language: str | None = None) -> str:
    if day is None:
        return "—"
    language = _language(language)
    if isinstance(day, datetime):
        day = local_time(day).date()
    writing = _writing(language)
    if writing is not None:
        month = writing.short_months[day.month - 1]
        return f"{day.day} {month} {day.year}" if language == "fr" else f"{month} {day.day}, {day.year}"
    return babel_date(day, SHORT_DATE_PATTERNS[language], locale=_locale(language))


def date_time(moment: datetime | None, language: str | None = None) -> str:
    """"15 février 2027 à 23 h 59" / "February 15, 2027 at 11:59 PM", in Québec time."""
    if moment is None:
        return "—"
    language = _language(language)
    local = local_time(moment)
    time_text = _clock(local.time(), language)
    return long_date(local.date(), language) + AT[language] + time_text.replace(" ", NBSP)


def _clock(moment: time, language: str) -> str:
    """"23 h 59" / "11:59 PM" (the patterns of TIME_PATTERNS)."""
    writing = _writing(language)
    if writing is None:
        return babel_time(moment, TIME_PATTERNS[language], locale=_locale(language))
    if language == "fr":
        return f"{moment.hour} h {moment.minute:02d}"
    period = writing.pm if moment.hour >= 12 else writing.am
    return f"{(moment.hour - 1) % 12 + 1}:{moment.minute:02d} {period}"


def date_filter(value: date | datetime | None, pattern: str | None = None) -> str:
    """Jinja `dateformat`: the long form by default, "short" for tight columns."""
    return short_date(value) if pattern == "short" else long_date(value)


def datetime_filter(value: datetime | None, pattern: str | None = None) -> str:
    """Jinja `datetimeformat`: always date and Québec time in words."""
    return date_time(value)

"""The fast writing of amounts, numbers and dates (fr, en) says exactly what Babel's own patterns say."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date, format_time
from babel.numbers import format_currency

from portal.i18n import formatting as f

LANGUAGES = ("fr", "en")
rng = random.Random(20261130)
CENTS = [0, 1, -1, 99, 100, -100, 999_999, 100_000_000, -123_456_789, 2**53, *(rng.randint(-10**12, 10**12)
                                                                               for _ in range(300))]
NUMBERS = [0, 1, -1, 0.5, 1.5, 2.5, -0.04, -0.05, 0.0004, 12.3456, 3205.2, 1e9, -7.0, Decimal("0.15"),
           Decimal("-1234.5678"), *(round(rng.uniform(-1e7, 1e7), rng.randint(0, 5)) for _ in range(300)),
           *(rng.randint(-10**9, 10**9) for _ in range(100))]


def _babel_cents(cents: int, language: str) -> str:
    return f._minus(format_currency(Decimal(cents) / 100, "CAD", locale=f._locale(language)))


def _babel_number(value, language: str, decimals: int | None) -> str:
    pattern = "#,##0" if decimals is None else "#,##0." + "0" * decimals
    if decimals is None and not float(value).is_integer():
        pattern = "#,##0.###"
    return f._minus(f._decimal(value, pattern, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_amounts_are_written_as_babel_writes_them(language):
    assert [f.format_cents(c, language) for c in CENTS] == [_babel_cents(c, language) for c in CENTS]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("decimals", [None, 0, 1, 2])
def test_numbers_are_written_as_babel_writes_them(language, decimals):
    assert ([f.number(v, language, decimals) for v in NUMBERS]
            == [_babel_number(v, language, decimals) for v in NUMBERS])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_day_of_two_years_is_written_as_babel_writes_it(language):
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(731)]
    locale = f._locale(language)
    long = [format_date(d, f.DATE_PATTERNS[language], locale=locale) for d in days]
    if language == "fr":
        long = ["1er" + text[1:] if d.day == 1 else text for d, text in zip(days, long, strict=True)]
    assert [f.long_date(d, language) for d in days] == long
    assert ([f.short_date(d, language) for d in days]
            == [format_date(d, f.SHORT_DATE_PATTERNS[language], locale=locale) for d in days])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_minute_of_a_day_is_written_as_babel_writes_it(language):
    minutes = [time(h, m) for h in range(24) for m in range(60)]
    locale = f._locale(language)
    assert ([f._clock(t, language) for t in minutes]
            == [format_time(t, f.TIME_PATTERNS[language], locale=locale) for t in minutes])


def test_a_moment_keeps_its_words_and_quebec_time():
    assert f.date_time(datetime(2027, 2, 16, 4, 59), "fr") == "15 février 2027 à 23\u00a0h\u00a059"
    assert f.date_time(datetime(2027, 2, 16, 4, 59), "en").startswith("February 15, 2027 at 11:59\u00a0")


@pytest.mark.parametrize("language", ["es", "de"])
def test_partner_languages_still_go_through_babel(language):
    assert f.format_cents(-123456, language) == _babel_cents(-123456, language)
    assert f.number(1234.5, language, 1) == _babel_number(1234.5, language, 1)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("Infinity")])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_number_that_is_not_finite_is_written_without_an_error(value, language):
    assert f.number(value, language) in ("NaN", "∞", "−∞")

"""Pure helpers of the project form: dollars typed by people → integer cents; country names per language."""
from __future__ import annotations

import pytest

from portal.applications.views.forms import (
    country_choices,
    country_name,
    format_cents_for_input,
    parse_dollars_to_cents,
)


@pytest.mark.parametrize("text, cents", [
    ("0", 0), ("800", 80000), ("1234.56", 123456), ("1234,56", 123456), ("1 234,56 $", 123456),
    ("1\u00a0234,5", 123450), ("1\u202f234,56", 123456), ("1,234.56", 123456),
    ("1,234", 123400), ("$ 12.5", 1250), ("0.01", 1), ("0.10", 10), ("1,000,000", 100000000),
])
def test_amounts_are_read_as_exact_cents(text, cents):
    assert parse_dollars_to_cents(text) == cents


def test_decimal_arithmetic_no_float_rounding():
    # 0.29 * 100 is 28.999999999999996 in floating point.
    assert parse_dollars_to_cents("0.29") == 29
    assert parse_dollars_to_cents("19999999.99") == 1999999999


@pytest.mark.parametrize("text", ["", "  ", "abc", "-5", "12.345", "1e3", "NaN", "Infinity", "1..2", "1,2,3,4", "1.234,56", "12,3456"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_dollars_to_cents(text)


def test_cents_are_shown_back_as_the_reader_writes_them_and_read_back_unchanged(app):
    assert format_cents_for_input(123456) == "1\u00a0234,56\u00a0$"
    assert parse_dollars_to_cents(format_cents_for_input(123456)) == 123456
    assert format_cents_for_input(None) == ""


def test_country_names_follow_the_language():
    assert country_name("DE", "en") == "Germany"
    assert country_name("DE", "fr") == "Allemagne"
    assert country_name("de", "fr") == "Allemagne"
    assert country_name("ZZ", "fr") == "ZZ"
    assert country_name(None, "fr") == ""


def test_country_choices_are_sorted_by_name_ignoring_accents():
    assert [code for code, _name in country_choices(["FR", "DE", "EG", "ES"], "fr")] == ["DE", "EG", "ES", "FR"]

"""Money formatting (Babel, CAD) and parsing."""
from decimal import Decimal

import pytest

from portal.core.money import babel_locale, format_money, parse_cents

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

NBSP = "\u00a0"


def test_format_money_exact_babel_output():
    assert format_money(123450, "fr") == f"1{NBSP}234,50{NBSP}$"
    assert format_money(123450, "fr_CA") == f"1{NBSP}234,50{NBSP}$"
    assert format_money(123450, "en") == "$1,234.50"
    assert format_money(0, "en") == "$0.00"
    assert format_money(5, "fr") == f"0,05{NBSP}$"
    assert format_money(-1818600, "en") == "−$18,186.00"


def test_locale_mapping():
    assert babel_locale("fr") == "fr_CA"
    assert babel_locale("fr-FR") == "fr_CA"
    assert babel_locale("en") == "en_CA"
    assert babel_locale("de") == "en_CA"  # unsupported languages fall back to English


def test_format_money_rejects_floats():
    with pytest.raises(TypeError):
        format_money(12.5, "en")
    with pytest.raises(TypeError):
        format_money(True, "en")


def test_parse_cents():
    assert parse_cents("126.00") == 12600
    assert parse_cents("46.25") == 4625
    assert parse_cents(2000) == 200000
    assert parse_cents(Decimal("0.10")) == 10
    with pytest.raises(ValueError):
        parse_cents("1.005")
    with pytest.raises(ValueError):
        parse_cents("abc")
    with pytest.raises(TypeError):
        parse_cents(1.5)

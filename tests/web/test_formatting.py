"""Québec French and Canadian English formats through Babel: dates in words in Québec time, amounts with no-break
spaces and a true minus sign, kilograms with one decimal."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.i18n.formatting import cents_for_input, date_time, format_cents, kilograms, long_date


@pytest.mark.parametrize("language,expected", [("fr", "15 février 2027 à 23\u00a0h\u00a059"),
                                               ("en", "February 15, 2027 at 11:59\u00a0p.m.")])
def test_a_stored_utc_moment_reads_in_quebec_time(language, expected):
    assert date_time(datetime(2027, 2, 16, 4, 59), language) == expected


def test_the_first_of_the_month_is_written_1er_in_french():
    assert long_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert long_date(date(2027, 3, 1), "en") == "March 1, 2027"


@pytest.mark.parametrize("cents,language,expected", [
    (246_000, "fr", "2\u00a0460,00\u00a0$"), (-303_100, "fr", "\u22123\u00a0031,00\u00a0$"),
    (246_000, "en", "$2,460.00"), (-303_100, "en", "\u2212$3,031.00"),
])
def test_amounts(cents, language, expected):
    assert format_cents(cents, language) == expected


def test_kilograms_keep_one_decimal():
    assert kilograms(3205.2, "fr") == "3\u00a0205,2\u00a0kg"
    assert kilograms(3205.2, "en") == "3,205.2\u00a0kg"


def test_amounts_in_inputs_have_no_currency_sign_in_the_raw_filter():
    assert cents_for_input(246_000, "fr") == "2\u00a0460,00"
    assert cents_for_input(246_000, "en") == "2,460.00"

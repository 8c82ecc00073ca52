"""The one neutralisation rule and the streamed CSV/XLSX writers of portal.core.spreadsheet."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.core.spreadsheet import csv_stream, neutralise, sheet_title, xlsx_stream

pytestmark = pytest.mark.no_db


@pytest.mark.parametrize("payload", ["=1+1", "+33 1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_start_gets_an_apostrophe(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Lyon", "", 12, -5, None, Decimal("1.5")])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


def test_csv_starts_with_a_bom_and_takes_a_semicolon():
    text = "".join(csv_stream(["Nom", "Montant"], [["Émile", 12], ["=HYPERLINK(\"x\")", -3]], delimiter=";"))
    assert text.startswith("\ufeffNom;Montant\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Nom", "Montant"], ["Émile", "12"], ["'=HYPERLINK(\"x\")", "-3"]]


def test_csv_is_yielded_row_by_row():
    chunks = list(csv_stream(["a"], ([n] for n in range(3))))
    assert len(chunks) == 4


def test_xlsx_keeps_numbers_and_makes_formulas_text():
    data = b"".join(xlsx_stream([("Feuille", ["Nom", "Montant"], [["=1+1", 12], ["Ana", Decimal("2.5")]])]))
    sheet = load_workbook(io.BytesIO(data))["Feuille"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["Nom", "Montant"], ["'=1+1", 12], ["Ana", 2.5]]
    assert sheet["A2"].data_type == "s"


def test_sheet_titles_lose_forbidden_characters_and_fit_31():
    assert sheet_title("Money: requested/approved [2027] and more words") == "Money  requested approved  2027"

"""The student-list CSV parser: pure, no app, no database."""
from __future__ import annotations

from datetime import date

import pytest

from portal.applications.participants_csv import MAX_BYTES, MAX_ROWS, parse

pytestmark = pytest.mark.no_db

FRENCH = "prénom;nom;courriel;date de naissance;type;métier\n" \
         "Marie;Tremblay;marie@example.org;2007-03-14;élève;Cuisine\n" \
         "Samuel;Gagnon;;22/11/2005;Étudiant;Cuisine\n" \
         "Isabelle;Roy;isabelle@example.org;1981-06-02;Accompagnateur;\n"
ENGLISH = "first_name,last_name,email,birth_date,kind,trade\n" \
          "Marie,Tremblay,marie@example.org,2007-03-14,student,Cooking\n" \
          "John,Smith,,1975-01-31,teacher,\n" \
          "Ann,Lee,,1990-12-01,staff,\n" \
          "Paul,Roy,,1980-02-29,accompanying adult,\n"


def test_french_headers_semicolon_and_bom():
    result = parse(b"\xef\xbb\xbf" + FRENCH.encode())
    assert result.errors == []
    assert [(r.line, r.first_name, r.last_name, r.email, r.birth_date, r.kind, r.trade) for r in result.rows] == [
        (2, "Marie", "Tremblay", "marie@example.org", date(2007, 3, 14), "student", "Cuisine"),
        (3, "Samuel", "Gagnon", None, date(2005, 11, 22), "student", "Cuisine"),
        (4, "Isabelle", "Roy", "isabelle@example.org", date(1981, 6, 2), "accompanying", ""),
    ]
    assert result.ok


def test_english_headers_comma():
    result = parse(ENGLISH.encode())
    assert result.errors == []
    assert [r.kind for r in result.rows] == ["student", "teacher", "staff", "accompanying"]
    assert result.rows[3].birth_date == date(1980, 2, 29)


def test_windows_1252_file_from_excel():
    result = parse(FRENCH.replace("\n", "\r\n").encode("cp1252"))
    assert result.errors == []
    assert result.rows[0].kind == "student" and result.rows[2].kind == "accompanying"


def test_utf16_with_bom_and_tabs():
    result = parse(FRENCH.replace(";", "\t").encode("utf-16"))
    assert result.errors == [] and len(result.rows) == 3


def test_header_variants_and_extra_columns():
    text = "No;Date de naissance;Prénom;Nom de famille;Type de participant;Programme d'études;Remarque\n" \
           "1;01/02/2006;Léa;Côté;eleve;Soudage;rien\n"
    result = parse(text.encode())
    assert result.errors == []
    row = result.rows[0]
    assert (row.first_name, row.last_name, row.birth_date, row.kind, row.trade) == \
        ("Léa", "Côté", date(2006, 2, 1), "student", "Soudage")


@pytest.mark.parametrize("header, value, expected", [
    ("Nom complet", "Tremblay, Marie", ("Marie", "Tremblay")),
    ("name", "Marie Tremblay", ("Marie", "Tremblay")),
    ("nom", "Marie Claire Tremblay", ("Marie", "Claire Tremblay")),
])
def test_single_name_column(header, value, expected):
    result = parse(f'{header};date de naissance;type\n"{value}";2006-01-01;élève\n'.encode())
    assert result.errors == []
    assert (result.rows[0].first_name, result.rows[0].last_name) == expected


def test_quoted_fields_and_blank_lines_keep_physical_line_numbers():
    text = ('first_name,last_name,birth_date,kind,trade\n'
            '\n'
            '"Marie","Tremblay","2006-01-01","student","Cuisine, pâtisserie"\n'
            '\n'
            'Jean,Roy,31/02/2006,student,\n')
    result = parse(text.encode())
    assert [error.line for error in result.errors] == [5]
    assert result.rows == []
    good = parse(text.replace("31/02/2006", "28/02/2006").encode())
    assert [(row.line, row.trade) for row in good.rows] == [(3, "Cuisine, pâtisserie"), (5, "")]


def test_bad_date_row_names_the_line_and_value_and_imports_nothing():
    text = FRENCH + "Luc;Simard;;31/02/2008;élève;Cuisine\n"
    result = parse(text.encode())
    assert result.rows == []  # all or nothing
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.line == 5
    assert "line 5" in error.message and "31/02/2008" in error.message and "not a valid date" in error.message


@pytest.mark.parametrize("value", ["2008-13-01", "2008/01/01", "14 mars 2008", "01/01/08"])
def test_other_bad_dates(value):
    result = parse(f"prénom;nom;date de naissance;type\nA;B;{value};élève\n".encode())
    assert [e.line for e in result.errors] == [2]


def test_future_birth_date_refused_when_today_given():
    result = parse(b"first_name;last_name;birth_date;kind\nA;B;2030-01-01;student\n", today=date(2026, 1, 1))
    assert [e.line for e in result.errors] == [2]


def test_unknown_kind():
    result = parse("prénom;nom;date de naissance;type\nA;B;2006-01-01;élève\nC;D;2006-01-01;astronaute\n".encode())
    assert result.rows == []
    assert [e.line for e in result.errors] == [3]
    assert "astronaute" in result.errors[0].message


def test_kind_not_allowed_by_program():
    result = parse("prénom;nom;date de naissance;type\nA;B;1980-01-01;enseignant\n".encode(),
                   allowed_kinds=["student", "accompanying"])
    assert [e.line for e in result.errors] == [2]
    assert "enseignant" in result.errors[0].message


def test_every_bad_row_reported():
    text = "prénom;nom;courriel;date de naissance;type\n" \
           "A;B;pas-un-courriel;2006-01-01;élève\n" \
           ";C;;2006-01-01;élève\n" \
           "D;E;;;élève\n" \
           "F;G;;2006-01-01;\n" \
           "H;I;;2006-01-01;élève\n"
    result = parse(text.encode())
    assert result.rows == []
    assert [e.line for e in result.errors] == [2, 3, 4, 5]


def test_duplicate_within_file():
    text = "prénom;nom;date de naissance;type\nMarie;Tremblay;2006-01-01;élève\nMARIE;TREMBLAY;01/01/2006;élève\n"
    result = parse(text.encode())
    assert [e.line for e in result.errors] == [3]


def test_formula_like_name_refused():
    result = parse(b"first_name;last_name;birth_date;kind\n=HYPERLINK(\"x\");B;2006-01-01;student\n")
    assert [e.line for e in result.errors] == [2]


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    result = parse(data)
    assert result.rows == [] and len(result.errors) == 1 and result.errors[0].line is None


def test_header_only():
    result = parse(b"first_name;last_name;birth_date;kind\n")
    assert result.rows == [] and len(result.errors) == 1


def test_missing_required_columns():
    result = parse(b"first_name;last_name;email\nA;B;a@example.org\n")
    assert result.rows == [] and len(result.errors) == 1
    assert "date of birth" in result.errors[0].message and "kind" in result.errors[0].message


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><html><body>prenom;nom</body></html>",
    b"\xef\xbb\xbf\n  <html><script>alert(1)</script></html>",
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    "prénom;nom;date de naissance;type\n<script>alert(1)</script>;B;2006-01-01;élève\n".encode(),
])
def test_html_refused(data):
    result = parse(data)
    assert result.rows == [] and len(result.errors) == 1 and result.errors[0].line is None


@pytest.mark.parametrize("data", [
    b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40,        # xlsx
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40,  # xls
    b"%PDF-1.4\n",
    b"MZ\x90\x00" + b"\x00" * 40,
    b"prenom;nom\x00;\x01\x02\n",
])
def test_binary_refused(data):
    result = parse(data)
    assert result.rows == [] and len(result.errors) == 1


def test_too_many_rows():
    header = "first_name;last_name;birth_date;kind\n"
    rows = "".join(f"A{i};B{i};2000-01-01;student\n" for i in range(MAX_ROWS + 1))
    result = parse((header + rows).encode())
    assert result.rows == [] and len(result.errors) == 1 and result.errors[0].line is None
    exactly = "".join(f"A{i};B{i};2000-01-01;student\n" for i in range(MAX_ROWS))
    assert len(parse((header + exactly).encode()).rows) == MAX_ROWS


def test_too_large():
    data = b"first_name;last_name;birth_date;kind\n" + b"x" * MAX_BYTES
    result = parse(data)
    assert result.rows == [] and len(result.errors) == 1


def test_sample_file_parses():
    from pathlib import Path

    import portal

    sample = Path(portal.__file__).parent / "static" / "samples" / "liste-eleves-exemple.csv"
    result = parse(sample.read_bytes(), allowed_kinds=["student", "accompanying"])
    assert result.errors == [] and len(result.rows) == 3

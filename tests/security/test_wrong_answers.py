"""Issue 12, wrong answers to real input: names in any script, one formula-prefix rule, drafts are the centre's."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.applications import participants_csv
from portal.core.text import FORMULA_PREFIXES, name_key, neutralise_for_spreadsheet, starts_like_formula
from portal.extensions import db
from portal.models import Participant
from tests.helpers import fresh_client, login, post


@pytest.mark.parametrize(("first", "second"), [("محمد", "أحمد"), ("张伟", "王芳"), ("Алёна", "Ирина"),
                                               ("Σοφία", "Ελένη"), ("Алёна", "Алена")])
def test_different_names_in_other_scripts_have_different_keys(first, second):
    assert name_key(first) and name_key(second)
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(("typed", "stored"), [("ÉLODIE", "élodie"), ("Elodie", "Élodie"), ("ΣΟΦΊΑ", "σοφία"),
                                               ("Jean-Pierre", "jean pierre"), ("ＡＮＮＡ", "anna"),
                                               ("STRASSE", "straße")])
def test_the_same_name_typed_otherwise_has_the_same_key(typed, stored):
    assert name_key(typed) == name_key(stored)


@pytest.fixture
def staff_and_project(app, factories):
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre)
    application = factories.application(centre_org=centre)
    browser = fresh_client(app)
    login(browser, staff)
    return browser, application


def form(first: str, last: str) -> dict:
    return {"first_name": first, "last_name": last, "birth_date": "2000-05-01", "kind": "student", "locale": "fr",
            "consent": "y"}


def names(application) -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(
        select(Participant.first_name, Participant.last_name).where(Participant.application_id == application.id)
        .order_by(Participant.id))]


def test_two_students_with_arabic_names_and_the_same_birth_date_are_both_added(staff_and_project):
    browser, application = staff_and_project
    url = f"/projets/{application.id}/participants/nouveau"
    assert post(browser, url, form("محمد", "العلي")).status_code == 302
    assert post(browser, url, form("أحمد", "الحسن")).status_code == 302
    assert len(names(application)) == 2


def test_the_same_student_typed_without_accents_is_a_duplicate(staff_and_project):
    browser, application = staff_and_project
    url = f"/projets/{application.id}/participants/nouveau"
    assert post(browser, url, form("Élodie", "Bérubé")).status_code == 302
    assert post(browser, url, form("ELODIE", "berube")).status_code == 422
    assert len(names(application)) == 1


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_the_one_by_one_form_refuses_a_formula_like_name_as_the_csv_import_does(staff_and_project, prefix):
    browser, application = staff_and_project
    name = f"{prefix}HYPERLINK(\"http://x\")"
    response = post(browser, f"/projets/{application.id}/participants/nouveau", form("Marie", name))
    assert response.status_code == 422
    assert names(application) == []
    parsed = participants_csv.parse(f"Prénom;Nom;Date de naissance;Type\nMarie;{name};2000-05-01;élève\n"
                                    .encode(), allowed_kinds=("student",), today=date(2026, 1, 1))
    assert parsed.errors and not parsed.rows


def test_one_prefix_rule_with_its_neutralisation():
    assert FORMULA_PREFIXES == ("=", "+", "-", "@", "\t", "\r")
    assert all(starts_like_formula(prefix + "x") for prefix in FORMULA_PREFIXES)
    assert not starts_like_formula("Marie-Ève")
    assert neutralise_for_spreadsheet("=1+1") == "'=1+1" and neutralise_for_spreadsheet("Anne") == "Anne"


# --- drafts are the centre's business ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["coordinator", "ministry", "admin"])
def test_reviewers_get_404_on_a_centres_draft_everywhere(app, factories, role):
    application = factories.application(status="draft")
    browser = fresh_client(app)
    login(browser, factories.user(role))
    paths = ["", "/budget", "/budget.json"]
    for suffix in paths:
        assert browser.get(f"/projets/{application.id}{suffix}").status_code == 404, suffix
    assert browser.get(f"/examen/{application.id}").status_code in (403, 404)
    if role == "coordinator":
        assert browser.get(f"/partenaires/jumelage/{application.id}").status_code == 404
    application.status = "submitted"
    db.session.commit()
    assert browser.get(f"/projets/{application.id}").status_code == 200

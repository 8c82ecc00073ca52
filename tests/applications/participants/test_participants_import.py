"""Importing the ministry's student list (CSV) into an application: all or nothing."""
from __future__ import annotations

import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Participant
from tests.helpers import csrf_token, file_check_forms, fresh_client, login


@pytest.fixture
def ctx(app, factories):
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre, name="Julie Bouchard")
    application = factories.application(centre_org=centre)  # program kinds: student, accompanying
    client = fresh_client(app)
    login(client, staff)
    url = f"/projets/{application.id}/participants/importer"
    return SimpleNamespace(staff=staff, application=application, client=client, url=url, factories=factories)


def upload(ctx, content: bytes, *, consent: bool = True, filename: str = "liste.csv"):
    data = {"csrf_token": csrf_token(ctx.client, ctx.url), "file": (io.BytesIO(content), filename)}
    if consent:
        data["consent"] = "y"
    return ctx.client.post(ctx.url, data=data, content_type="multipart/form-data")


def participants(application) -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(Participant.application_id == application.id)
                                    .order_by(Participant.id)))


def student_list(application, extra: str = "") -> bytes:
    minor = application.start_date.replace(year=application.start_date.year - 16)
    text = ("prénom;nom;courriel;date de naissance;type;métier\r\n"
            "Marie;Tremblay;marie@example.org;2000-03-14;élève;Cuisine\r\n"
            f"Samuel;Gagnon;;{minor.strftime('%d/%m/%Y')};Étudiant;Cuisine\r\n"
            "Isabelle;Roy;isabelle@example.org;1981-06-02;accompagnateur;\r\n" + extra)
    return b"\xef\xbb\xbf" + text.encode()


def test_import_page(ctx):
    response = ctx.client.get(ctx.url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'id="sample-csv"' in html
    assert ctx.client.get("/static/samples/liste-eleves-exemple.csv").status_code == 200


def test_good_file_imports_every_row_with_consent(ctx):
    existing = ctx.factories.participant(ctx.application)
    response = upload(ctx, student_list(ctx.application))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projets/{ctx.application.id}#participants")
    rows = participants(ctx.application)
    assert [p.id for p in rows][0] == existing.id
    imported = rows[1:]
    assert [(p.first_name, p.last_name, p.kind) for p in imported] == [
        ("Marie", "Tremblay", "student"), ("Samuel", "Gagnon", "student"), ("Isabelle", "Roy", "accompanying")]
    assert imported[0].birth_date == date(2000, 3, 14) and imported[0].email == "marie@example.org"
    assert imported[1].email is None
    for participant in imported:
        assert participant.consent_by == "Julie Bouchard (import)"
        assert participant.consent_at is not None and participant.consent_purpose == "mobility"
        assert participant.parental_consent_at is None  # minors: to record afterwards
    assert imported[1].is_minor_on(ctx.application.start_date)


def test_one_bad_row_imports_nothing_and_shows_each_error(ctx):
    bad = "Luc;Simard;;31/02/2008;élève;Cuisine\r\nÈve;Bédard;;2001-01-01;astronaute;\r\n"
    response = upload(ctx, student_list(ctx.application, bad))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="import-errors"' in html
    assert re.findall(r'data-line="(\d+)"', html) == ["5", "6"]
    assert "31/02/2008" in html and "astronaute" in html
    assert participants(ctx.application) == []


def test_kind_not_allowed_by_the_program_imports_nothing(ctx):
    response = upload(ctx, student_list(ctx.application, "Jean;Roy;;1970-01-01;enseignant;\r\n"))
    assert response.status_code == 422
    assert re.findall(r'data-line="(\d+)"', response.get_data(as_text=True)) == ["5"]
    assert participants(ctx.application) == []


def test_already_a_participant_imports_nothing(ctx):
    ctx.factories.participant(ctx.application, first_name="Marie", last_name="Tremblay", birth_date=date(2000, 3, 14))
    response = upload(ctx, student_list(ctx.application))
    assert response.status_code == 422
    assert re.findall(r'data-line="(\d+)"', response.get_data(as_text=True)) == ["2"]
    assert len(participants(ctx.application)) == 1


def test_consent_confirmation_required(ctx):
    response = upload(ctx, student_list(ctx.application), consent=False)
    assert response.status_code == 422
    assert participants(ctx.application) == []


def test_file_required(ctx):
    response = ctx.client.post(ctx.url, data={"csrf_token": csrf_token(ctx.client, ctx.url), "consent": "y"},
                               content_type="multipart/form-data")
    assert response.status_code == 422
    assert participants(ctx.application) == []


@pytest.mark.parametrize("content, filename", [
    (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "liste.csv"),
    (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64, "liste.xlsx"),
    (b"", "vide.csv"),
])
def test_hostile_or_wrong_files_refused(ctx, content, filename):
    response = upload(ctx, content, filename=filename)
    assert response.status_code == 422
    assert 'id="import-errors"' in response.get_data(as_text=True)
    assert participants(ctx.application) == []


def test_too_many_rows_refused(ctx):
    rows = "".join(f"A{i};B{i};2000-01-01;élève\n" for i in range(501))
    response = upload(ctx, ("prénom;nom;date de naissance;type\n" + rows).encode())
    assert response.status_code == 422
    assert participants(ctx.application) == []


def test_other_centre_and_submitted_application(app, ctx):
    intruder = fresh_client(app)
    login(intruder, ctx.factories.user("staff"))
    token = csrf_token(intruder, "/accueil")
    response = intruder.post(ctx.url, data={"csrf_token": token, "consent": "y",
                                            "file": (io.BytesIO(student_list(ctx.application)), "l.csv")},
                             content_type="multipart/form-data")
    assert response.status_code == 404
    ctx.application.status = "submitted"
    db.session.flush()
    assert ctx.client.get(ctx.url).status_code == 409
    assert upload(ctx, student_list(ctx.application)).status_code == 409
    assert participants(ctx.application) == []


def test_the_import_form_states_its_limits_for_the_browser(ctx):
    html = ctx.client.get(ctx.url).get_data(as_text=True)
    [form] = file_check_forms(html)
    assert (form["id"], form["data-error-box"], form["data-max-bytes"], form["file-accept"]) == (
        "participants-import-form", "import-file-error", str(1024 * 1024), ".csv,.txt")
    assert form["data-msg-no-file"] == "Choisissez un fichier CSV."
    assert "1 Mo" in form["data-msg-too-large"] and "CSV" in form["data-msg-bad-type"]
    assert 'id="import-file-error"' in html and "/static/upload.js" in html


def test_a_text_file_is_still_imported_as_before(ctx):
    response = upload(ctx, student_list(ctx.application), filename="liste.txt")
    assert response.status_code == 302
    assert participants(ctx.application)

"""Participants one at a time: add, edit, remove; validation; access (404), state (409); the show page's table."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Participant
from tests.helpers import csrf_token, fresh_client, login, post, post_confirmed


@pytest.fixture
def ctx(app, factories):
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre, name="Julie Bouchard")
    application = factories.application(centre_org=centre)  # program kinds: student, accompanying
    client = fresh_client(app)
    login(client, staff)
    base = f"/projets/{application.id}/participants"
    return SimpleNamespace(centre=centre, staff=staff, application=application, client=client, base=base,
                           factories=factories)


def years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


def valid(**overrides) -> dict:
    data = {"first_name": "Marie", "last_name": "Tremblay", "email": "marie@example.org",
            "birth_date": "2000-05-01", "kind": "student", "trade": "Cuisine", "locale": "fr", "consent": "y",
            "consent_by": "", "parental_consent_by": "", "inclusion_needs": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def participants(application) -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(Participant.application_id == application.id)
                                    .order_by(Participant.id)))


# --- add / edit / delete ---------------------------------------------------------------------------------------------

def test_new_form_shows_only_the_programs_kinds(ctx):
    response = ctx.client.get(f"{ctx.base}/nouveau")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="student"' in html and 'value="accompanying"' in html
    assert 'value="teacher"' not in html and 'value="staff"' not in html


def test_add_participant_records_consent(ctx):
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(inclusion_needs="Fauteuil roulant"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projets/{ctx.application.id}#participants")
    [participant] = participants(ctx.application)
    assert (participant.first_name, participant.last_name, participant.email, participant.kind) == \
        ("Marie", "Tremblay", "marie@example.org", "student")
    assert participant.birth_date == date(2000, 5, 1)
    assert participant.consent_by == "Marie Tremblay"
    assert participant.consent_at is not None and participant.consent_purpose == "mobility"
    assert participant.parental_consent_at is None
    assert participant.inclusion_needs == "Fauteuil roulant"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "participant.added")).one()
    assert event.object_id == ctx.application.id and "Fauteuil" not in str(event.after)


def test_consent_given_by_someone_else_and_optional_email(ctx):
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(email="", consent_by="Paul Tremblay (tuteur)"))
    assert response.status_code == 302
    [participant] = participants(ctx.application)
    assert participant.email is None and participant.consent_by == "Paul Tremblay (tuteur)"


def test_edit_participant_keeps_the_consent_record(ctx):
    participant = ctx.factories.participant(ctx.application, first_name="Marie", last_name="Tremblay",
                                            consent_by="Marie Tremblay", consent_at=datetime(2026, 1, 2))
    consent_at = participant.consent_at
    url = f"{ctx.base}/{participant.id}/modifier"
    page = ctx.client.get(url)
    assert page.status_code == 200 and 'value="Marie"' in page.get_data(as_text=True)
    response = post(ctx.client, url, valid(last_name="Tremblay-Roy", kind="accompanying",
                                           consent_by="Marie Tremblay", locale="en"))
    assert response.status_code == 302
    db.session.refresh(participant)
    assert participant.last_name == "Tremblay-Roy" and participant.kind == "accompanying"
    assert participant.locale == "en"
    assert participant.consent_by == "Marie Tremblay" and participant.consent_at == consent_at


def test_delete_participant(ctx):
    keep = ctx.factories.participant(ctx.application)
    gone = ctx.factories.participant(ctx.application)
    response = post_confirmed(ctx.client, f"{ctx.base}/{gone.id}/supprimer", token_from=f"{ctx.base}/nouveau")
    assert response.status_code == 302
    assert [p.id for p in participants(ctx.application)] == [keep.id]


def test_delete_needs_csrf(ctx):
    gone = ctx.factories.participant(ctx.application)
    response = ctx.client.post(f"{ctx.base}/{gone.id}/supprimer")
    assert response.status_code == 400
    assert len(participants(ctx.application)) == 1


def test_delete_is_post_only(ctx):
    gone = ctx.factories.participant(ctx.application)
    assert ctx.client.get(f"{ctx.base}/{gone.id}/supprimer").status_code == 405


# --- validation --------------------------------------------------------------------------------------------------

def test_minor_without_parental_consent_refused(ctx):
    minor = years_before(ctx.application.start_date, 18) + timedelta(days=1)  # 17 on the first day of the stay
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(birth_date=minor.isoformat()))
    assert response.status_code == 422
    assert 'id="parental_consent"' in response.get_data(as_text=True)
    assert participants(ctx.application) == []


def test_minor_with_parental_consent_accepted(ctx):
    minor = years_before(ctx.application.start_date, 18) + timedelta(days=1)
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(birth_date=minor.isoformat(), parental_consent="y",
                                                             parental_consent_by="Paul Tremblay"))
    assert response.status_code == 302
    [participant] = participants(ctx.application)
    assert participant.parental_consent_by == "Paul Tremblay" and participant.parental_consent_at is not None


def test_eighteen_on_the_first_day_is_not_a_minor(ctx):
    adult = years_before(ctx.application.start_date, 18)  # 17 today, 18 on the first day of the stay
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(birth_date=adult.isoformat()))
    assert response.status_code == 302
    assert participants(ctx.application)[0].parental_consent_at is None


def test_parental_consent_needs_the_guardians_name(ctx):
    minor = years_before(ctx.application.start_date, 15)
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(birth_date=minor.isoformat(), parental_consent="y"))
    assert response.status_code == 422
    assert participants(ctx.application) == []


def test_edit_cannot_remove_the_parental_consent_of_a_minor(ctx):
    minor = years_before(ctx.application.start_date, 15)
    participant = ctx.factories.participant(ctx.application, birth_date=minor, parental_consent_by="Paul",
                                            parental_consent_at=datetime(2026, 1, 1))
    response = post(ctx.client, f"{ctx.base}/{participant.id}/modifier",
                    valid(birth_date=minor.isoformat(), consent_by="self"))
    assert response.status_code == 422
    db.session.refresh(participant)
    assert participant.parental_consent_by == "Paul"


@pytest.mark.parametrize("overrides", [
    {"kind": "teacher"},             # not allowed by this program
    {"kind": "astronaut"},
    {"email": "marie@"},             # not an address
    {"email": "marie tremblay@example.org"},
    {"consent": None},               # consent is required
    {"first_name": ""},
    {"birth_date": ""},
    {"birth_date": "31/02/2008"},
    {"locale": "de"},
    {"first_name": "x" * 101},
])
def test_invalid_fields_refused(ctx, overrides):
    response = post(ctx.client, f"{ctx.base}/nouveau", valid(**overrides))
    assert response.status_code == 422
    assert participants(ctx.application) == []


def test_kind_allowed_by_another_program(ctx):
    program = ctx.factories.program(participant_kinds="teacher,staff")
    application = ctx.factories.application(centre_org=ctx.centre, call_obj=ctx.factories.call(program))
    response = post(ctx.client, f"/projets/{application.id}/participants/nouveau", valid(kind="teacher"))
    assert response.status_code == 302
    response = post(ctx.client, f"/projets/{application.id}/participants/nouveau",
                    valid(kind="student", first_name="Other"))
    assert response.status_code == 422
    assert [p.kind for p in participants(application)] == ["teacher"]


def test_same_person_twice_refused(ctx):
    ctx.factories.participant(ctx.application, first_name="Marie", last_name="Tremblay", birth_date=date(2000, 5, 1))
    response = post(ctx.client, f"{ctx.base}/nouveau", valid())
    assert response.status_code == 422
    assert len(participants(ctx.application)) == 1


def test_form_tampering_cannot_move_a_participant(ctx):
    other = ctx.factories.application(centre_org=ctx.centre)
    participant = ctx.factories.participant(ctx.application)
    response = post(ctx.client, f"{ctx.base}/{participant.id}/modifier",
                    valid(application_id=str(other.id), id="999", consent_at="2020-01-01"))
    assert response.status_code == 302
    db.session.refresh(participant)
    assert participant.application_id == ctx.application.id and participant.id != 999


# --- access ----------------------------------------------------------------------------------------------------------

def _every_route(base: str, participant_id: int) -> list[tuple[str, str]]:
    return [("GET", f"{base}/nouveau"), ("POST", f"{base}/nouveau"),
            ("GET", f"{base}/{participant_id}/modifier"), ("POST", f"{base}/{participant_id}/modifier"),
            ("POST", f"{base}/{participant_id}/supprimer"),
            ("GET", f"{base}/importer"), ("POST", f"{base}/importer")]


def _request(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    data = valid(csrf_token=token)
    return client.post(url, data=data)


def test_staff_of_another_centre_gets_404_everywhere(app, ctx):
    participant = ctx.factories.participant(ctx.application)
    intruder = fresh_client(app)
    login(intruder, ctx.factories.user("staff"))
    token = csrf_token(intruder, "/accueil")
    for method, url in _every_route(ctx.base, participant.id):
        assert _request(intruder, method, url, token).status_code == 404, (method, url)
    assert [p.id for p in participants(ctx.application)] == [participant.id]
    db.session.refresh(participant)
    assert participant.first_name != "Marie"


def test_participant_of_another_application_gets_404(ctx):
    other_application = ctx.factories.application(centre_org=ctx.centre)  # same centre, other project
    stranger = ctx.factories.participant(other_application)
    token = csrf_token(ctx.client, "/accueil")
    for method, url in _every_route(ctx.base, stranger.id):
        if "/nouveau" in url or "/importer" in url:
            continue
        assert _request(ctx.client, method, url, token).status_code == 404, (method, url)
    assert participants(other_application) == [stranger]
    assert participants(ctx.application) == []


def test_unknown_application_or_participant_404(ctx):
    assert ctx.client.get("/projets/999999/participants/nouveau").status_code == 404
    assert ctx.client.get(f"{ctx.base}/999999/modifier").status_code == 404


def test_other_roles_and_anonymous_refused(app, ctx):
    coordinator = fresh_client(app)
    login(coordinator, ctx.factories.user("coordinator"))
    assert coordinator.get(f"{ctx.base}/nouveau").status_code in (403, 404)
    anonymous = fresh_client(app)
    response = anonymous.get(f"{ctx.base}/nouveau")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


# --- state -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["submitted", "recommended", "approved", "rejected", "withdrawn"])
def test_no_change_after_submission(ctx, status):
    participant = ctx.factories.participant(ctx.application, first_name="Avant")
    ctx.application.status = status
    db.session.flush()
    token = csrf_token(ctx.client, "/accueil")
    for method, url in _every_route(ctx.base, participant.id):
        assert _request(ctx.client, method, url, token).status_code == 409, (method, url)
    db.session.refresh(participant)
    assert participant.first_name == "Avant"
    assert [p.id for p in participants(ctx.application)] == [participant.id]


def test_changes_requested_allows_edits(ctx):
    ctx.application.status = "changes_requested"
    db.session.flush()
    assert post(ctx.client, f"{ctx.base}/nouveau", valid()).status_code == 302


# --- the participants table on the project page -------------------------------------------------------------------

def _render_partial(app, application, user) -> str:
    from flask import render_template
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(user)
        return render_template("applications/_participants.html", application=application)


def test_partial_for_staff_hides_inclusion_needs(app, ctx):
    minor = years_before(ctx.application.start_date, 16)
    p = ctx.factories.participant(ctx.application, birth_date=minor, inclusion_needs="Secret médical")
    html = _render_partial(app, ctx.application, ctx.staff)
    assert f'id="participant-{p.id}"' in html
    assert "Secret médical" not in html
    assert "minor-flag" in html and "parental-consent-missing" in html
    assert f'id="participant-{p.id}-delete"' in html and 'name="csrf_token"' in html
    assert 'id="participant-add"' in html and 'id="participants-import"' in html
    assert "<script" not in html and "style=" not in html


def test_partial_for_coordinator_links_to_the_needs_with_a_reason_and_has_no_buttons(app, ctx):
    p = ctx.factories.participant(ctx.application, inclusion_needs="Secret médical")
    html = _render_partial(app, ctx.application, ctx.factories.user("coordinator"))
    assert "Secret médical" not in html and f"/confidentialite/besoins/{p.id}" in html
    assert 'id="participant-add"' not in html and "-delete" not in html


def test_partial_without_buttons_once_submitted(app, ctx):
    ctx.factories.participant(ctx.application)
    ctx.application.status = "submitted"
    db.session.flush()
    html = _render_partial(app, ctx.application, ctx.staff)
    assert 'id="participant-add"' not in html and "-delete" not in html and "-edit" not in html


def test_show_page_includes_the_participants(ctx):
    p = ctx.factories.participant(ctx.application, inclusion_needs="Secret médical")
    response = ctx.client.get(f"/projets/{ctx.application.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="participant-{p.id}"' in html and "Secret médical" not in html

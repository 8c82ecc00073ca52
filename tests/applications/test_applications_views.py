"""Staff create, list, show and edit their centre's projects (routes of portal/applications/routes.py)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.clock import Clock, utcnow
from portal.extensions import db
from portal.models import Application, AuditEvent, Role
from tests.helpers import fresh_client, login, post

TAG = re.compile(r"<(?:input|select|textarea)\b[^>]*>")
VERSION = re.compile(r'id="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*id="version"')



def invalid_fields(html: str) -> set[str]:
    """Ids of the form controls Bootstrap marks invalid."""
    found = set()
    for tag in TAG.findall(html):
        if "is-invalid" in tag:
            match = re.search(r'\bid="([^"]+)"', tag)
            found.add(match.group(1) if match else tag)
    return found


def application_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Application))


def form_data(call=None, **overrides) -> dict:
    start = Clock().today() + timedelta(days=60)
    data = {
        "title": "Soudage à Lyon", "trade_code": "5195", "trade_name": "Soudage-montage", "direction": "outgoing",
        "group_kind": "group", "partner_id": "0", "destination_country": "FR", "destination_city": "Lyon",
        "start_date": start.isoformat(), "end_date": (start + timedelta(days=13)).isoformat(), "travel_days": "2",
        "travel_mode": "air", "quoted_amount": "", "quote_justification": "", "objectives": "Apprendre",
        "activities": "Ateliers", "reciprocal_start": "", "reciprocal_end": "", "reciprocal_count": "",
    }
    if call is not None:
        data["call_id"] = str(call.id)
    data.update({key: str(value) for key, value in overrides.items()})
    return data


@pytest.fixture
def staff(factories):
    return factories.user(Role.STAFF)


@pytest.fixture
def call(factories):
    return factories.call()


@pytest.fixture
def browser(app, staff):
    client = fresh_client(app)
    login(client, staff)
    return client


def test_staff_creates_a_draft_for_their_centre(browser, staff, call, factories):
    partner = factories.partner(country_code="FR")
    response = post(browser, "/projets/nouveau", form_data(call, partner_id=partner.id, travel_mode="quoted",
                                                            quoted_amount="1 234,56",
                                                            quote_justification="Vol direct imposé"))
    assert response.status_code == 302
    application = db.session.scalars(select(Application).where(Application.title == "Soudage à Lyon")).one()
    assert response.headers["Location"].endswith(f"/projets/{application.id}")
    assert application.organisation_id == staff.organisation_id
    assert application.status == "draft"
    assert application.call_id == call.id
    assert application.created_by_id == staff.id
    assert application.partner_id == partner.id
    assert application.quoted_transport_cents == 123456
    assert application.stay_days == 14
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == application.id)).one()
    assert audit.action == "application.created" and audit.actor_id == staff.id


def test_new_form_preselects_the_call_from_the_query_string(browser, call, factories):
    factories.call()  # another open call
    html = browser.get(f"/projets/nouveau?call={call.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{call.id}">|<option value="{call.id}" selected', html)


def test_new_form_offers_the_countries_of_open_calls_named_in_the_language(browser, factories):
    factories.call(factories.program(allowed_countries="DE,MX"))
    html = browser.get("/projets/nouveau").get_data(as_text=True)
    assert 'value="DE">Allemagne<' in html and 'value="MX">Mexique<' in html


def test_a_closed_call_in_the_query_string_gives_a_friendly_message(browser, factories):
    now = utcnow()
    closed = factories.call(opens_at=now - timedelta(days=60), closes_at=now - timedelta(seconds=1))
    response = browser.get(f"/projets/nouveau?call={closed.id}")
    assert response.status_code == 200
    assert 'id="call-closed"' in response.get_data(as_text=True)


def test_posting_a_closed_call_creates_nothing(browser, factories):
    now = utcnow()
    factories.call()  # an open call exists, so the form is shown
    closed = factories.call(opens_at=now - timedelta(days=60), closes_at=now - timedelta(seconds=1))
    before = application_count()
    response = post(browser, "/projets/nouveau", form_data(closed))
    assert response.status_code == 200
    assert invalid_fields(response.get_data(as_text=True)) == {"call_id"}
    assert application_count() == before


def test_without_open_call_the_new_page_says_so(browser, monkeypatch):
    from portal.applications.views import projects as routes

    monkeypatch.setattr(routes, "open_calls", lambda: [])  # independent of the calls other tests made
    response = browser.get("/projets/nouveau")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="no-open-call"' in html and 'id="application-form"' not in html


@pytest.mark.parametrize("overrides, field", [
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"travel_days": "11"}, "travel_days"),
    ({"travel_days": "-1"}, "travel_days"),
    ({"travel_mode": "quoted", "quote_justification": "Devis"}, "quoted_amount"),
    ({"travel_mode": "quoted", "quoted_amount": "12.345", "quote_justification": "Devis"}, "quoted_amount"),
    ({"travel_mode": "quoted", "quoted_amount": "800"}, "quote_justification"),
    ({"reciprocal_start": "2030-05-10", "reciprocal_end": "2030-05-01"}, "reciprocal_end"),
    ({"reciprocal_start": "2030-05-10"}, "reciprocal_end"),
    ({"title": "  "}, "title"),
    ({"destination_country": "US"}, "destination_country"),  # not one of the program's countries
    ({"partner_id": "999999"}, "partner_id"),  # not a partner of the registry
    ({"direction": "sideways"}, "direction"),
])
def test_a_validation_error_is_shown_on_its_field_and_creates_nothing(browser, call, overrides, field):
    before = application_count()
    response = post(browser, "/projets/nouveau", form_data(call, **overrides))
    assert response.status_code == 200
    assert invalid_fields(response.get_data(as_text=True)) == {field}
    assert application_count() == before


def test_partner_country_must_match_the_destination(browser, call, factories):
    partner = factories.partner(country_code="DE")
    response = post(browser, "/projets/nouveau", form_data(call, partner_id=partner.id, destination_country="FR"))
    assert invalid_fields(response.get_data(as_text=True)) == {"destination_country"}


def test_an_inactive_partner_is_not_offered(browser, call, factories):
    partner = factories.partner(country_code="FR", active=False)
    response = post(browser, "/projets/nouveau", form_data(call, partner_id=partner.id))
    assert invalid_fields(response.get_data(as_text=True)) == {"partner_id"}


def test_index_lists_the_centres_projects_and_a_new_button_per_open_call(browser, staff, call, factories):
    mine = factories.application(staff.organisation, call)
    theirs = factories.application(factories.centre(), call)
    html = browser.get("/projets/").get_data(as_text=True)
    assert f'id="application-{mine.id}"' in html
    assert f'id="application-{theirs.id}"' not in html and theirs.title not in html
    assert f'id="new-project-{call.id}"' in html


def test_show_page_has_the_live_checklist(browser, staff, call, factories):
    application = factories.application(staff.organisation, call)
    html = browser.get(f"/projets/{application.id}").get_data(as_text=True)
    assert 'id="rule-has_participants" class="mb-1 rule-failed' in html
    factories.participant(application)
    html = browser.get(f"/projets/{application.id}").get_data(as_text=True)
    assert 'id="rule-has_participants" class="mb-1 rule-ok' in html
    assert 'id="edit-application"' in html and 'id="submit-form"' in html and 'id="withdraw-form"' in html


def test_staff_edits_a_draft(browser, staff, call, factories):
    application = factories.application(staff.organisation, call)
    url = f"/projets/{application.id}/modifier"
    html = browser.get(url).get_data(as_text=True)
    version = next(v for pair in VERSION.findall(html) for v in pair if v)
    assert int(version) == application.version == 1
    response = post(browser, url, form_data(title="Nouveau titre", version=version))
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.title == "Nouveau titre"
    assert application.version == 2
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.updated",
                                                        AuditEvent.object_id == application.id)).one()
    assert audit.after["title"] == "Nouveau titre"


def test_edit_is_allowed_when_changes_are_requested(browser, staff, call, factories):
    application = factories.application(staff.organisation, call, status="changes_requested")
    response = post(browser, f"/projets/{application.id}/modifier",
                    form_data(title="Corrigé", version=application.version))
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.title == "Corrigé"


@pytest.mark.parametrize("status", ["submitted", "recommended", "approved", "withdrawn"])
def test_edit_is_refused_once_submitted(browser, staff, call, factories, status):
    application = factories.application(staff.organisation, call, status=status, title="Figé")
    url = f"/projets/{application.id}/modifier"
    assert browser.get(url).status_code == 409
    response = browser.post(url, data={**form_data(title="Changé", version=application.version),
                                       "csrf_token": _token(browser, f"/projets/{application.id}")})
    assert response.status_code == 409
    db.session.refresh(application)
    assert application.title == "Figé"


def _token(client, url):
    from tests.helpers import csrf_token

    return csrf_token(client, url)


def test_a_stale_version_is_refused_and_nothing_is_overwritten(browser, staff, call, factories):
    application = factories.application(staff.organisation, call, title="Départ")
    url = f"/projets/{application.id}/modifier"
    browser.get(url)  # the user opens the form at version 1 ...
    application.title = "Sauvé par un collègue"  # ... a colleague saves meanwhile
    db.session.commit()
    assert application.version == 2
    response = post(browser, url, form_data(title="Mon titre", version=1))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'id="edit-conflict"' in html
    assert 'value="Mon titre"' in html  # the user's input is kept for them
    db.session.refresh(application)
    assert application.title == "Sauvé par un collègue" and application.version == 2


def test_a_missing_version_is_treated_as_stale(browser, staff, call, factories):
    application = factories.application(staff.organisation, call, title="Départ")
    data = form_data(title="Sans version")
    response = post(browser, f"/projets/{application.id}/modifier", data)
    assert response.status_code == 409
    db.session.refresh(application)
    assert application.title == "Départ"


def test_invalid_edit_changes_nothing(browser, staff, call, factories):
    application = factories.application(staff.organisation, call, title="Départ")
    response = post(browser, f"/projets/{application.id}/modifier",
                    form_data(title="Autre", travel_days=12, version=application.version))
    assert response.status_code == 200
    assert invalid_fields(response.get_data(as_text=True)) == {"travel_days"}
    db.session.refresh(application)
    assert application.title == "Départ" and application.version == 1


def test_english_interface_names_countries_in_english(app, factories, call):
    english = factories.user(Role.STAFF, locale="en")
    client = fresh_client(app)
    login(client, english)
    html = client.get("/projets/nouveau").get_data(as_text=True)
    assert 'value="DE">Germany<' in html


def test_a_program_without_country_list_offers_every_country(browser, factories):
    factories.call(factories.program(allowed_countries=""))
    html = browser.get("/projets/nouveau").get_data(as_text=True)
    assert 'value="JP">Japon<' in html

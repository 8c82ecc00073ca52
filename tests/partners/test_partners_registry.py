"""The partner registry: who reads, who edits, validation in French, search and filters."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Organisation, Role
from tests.helpers import csrf_token, fresh_client, login, post
from tests.partners.conftest import count

VALID = {"name": "Institut des métiers de Nantes", "country_code": "FR", "city": "Nantes", "trades": ["5298", "S16"],
         "languages": ["fr", "en"], "capacity_per_year": "25", "contact_name": "Julie Roy",
         "contact_email": "Julie.Roy@Institut.example", "agreement_start": "2026-01-01",
         "agreement_end": "2028-12-31", "active": "y", "notes": "Atelier moderne."}


def logged_in(app, user):
    client = fresh_client(app)
    login(client, user)
    return client


def partners_named(name: str) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.name == name)))


def test_a_coordinator_adds_a_partner_and_it_is_audited(app, coordinator):
    client = logged_in(app, coordinator)
    response = post(client, "/partenaires/nouveau", VALID)
    assert response.status_code == 302
    [partner] = partners_named(VALID["name"])
    assert (partner.kind, partner.country_code, partner.trades, partner.languages, partner.capacity_per_year,
            partner.contact_email, str(partner.agreement_end), partner.active) == (
        "partner", "FR", "5298,S16", "fr,en", 25, "julie.roy@institut.example", "2028-12-31", True)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "partner.created")).one()
    assert event.object_id == partner.id and event.after["city"] == "Nantes"


def test_an_administrator_edits_a_partner(app, admin, partner):
    client = logged_in(app, admin)
    url = f"/partenaires/{partner.id}/modifier"
    assert client.get(url).status_code == 200
    response = post(client, url, {**VALID, "name": partner.name, "city": "Villeurbanne", "active": ""})
    assert response.status_code == 302
    db.session.refresh(partner)
    assert (partner.city, partner.active) == ("Villeurbanne", False)
    assert count(AuditEvent, action="partner.updated", object_id=partner.id) == 1


def test_staff_read_the_registry_without_edit_buttons(app, staff, partner):
    client = logged_in(app, staff)
    index = client.get("/partenaires/")
    assert index.status_code == 200 and partner.name in index.get_data(as_text=True)
    assert 'id="new-partner"' not in index.get_data(as_text=True)
    page = client.get(f"/partenaires/{partner.id}").get_data(as_text=True)
    assert partner.name in page and 'id="edit-partner"' not in page


def test_staff_cannot_create_or_edit(app, staff, partner):
    client = logged_in(app, staff)
    token = csrf_token(client, "/partenaires/")
    assert client.get("/partenaires/nouveau").status_code == 403
    assert client.post("/partenaires/nouveau", data={**VALID, "csrf_token": token}).status_code == 403
    assert client.get(f"/partenaires/{partner.id}/modifier").status_code == 403
    response = client.post(f"/partenaires/{partner.id}/modifier", data={**VALID, "csrf_token": token})
    assert response.status_code == 403
    db.session.refresh(partner)
    assert partner.name == "Lycée des métiers de Lyon" and partners_named(VALID["name"]) == []


def test_ministry_officers_read_and_participants_are_refused(app, factories, partner):
    officer = logged_in(app, factories.user(Role.MINISTRY))
    assert officer.get("/partenaires/").status_code == 200
    assert officer.get(f"/partenaires/{partner.id}/modifier").status_code == 403
    participant = logged_in(app, factories.user(Role.PARTICIPANT))
    assert participant.get("/partenaires/").status_code == 403
    assert participant.get(f"/partenaires/{partner.id}").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, partner):
    response = client.get("/partenaires/")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_a_centre_is_not_a_partner_page(app, coordinator, centre):
    assert logged_in(app, coordinator).get(f"/partenaires/{centre.id}").status_code == 404


@pytest.mark.parametrize(("changes", "message"), [
    ({"contact_email": "pas-un-courriel"}, "Saisissez une adresse courriel comme nom@exemple.com."),
    ({"agreement_start": "2027-01-01", "agreement_end": "2026-12-31"},
     "Saisissez une fin d’entente identique ou postérieure à son début."),
    ({"capacity_per_year": "-3"}, "Saisissez un nombre de 0 à 10000."),
    ({"name": "  "}, "Ce champ est requis."),
])
def test_invalid_input_is_refused_in_french_and_changes_nothing(app, factories, changes, message):
    client = logged_in(app, factories.user(Role.COORDINATOR, locale="fr"))
    before = count(Organisation)
    response = post(client, "/partenaires/nouveau", {**VALID, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Organisation) == before


def test_search_and_filters(app, factories, coordinator):
    lyon = factories.partner(name="Lycée de Lyon", city="Lyon", country_code="FR", languages="fr",
                             trades="5298")
    stuttgart = factories.partner(name="Schule Stuttgart", city="Stuttgart", country_code="DE", languages="de,en",
                                  trades="S10")
    closed = factories.partner(name="Ancien partenaire", city="Lille", country_code="FR", languages="fr",
                               trades="5311", active=False)
    client = logged_in(app, coordinator)

    def found(query: str) -> set[int]:
        html = client.get(f"/partenaires/?{query}").get_data(as_text=True)
        return {p.id for p in (lyon, stuttgart, closed) if f'id="partner-{p.id}"' in html}

    assert found("q=stutt") == {stuttgart.id}
    assert found("q=LILLE") == {closed.id}
    assert found("country=FR") == {lyon.id, closed.id}
    assert found("language=en") == {stuttgart.id}
    assert found("trade=5298") == {lyon.id, stuttgart.id}  # Stuttgart hosts the whole sector 10
    assert found("trade=5311") == {closed.id}
    assert found("active=0") == {closed.id}
    assert found("active=1&country=FR") == {lyon.id}


def test_country_names_follow_the_interface_language(app, factories, partner):
    client = logged_in(app, factories.user(Role.COORDINATOR, locale="fr"))
    assert "Lyon, France" in client.get("/partenaires/").get_data(as_text=True)
    de = Organisation(kind="partner", name="Schule", city="Köln", country_code="DE", languages="de")
    db.session.add(de)
    db.session.flush()
    assert "Allemagne" in client.get("/partenaires/").get_data(as_text=True)
    post(client, "/langue/en", {"next": "/"}, token_from="/partenaires/")
    assert "Germany" in client.get("/partenaires/").get_data(as_text=True)

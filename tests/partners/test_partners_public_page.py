"""The partner's public response page: no account, minimal personal data, clear refusals that change nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Decision, Pairing
from portal.partners.pairing import links, operations
from tests.helpers import csrf_token, fresh_client, login, mail_links, mail_subject, page_language, post
from tests.partners.conftest import count


@pytest.fixture
def pairing(app, submitted, partner, coordinator):
    with app.test_request_context():
        return operations.pair(submitted, partner, coordinator)


def url_for_link(pairing, now=None, application_id=None) -> str:
    with db.session.no_autoflush:
        token = links.make_token(pairing, now)
    return f"/partenaires/reponse/{application_id or pairing.application_id}/{token}"


def test_the_page_shows_the_stay_without_personal_data_beyond_first_names(client, pairing, submitted):
    response = client.get(url_for_link(pairing))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert submitted.organisation.name in html and submitted.title in html
    assert "Zoé" in html and "Marc" in html
    for secret in ("Tremblay", "Gagnon", "zoe.tremblay@example.com", "2015"):
        assert secret not in html
    assert '<dd class="col-sm-8" id="participant-count">2' in html


def test_the_page_speaks_the_partner_language(client, factories, pairing, partner):
    assert page_language(client.get(url_for_link(pairing))) == "fr"
    partner.languages = "it,en"
    db.session.flush()
    response = client.get(url_for_link(pairing))
    assert page_language(response) == "en" and "Hosting request from Québec" in response.get_data(as_text=True)


ENGLISH_LEFTOVERS = ("Hosting request", "Your answer", "We can host", "Send the answer", "Number of participants",
                     "First names", "Skip to content", "Privacy notice", "Vocational training", "Student")


@pytest.mark.parametrize(("languages", "lang", "heading"), [("es", "es", "Solicitud de acogida desde Quebec"),
                                                           ("de", "de", "Aufnahmeanfrage aus Québec")])
def test_the_page_speaks_spanish_and_german_in_full(client, pairing, partner, languages, lang, heading):
    partner.languages = languages
    db.session.flush()
    response = client.get(url_for_link(pairing))
    html = response.get_data(as_text=True)
    assert page_language(response) == lang and heading in html
    assert [text for text in ENGLISH_LEFTOVERS if text in html] == []


def test_the_page_offers_four_languages_and_keeps_the_choice_in_the_link(client, pairing):
    url = url_for_link(pairing)
    html = client.get(url).get_data(as_text=True)
    switcher = html.split('id="partner-languages"', 1)[1].split("</nav>", 1)[0]
    for code, name in (("fr", "Français"), ("en", "English"), ("es", "Español"), ("de", "Deutsch")):
        assert f'href="?lang={code}" lang="{code}" hreflang="{code}"' in switcher and name in switcher
    assert 'id="lang-switch"' not in html, "no staff French/English button on a partner page"
    german = client.get(url + "?lang=de")
    assert page_language(german) == "de" and "Wir können diesen Aufenthalt aufnehmen" in german.get_data(as_text=True)


def test_an_answer_posted_in_german_is_thanked_in_german(client, pairing):
    url = url_for_link(pairing) + "?lang=de"
    response = post(client, url, {"answer": "confirm"})
    assert response.status_code == 200
    assert "Ihre Zusage wurde gespeichert" in response.get_data(as_text=True)


def test_a_declined_answer_without_reason_is_explained_in_spanish(client, pairing):
    response = post(client, url_for_link(pairing) + "?lang=es", {"answer": "decline", "comment": ""})
    assert response.status_code == 422
    assert "Indique brevemente por qué no puede acoger la estancia." in response.get_data(as_text=True)


def test_an_unknown_language_in_the_link_falls_back_to_the_partner_language(client, pairing):
    assert page_language(client.get(url_for_link(pairing) + "?lang=it")) == "fr"


def test_a_refused_link_is_explained_in_the_chosen_language(client, pairing):
    response = client.get(url_for_link(pairing)[:-4] + "abcd?lang=es")
    assert response.status_code == 400
    assert "Este enlace no es válido" in response.get_data(as_text=True)


def test_confirming_through_the_page_records_it_once(client, pairing):
    url = url_for_link(pairing)
    response = post(client, url, {"answer": "confirm", "comment": "Bienvenue"})
    assert response.status_code == 200
    assert "Votre confirmation a été enregistrée" in response.get_data(as_text=True)
    db.session.refresh(pairing)
    assert (pairing.status, pairing.partner_comment) == ("confirmed", "Bienvenue")
    assert pairing.link_used_at is not None

    again = client.get(url)
    assert again.status_code == 410
    assert "ne peut plus être utilisé" in again.get_data(as_text=True)


def test_a_replayed_post_changes_nothing(client, pairing):
    url = url_for_link(pairing)
    csrf = csrf_token(client, url)  # taken before the first answer, sent again with the second
    assert client.post(url, data={"csrf_token": csrf, "answer": "confirm"}).status_code == 200
    decisions = count(Decision)
    response = client.post(url, data={"csrf_token": csrf, "answer": "decline", "comment": "Finalement non"})
    assert response.status_code == 410
    db.session.refresh(pairing)
    assert (pairing.status, count(Decision)) == ("confirmed", decisions)


def test_a_link_altered_to_another_application_shows_a_clear_page_and_changes_nothing(client, factories, pairing,
                                                                                    centre):
    other = factories.application(centre, status="submitted")
    response = client.get(url_for_link(pairing, application_id=other.id))
    assert response.status_code == 400
    assert "ne correspond pas à ce séjour" in response.get_data(as_text=True)
    assert count(Pairing, status="proposed") == 1


def test_a_tampered_link_shows_a_clear_page(client, pairing):
    url = url_for_link(pairing)
    response = client.get(url[:-4] + "abcd")
    assert response.status_code == 400
    assert "Rien n'a été modifié." in response.get_data(as_text=True)


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(client, pairing):
    url = url_for_link(pairing, now=utcnow() - links.link_lifetime() - timedelta(hours=1))
    response = post(client, url, {"answer": "confirm"}, token_from="/compte/connexion")
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.get_data(as_text=True)
    db.session.refresh(pairing)
    assert (pairing.status, pairing.link_used_at) == ("proposed", None)


def test_an_answer_without_the_csrf_token_is_refused(client, pairing):
    response = client.post(url_for_link(pairing), data={"answer": "confirm"})
    assert response.status_code == 400
    db.session.refresh(pairing)
    assert pairing.status == "proposed"


def test_declining_needs_a_reason_in_the_partner_language(client, pairing):
    response = post(client, url_for_link(pairing), {"answer": "decline", "comment": ""})
    assert response.status_code == 422
    assert "Veuillez indiquer brièvement pourquoi" in response.get_data(as_text=True)
    db.session.refresh(pairing)
    assert pairing.status == "proposed"


def test_the_whole_flow_from_pairing_to_the_partner_confirmation(app, submitted, partner, coordinator, staff, inbox):
    desk = fresh_client(app)
    login(desk, coordinator)
    page = f"/partenaires/jumelage/{submitted.id}"
    assert post(desk, f"{page}/choisir", {"partner_id": partner.id}, token_from=page).status_code == 302
    assert inbox.to(staff.email), "the centre's staff are told of the pairing"
    assert post(desk, f"{page}/lien", {}, token_from=page).status_code == 302
    [link] = [url for url in mail_links(inbox.to(partner.contact_email)[0]) if "/partenaires/reponse/" in url]

    partner_browser = fresh_client(app)  # no account, no session
    path = link.split("portail.test", 1)[1]
    assert post(partner_browser, path, {"answer": "confirm", "comment": "Avec plaisir"}).status_code == 200
    [message] = inbox.to(coordinator.email)
    assert mail_subject(message) == f"Partner confirmed: {submitted.title}"
    assert "confirmed by the partner" in desk.get(page).get_data(as_text=True)
    assert partner_browser.get(path).status_code == 410


@pytest.mark.parametrize("lang", ["es", "de"])
def test_staff_pages_keep_french_and_english_only(client, lang):
    html = client.get(f"/compte/connexion?lang={lang}").get_data(as_text=True)
    assert 'id="lang-switch"' in html and "Español" not in html and "Deutsch" not in html
    assert post(client, f"/langue/{lang}", {"next": "/compte/connexion"}, token_from="/compte/connexion") \
        .status_code == 404
    assert page_language(client.get("/compte/connexion")) == "fr"

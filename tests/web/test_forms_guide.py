"""Forms that guide: required fields marked, an error summary linking to each field, inline errors tied to their
field, messages that say how to fix, fields that apply only to some choices, and a 413 page that leads back."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

import portal
from portal import create_app
from portal.core.clock import Clock
from portal.extensions import db
from portal.models import Application, Participant, Role
from portal.web.errors import same_site_referrer
from tests.conftest import make_config
from tests.helpers import fresh_client, login, post

NEW = "/projets/nouveau"


class Elements(HTMLParser):
    """Every element with an id, by id (its tag and attributes), and the summary's links in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.summary_links: list[str] = []
        self._in_summary = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.by_id[attributes["id"]] = (tag, attributes)
        if attributes.get("id") == "error-summary":
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(attributes["href"])

    def handle_endtag(self, tag):
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def form_data(call, **overrides) -> dict:
    start = Clock().today() + timedelta(days=60)
    data = {
        "call_id": str(call.id), "title": "Soudage à Lyon", "trade_code": "5195", "trade_name": "Soudage-montage",
        "direction": "outgoing", "group_kind": "group", "partner_id": "0", "destination_country": "FR",
        "destination_city": "Lyon", "start_date": start.isoformat(), "end_date": (start + timedelta(days=13)).isoformat(),
        "travel_days": "2", "travel_mode": "air", "quoted_amount": "", "quote_justification": "",
        "objectives": "Apprendre", "activities": "Ateliers", "reciprocal_start": "", "reciprocal_end": "",
        "reciprocal_count": "",
    }
    data.update({key: str(value) for key, value in overrides.items()})
    return data


@pytest.fixture
def call(factories):
    return factories.call()


@pytest.fixture
def browser(app, factories):
    client = fresh_client(app)
    login(client, factories.user(Role.STAFF))
    return client


def test_required_fields_are_marked_for_the_eye_and_for_assistive_technology(browser, call):
    page = Elements(browser.get(NEW).get_data(as_text=True))
    html = browser.get(NEW).get_data(as_text=True)
    assert "Les champs marqués d’un astérisque (*) sont obligatoires." in html
    assert page.by_id["title"][1].get("aria-required") == "true"
    assert re.search(r'<label class="form-label" for="title">[^<]*<span class="required-mark" aria-hidden="true">\*',
                     html)
    assert "aria-required" not in page.by_id["activities"][1]  # optional: no star
    assert not re.search(r'for="activities">[^<]*<span class="required-mark"', html)


def test_a_failed_post_shows_a_summary_that_links_to_each_field(browser, call):
    response = post(browser, NEW, form_data(call, title=" ", end_date="2020-01-01"))
    page = Elements(response.get_data(as_text=True))
    tag, summary = page.by_id["error-summary"]
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert page.summary_links == ["#title", "#end_date"]
    for link in page.summary_links:  # each link leads to a control of the form
        assert page.by_id[link[1:]][0] in ("input", "select", "textarea")


def test_an_inline_error_is_tied_to_its_field(browser, call):
    page = Elements(post(browser, NEW, form_data(call, end_date="2020-01-01")).get_data(as_text=True))
    attributes = page.by_id["end_date"][1]
    assert attributes["aria-invalid"] == "true"
    assert "end_date-error" in attributes["aria-describedby"].split()
    assert "end_date-hint" in attributes["aria-describedby"].split()  # its description stays announced
    assert "end_date-error" in page.by_id and "end_date-hint" in page.by_id


def test_messages_say_how_to_fix(browser, call):
    html = post(browser, NEW, form_data(call, start_date="15 mars", travel_mode="quoted", quoted_amount="beaucoup",
                                        quote_justification="Devis", end_date="2020-01-01")).get_data(as_text=True)
    assert "Saisissez une date comme 2027-03-15 (année-mois-jour)." in html
    assert "Saisissez un montant comme 2\u00a0460,00\u00a0$." in html


def test_fields_that_do_not_apply_are_ignored_by_the_server(browser, call):
    response = post(browser, NEW, form_data(call, travel_mode="air", quoted_amount="pas un montant",
                                            quote_justification="x" * 6000))
    assert response.status_code == 302
    application = db.session.scalars(select(Application).where(Application.call_id == call.id)).one()
    assert application.quoted_transport_cents is None and application.quote_justification == ""


def test_a_field_that_applies_is_still_checked(browser, call):
    response = post(browser, NEW, form_data(call, travel_mode="quoted", quoted_amount="", quote_justification=""))
    assert Elements(response.get_data(as_text=True)).summary_links == ["#quoted_amount", "#quote_justification"]


def test_the_quote_is_drawn_to_be_shown_only_for_a_quote(browser, call):
    html = browser.get(NEW).get_data(as_text=True)
    blocks = re.findall(r'data-show-when="([^"]+)">\s*<label class="form-label" for="([a-z_]+)"', html)
    assert blocks == [("travel_mode=quoted", "quoted_amount"), ("travel_mode=quoted", "quote_justification")]
    assert "forms.js" in html


@pytest.mark.parametrize("referrer, expected", [
    ("http://localhost/projets/3/documents/televerser?kind=receipt", "/projets/3/documents/televerser?kind=receipt"),
    ("/projets/3/documents/televerser", "/projets/3/documents/televerser"),
    ("https://evil.example/projets/3", None),
    ("//evil.example/projets", None),
    ("/\\evil.example", None),
    ("javascript:alert(1)", None),
    ("projets/3", None),
    ("", None),
])
def test_only_a_page_of_this_portal_is_a_way_back(referrer, expected):
    assert same_site_referrer(referrer, "localhost") == expected


@pytest.fixture
def small_app(tmp_path):
    application = create_app(make_config("sqlite:///" + str(tmp_path / "unused.sqlite3"), str(tmp_path), 25,
                                         MAX_CONTENT_LENGTH=1024))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.mark.no_db
def test_the_413_page_states_the_limit_and_leads_back_to_the_form(small_app):
    form_page = "/projets/7/documents/televerser?kind=receipt"
    response = small_app.test_client().post("/projets/7/documents/televerser", data={"file": "x" * 4096},
                                            headers={"Referer": f"http://portail.test{form_page}"})
    assert response.status_code == 413
    page = Elements(response.get_data(as_text=True))
    assert page.by_id["error-back"][1]["href"] == form_page
    assert "20 Mo" in response.get_data(as_text=True)


@pytest.mark.no_db
def test_the_413_page_never_links_to_another_site(small_app):
    response = small_app.test_client().post("/compte/connexion", data={"password": "x" * 4096},
                                            headers={"Referer": "https://evil.example/form"})
    assert response.status_code == 413
    assert Elements(response.get_data(as_text=True)).by_id["error-back"][1]["href"] == "/"


def test_a_guardian_named_without_their_consent_is_not_recorded(app, factories):
    staff = factories.user(Role.STAFF)
    application = factories.application(centre_org=staff.organisation)
    client = fresh_client(app)
    login(client, staff)
    url = f"/projets/{application.id}/participants/nouveau"
    assert 'data-show-when="parental_consent=y"' in client.get(url).get_data(as_text=True)
    response = post(client, url, {"first_name": "Léa", "last_name": "Tremblay", "birth_date": "2003-05-04",
                                  "kind": "student", "locale": "fr", "consent": "y", "parental_consent_by": "Sa mère"})
    assert response.status_code == 302
    participant = db.session.scalars(select(Participant).where(Participant.application_id == application.id)).one()
    assert participant.parental_consent_at is None and not participant.parental_consent_by


def test_every_template_draws_its_form_fields_with_the_shared_macros():
    templates = Path(portal.__file__).parent / "templates"
    for path in templates.rglob("*.html"):
        assert "bootstrap5/form.html" not in path.read_text(encoding="utf-8"), path


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def upload_page(app, factories):
    staff = factories.user(Role.STAFF)
    application = factories.application(centre_org=staff.organisation)
    client = fresh_client(app)
    login(client, staff)
    return client, f"/projets/{application.id}/documents/televerser", application


def test_the_upload_page_states_its_limits_once_for_the_browser(upload_page):
    client, url, _application = upload_page
    page = Elements(client.get(url).get_data(as_text=True))
    assert page.by_id["document-upload-form"][1]["data-max-bytes"] == str(20 * 1024 * 1024)
    assert page.by_id["file"][1]["accept"].split(",")[:2] == [".pdf", ".png"]
    assert page.by_id["upload-progress"][0] == "progress"


def test_an_upload_sent_by_the_page_itself_is_answered_in_json(upload_page):
    client, url, application = upload_page
    sent = post(client, url, {"kind": "stay_programme", "file": (io.BytesIO(PDF), "programme.pdf")},
                headers={"Accept": "application/json"}, content_type="multipart/form-data")
    assert sent.status_code == 200
    assert sent.get_json()["redirect"].endswith(f"/projets/{application.id}#documents")
    refused = post(client, url, {"kind": "stay_programme"}, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "Choisissez un fichier."

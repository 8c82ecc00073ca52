"""Minimisation: a minor's data never appear in a mail body. Every mail template is rendered with a minor in every
place a participant can be, and the outbox of the flows that mail about a stay is checked too."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.care import operations as care
from portal.extensions import db
from portal.models import MailMessage, Role
from portal.reports import invitations

MAIL_TEMPLATES = sorted(p.name for p in (Path(__file__).parents[2] / "portal" / "templates" / "mail").glob("*.txt"))
FIRST, LAST, EMAIL, BIRTH = "Zéphyrine", "Quintal", "zephyrine@example.com", date(2011, 4, 3)


@pytest.fixture
def minor(factories):
    application = factories.application(status="completed", start_date=date(2026, 6, 1))
    return factories.participant(application, first_name=FIRST, last_name=LAST, email=EMAIL, birth_date=BIRTH,
                                 inclusion_needs="Diabète de type 1")


def _context(minor, factories) -> dict:
    staff = factories.user(Role.STAFF, name="Paul Personnel")
    return {"participant": minor, "application": minor.application, "user": staff, "inviter": staff,
            "link": "https://portail.test/x", "days": 14, "hours": 2, "reminder": False, "resubmitted": False,
            "call_title": "Appel", "snapshot_number": 1, "locale": "fr",
            "entries": [(SimpleNamespace(application=minor.application, resubmitted=False), "Appel", "https://x")]}


def test_there_are_mail_templates_to_check():
    assert "report_invitation.txt" in MAIL_TEMPLATES and len(MAIL_TEMPLATES) >= 5


@pytest.mark.parametrize("template", MAIL_TEMPLATES)
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_no_mail_template_shows_a_minors_data(template, locale, minor, factories, request_ctx):
    with force_locale(locale):
        body = render_template(f"mail/{template}", **_context(minor, factories))
    for value in (FIRST, LAST, EMAIL, BIRTH.isoformat(), "Diabète"):
        assert value not in body, (template, value)


def test_an_adult_is_still_greeted_by_name(factories, request_ctx):
    application = factories.application(status="completed", start_date=date(2026, 6, 1))
    adult = factories.participant(application, first_name="Adèle", birth_date=date(1990, 1, 1))
    with force_locale("fr"):
        body = render_template("mail/report_invitation.txt", participant=adult, application=application,
                               link="https://x", reminder=False)
    assert body.startswith("Bonjour Adèle,")


def test_the_stay_mails_of_a_minors_stay_name_nobody(minor, factories, staff, coordinator, request_ctx):
    application = minor.application
    application.organisation_id = staff.organisation_id
    invitations.send_link(minor, invitations.INVITATION)
    application.status = "in_progress"
    care.report_incident(application, {"occurred_at": datetime(2026, 6, 2, 10), "nature": f"{FIRST} s'est blessée",
                                       "participant_id": minor.id}, staff)
    bodies = [m.body_text for m in db.session.scalars(select(MailMessage))]
    assert len(bodies) == 2
    for body in bodies:
        assert FIRST not in body and LAST not in body and "blessée" not in body


def test_the_privacy_notice_names_the_officer_retention_and_transfers(client, app):
    text = client.get("/confidentialite/").get_data(as_text=True)
    assert app.config["PRIVACY_OFFICER"].split("<")[0].strip() in text
    assert 'id="retention-identity"' in text and 'id="retention-inclusion"' in text
    assert "prénoms" in text  # the partner abroad sees first names and the count only


def test_every_page_links_to_the_privacy_notice(client):
    assert 'id="privacy-notice-footer"' in client.get("/compte/connexion").get_data(as_text=True)

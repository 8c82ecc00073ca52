"""Reciprocity as an obligation: opened at approval, met by the final report, cancelled with the stay; counts of
due, overdue and met obligations by SQL aggregates; the partner's link to propose dates; reminders."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import FinalReport, MailMessage, ReciprocityObligation, Role
from portal.partners import obligations, return_visits
from portal.workflow import review
from tests.helpers import fresh_client, login, post
from tests.partners.conftest import count


def approve(factories, centre, partner, officer, **fields):
    application = factories.application(centre, direction=fields.pop("direction", "outgoing"), partner=partner,
                                        status="recommended", **fields)
    factories.budget_line(application, computed_cents=10_000, requested_cents=10_000)
    db.session.refresh(application)
    review.approve(application, officer)
    return application


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def obligation(factories, centre, partner, due_year: int, status: str = "open", **fields) -> ReciprocityObligation:
    application = factories.application(centre, partner=partner, status="approved")
    row = ReciprocityObligation(application_id=application.id, partner_id=partner.id, due_year=due_year,
                                status=status, proposed_comment="", **fields)
    db.session.add(row)
    db.session.flush()
    return row


def test_an_approved_outgoing_stay_owes_a_return_visit_the_year_after_it_ends(in_request, factories, centre,
                                                                              partner, officer):
    application = approve(factories, centre, partner, officer, start_date=date(2031, 12, 20))  # ends 2 Jan 2032
    owed = obligations.obligation_of(application)
    assert (owed.partner_id, owed.due_year, owed.status) == (partner.id, 2033, "open")


def test_the_planned_reciprocal_visit_sets_the_due_year(in_request, factories, centre, partner, officer):
    application = approve(factories, centre, partner, officer, start_date=date(2031, 3, 1),
                          reciprocal_start=date(2031, 10, 1), reciprocal_end=date(2031, 10, 14))
    assert obligations.obligation_of(application).due_year == 2031


@pytest.mark.parametrize("fields", [{"direction": "incoming"}, {"partner": None}])
def test_no_obligation_for_an_incoming_stay_or_without_partner(in_request, factories, centre, partner, officer,
                                                               fields):
    partner_of = fields.pop("partner", partner)
    application = approve(factories, centre, partner_of, officer, **fields)
    assert obligations.obligation_of(application) is None


def test_counts_of_due_overdue_and_met(factories, centre, partner):
    other = factories.partner()
    obligation(factories, centre, partner, 2027)
    obligation(factories, centre, partner, 2026)  # due this year: still due
    obligation(factories, centre, partner, 2025)  # overdue
    obligation(factories, centre, other, 2024)  # overdue
    obligation(factories, centre, other, 2025, status="met")
    obligation(factories, centre, other, 2024, status="cancelled")  # counts nowhere
    assert obligations.owed(2026).total == obligations.Counts(due=2, overdue=2, met=1)
    assert obligations.owed(2028).total == obligations.Counts(due=0, overdue=4, met=1)
    by_partner = dict(obligations.owed(2026).partners)
    assert by_partner[partner.id] == obligations.Counts(due=2, overdue=1, met=0)
    assert by_partner[other.id] == obligations.Counts(due=0, overdue=1, met=1)


def test_the_dashboard_shows_the_counts(app, factories, centre, partner, coordinator, set_today):
    set_today(date(2026, 6, 1))
    obligation(factories, centre, partner, 2026)
    obligation(factories, centre, partner, 2025)
    obligation(factories, centre, partner, 2024, status="met")
    client = fresh_client(app)
    login(client, coordinator)
    html = client.get("/partenaires/reciprocite").get_data(as_text=True)
    assert 'id="obligations-due">1<' in html
    assert 'id="obligations-overdue">1<' in html
    assert 'id="obligations-met">1<' in html
    assert f'id="obligations-by-partner-{partner.id}"' in html


@pytest.fixture
def outgoing_done(in_request, factories, centre, partner, officer):
    application = approve(factories, centre, partner, officer)
    application.status = "completed"
    report = FinalReport(application_id=application.id, status="draft", outcomes="", reciprocal_visit_status="",
                         overrun_justification="", review_comment="")
    db.session.add(report)
    db.session.flush()
    return application, report


def test_the_final_report_records_the_return_visit_and_meets_the_obligation(factories, centre, partner, staff,
                                                                            outgoing_done):
    outgoing, report = outgoing_done
    incoming = factories.application(centre, direction="incoming", partner=partner, status="completed")
    obligations.record_return_visit(report, outgoing, incoming.id, staff)
    owed = obligations.obligation_of(outgoing)
    assert (report.return_visit_application_id, owed.status, owed.met_by_application_id) == \
        (incoming.id, "met", incoming.id)
    obligations.record_return_visit(report, outgoing, None, staff)
    assert (report.return_visit_application_id, owed.status) == (None, "open")


@pytest.mark.parametrize("kind", ["other partner", "outgoing", "not yet happened", "other centre"])
def test_only_an_incoming_stay_with_the_partner_that_happened_counts(factories, centre, partner, staff,
                                                                    outgoing_done, kind):
    outgoing, report = outgoing_done
    fields = {"direction": "incoming", "partner": partner, "status": "completed"}
    owner = centre
    if kind == "other partner":
        fields["partner"] = factories.partner()
    elif kind == "outgoing":
        fields["direction"] = "outgoing"
    elif kind == "not yet happened":
        fields["status"] = "approved"
    else:
        owner = factories.centre()
    wrong = factories.application(owner, **fields)
    with pytest.raises(DomainError) as refused:
        obligations.record_return_visit(report, outgoing, wrong.id, staff)
    assert refused.value.status_code == 400
    assert obligations.obligation_of(outgoing).status == "open"


def test_the_partner_proposes_dates_through_its_link(app, factories, centre, partner):
    owed = obligation(factories, centre, partner, 2031)
    with app.test_request_context():
        url = path_of(return_visits.link_url(owed))
    client = fresh_client(app)
    assert "2031" in client.get(url).get_data(as_text=True)
    response = post(client, url, {"start": "2031-04-06", "end": "2031-04-17", "comment": "Groupe de 8."})
    assert response.status_code == 200
    db.session.refresh(owed)
    assert (owed.proposed_start, owed.proposed_end, owed.proposed_comment) == \
        (date(2031, 4, 6), date(2031, 4, 17), "Groupe de 8.")


def test_reversed_dates_are_refused_and_change_nothing(app, factories, centre, partner):
    owed = obligation(factories, centre, partner, 2031)
    with app.test_request_context():
        url = path_of(return_visits.link_url(owed))
    response = post(fresh_client(app), url, {"start": "2031-04-17", "end": "2031-04-06"})
    assert response.status_code == 422
    db.session.refresh(owed)
    assert owed.proposed_start is None


def test_a_link_moved_to_another_obligation_is_refused(app, factories, centre, partner):
    owed, other = obligation(factories, centre, partner, 2031), obligation(factories, centre, partner, 2032)
    with app.test_request_context():
        token = return_visits.make_token(owed)
    assert fresh_client(app).get(f"/partenaires/visite-retour/{other.id}/{token}").status_code == 400
    assert fresh_client(app).get(f"/partenaires/visite-retour/{owed.id}/{token}x").status_code == 400


def test_reminders_go_once_from_the_year_before_the_due_year(in_request, factories, centre, partner):
    factories.user(Role.STAFF, organisation=centre, email="staff-remind@example.com")
    soon = obligation(factories, centre, partner, 2027)
    obligation(factories, centre, partner, 2029)  # not yet
    obligation(factories, centre, partner, 2026, status="met")  # nothing owed
    assert return_visits.send_reminders(date(2026, 1, 15)) == 1
    assert return_visits.send_reminders(date(2026, 1, 16)) == 0
    assert count(MailMessage, recipient="staff-remind@example.com") == 1
    assert count(MailMessage, recipient=partner.contact_email) == 1
    partner_mail = db.session.scalars(select(MailMessage).where(MailMessage.recipient == partner.contact_email)).one()
    assert f"/partenaires/visite-retour/{soon.id}/" in partner_mail.body_text
    db.session.refresh(soon)
    assert soon.reminded_at is not None


def test_the_return_visit_page_speaks_german_and_offers_the_four_languages(app, factories, centre):
    german = factories.partner(languages="", country_code="DE", city="Köln")
    owed = obligation(factories, centre, german, 2031)
    with app.test_request_context():
        url = path_of(return_visits.link_url(owed))
    client = fresh_client(app)
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="de">' in html and "Ihr Gegenbesuch in Québec" in html and "Diese Termine vorschlagen" in html
    assert 'href="?lang=es"' in html
    assert "Su visita de retorno a Quebec" in client.get(url + "?lang=es").get_data(as_text=True)


def test_the_return_visit_reminder_reaches_a_spanish_partner_in_spanish(in_request, factories, centre):
    spanish = factories.partner(languages="es", country_code="ES", city="Madrid",
                                contact_email="contacto@instituto.example")
    obligation(factories, centre, spanish, 2027)
    return_visits.send_reminders(date(2026, 1, 15))
    mail = db.session.scalars(select(MailMessage).where(MailMessage.recipient == spanish.contact_email)).one()
    assert (mail.locale, mail.subject) == ("es", "Su visita de retorno a Quebec en 2027")
    assert mail.body_text.startswith("Hola:") and "espera su visita de retorno en 2027" in mail.body_text

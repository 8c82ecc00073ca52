"""Consent per purpose: recorded separately with wording, date, who and how; withdrawn by the person through their
account or their link; the withdrawal's effect is applied (the quote is hidden)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.applications import participants as participant_ops
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Consent, MailMessage, Role, StayReport
from portal.privacy import consent, links
from portal.reports.aggregates import aggregate
from tests.helpers import count, login, post


def _values(**fields):
    values = {"first_name": "Zoé", "last_name": "Mineure", "email": None, "birth_date": date(2011, 1, 1),
              "kind": "student", "trade": "", "locale": "fr", "inclusion_needs": "", "consent_by": "Zoé Mineure",
              "parental_consent": True, "parental_consent_by": "Julie Mineure"}
    values.update(fields)
    return participant_ops.ParticipantValues(**values)


@pytest.fixture
def reported(factories):
    """A participant with a submitted report quoted with their consent."""
    application = factories.application(status="completed")
    person = factories.participant(application, first_name="Ana")
    db.session.add(StayReport(participant_id=person.id, status="submitted", quote_consent=True,
                              advice="Partez!"))
    consent.give(person, "promotion", "Ana", "report")
    db.session.flush()
    return person


def test_the_participant_form_records_participation_and_parental_consent_separately(factories, staff,
                                                                                      request_ctx):
    application = factories.application(organisation=staff.organisation)
    person = participant_ops.add_participant(staff, application, _values())
    rows = {c.purpose: c for c in db.session.scalars(select(Consent).where(Consent.participant_id == person.id))}
    assert set(rows) == {"participation", "parental"}
    assert (rows["parental"].given_by, rows["parental"].method) == ("Julie Mineure", "form")
    assert rows["participation"].wording_version == consent.WORDING_VERSION
    assert rows["participation"].given_at is not None


def test_unticking_parental_consent_on_the_form_withdraws_it(factories, staff, request_ctx):
    application = factories.application(organisation=staff.organisation)
    adult = date(2000, 1, 1)  # the form refuses to untick a minor's parental consent
    person = participant_ops.add_participant(staff, application, _values(birth_date=adult))
    participant_ops.update_participant(staff, application, person, _values(birth_date=adult, parental_consent=False))
    parental = db.session.scalars(select(Consent).where(Consent.purpose == "parental")).one()
    assert parental.withdrawn_at is not None and parental.withdrawal_method == "form"


def test_withdrawing_the_promotion_consent_hides_the_quote(reported, request_ctx):
    assert db.session.scalars(consent.quotable_reports()).all()
    before = aggregate("application")[0].quote_consents
    consent.withdraw(reported, "promotion", "Ana", "account")
    report = db.session.scalars(select(StayReport)).one()
    assert report.quote_consent is False
    assert db.session.scalars(consent.quotable_reports()).all() == []
    assert (before, aggregate("application")[0].quote_consents) == (1, 0)


def test_withdrawing_a_consent_not_given_is_refused(reported, request_ctx):
    with pytest.raises(DomainError) as refused:
        consent.withdraw(reported, "ambassador", "Ana", "account")
    assert refused.value.status_code == 409


def test_a_participant_withdraws_through_their_account(client, reported, factories):
    user = factories.user(Role.PARTICIPANT)
    reported.user_id = user.id
    db.session.commit()
    login(client, user)
    page = client.get("/confidentialite/mes-consentements")
    assert page.status_code == 200 and f'id="consent-{reported.id}-promotion"' in page.get_data(as_text=True)
    response = post(client, f"/confidentialite/mes-consentements/{reported.id}",
                    {"purpose": "promotion", "change": "withdraw"}, token_from="/confidentialite/mes-consentements")
    assert response.status_code == 302
    promotion = db.session.scalars(select(Consent).where(Consent.purpose == "promotion")).one()
    assert (promotion.withdrawal_method, promotion.withdrawn_by) == ("account", user.name)
    assert db.session.scalars(select(StayReport)).one().quote_consent is False


def test_a_participant_cannot_change_someone_elses_consent(client, reported, factories):
    user = factories.user(Role.PARTICIPANT)
    db.session.commit()
    login(client, user)
    response = post(client, f"/confidentialite/mes-consentements/{reported.id}",
                    {"purpose": "promotion", "change": "withdraw"}, token_from="/confidentialite/mes-consentements")
    assert response.status_code == 404
    assert db.session.scalars(select(Consent).where(Consent.purpose == "promotion")).one().withdrawn_at is None


def test_a_parent_withdraws_through_the_link_with_their_name(client, reported, app):
    db.session.commit()
    with app.test_request_context():
        url = links.consent_url(reported).split("portail.test", 1)[-1]
    response = post(client, url, {"purpose": "promotion", "change": "withdraw", "who": "Julie (mère)"})
    assert response.status_code == 302
    promotion = db.session.scalars(select(Consent).where(Consent.purpose == "promotion")).one()
    assert (promotion.withdrawn_by, promotion.withdrawal_method) == ("Julie (mère)", "link")


def test_the_link_needs_a_name_and_changes_nothing_without_one(client, reported, app):
    db.session.commit()
    with app.test_request_context():
        url = links.consent_url(reported).split("portail.test", 1)[-1]
    response = post(client, url, {"purpose": "promotion", "change": "withdraw"})
    assert response.status_code == 400
    assert db.session.scalars(select(Consent).where(Consent.purpose == "promotion")).one().withdrawn_at is None


def test_a_tampered_link_is_refused(client, reported, app):
    db.session.commit()
    with app.test_request_context():
        url = links.consent_url(reported).split("portail.test", 1)[-1]
    assert client.get(url[:-3] + "xyz").status_code == 404


def test_an_optional_consent_can_be_given_by_link(client, reported, app):
    db.session.commit()
    with app.test_request_context():
        url = links.consent_url(reported).split("portail.test", 1)[-1]
    assert post(client, url, {"purpose": "ambassador", "change": "give", "who": "Ana"}).status_code == 302
    assert consent.active(reported.id, "ambassador").method == "link"


def test_withdrawing_participation_tells_the_staff_without_the_persons_name(reported, factories, request_ctx):
    staff = factories.user(Role.STAFF, organisation_id=reported.application.organisation_id)
    consent.give(reported, "participation", "Ana", "form")
    consent.withdraw(reported, "participation", "Ana", "link")
    [mail] = db.session.scalars(select(MailMessage).where(MailMessage.recipient == staff.email)).all()
    assert "Ana" not in mail.body_text and reported.last_name not in mail.body_text
    assert count(Consent, purpose="participation") == 1

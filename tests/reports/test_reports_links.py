"""Personal report links: one per participant, signed, bound to the participant and the application, usable
until the report is submitted, never twice."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import StayReport
from portal.reports import invitations, links
from tests.helpers import csrf_token, flashes, post
from tests.reports.conftest import mails_to

ANSWERS = {"competencies": "Service en salle, mise en place", "language_progress": "4",
           "satisfaction_preparation": "3", "satisfaction_host": "5", "satisfaction_lodging": "2",
           "satisfaction_overall": "4", "advice": "Apportez des souliers confortables.", "comments": "",
           "quote_consent": "y"}


@pytest.fixture
def completed(app, make_stay):
    application = make_stay(status="completed")
    with app.test_request_context():
        invitations.invite_all(application, at=application.updated_at)
    db.session.commit()  # a refused request rolls back: the setup must be committed before
    return application


def link_of(participant) -> str:
    [message] = mails_to(participant.email)
    return re.search(r"https?://\S+", message.body_text).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_each_participant_gets_one_distinct_signed_link(completed):
    urls = [link_of(p) for p in completed.participants]
    assert len(set(urls)) == 2
    for participant, url in zip(completed.participants, urls, strict=True):
        assert f"/rapports/lien/{completed.id}/{participant.id}/" in url


def test_the_link_opens_the_form_without_a_password(client, completed):
    response = client.get(path_of(link_of(completed.participants[0])))
    assert response.status_code == 200
    assert 'id="report-form"' in response.get_data(as_text=True)


def test_a_link_cannot_be_used_for_another_participant(client, completed):
    first, second = completed.participants
    token = path_of(link_of(first)).rsplit("/", 1)[1]
    assert client.get(f"/rapports/lien/{completed.id}/{second.id}/{token}").status_code == 404


def test_a_link_cannot_be_used_for_another_application(client, completed, make_stay):
    other = make_stay(status="completed")
    first = completed.participants[0]
    token = path_of(link_of(first)).rsplit("/", 1)[1]
    assert client.get(f"/rapports/lien/{other.id}/{first.id}/{token}").status_code == 404


def test_a_tampered_or_foreign_token_is_refused(app, client, completed):
    first = completed.participants[0]
    url = path_of(link_of(first))
    assert client.get(url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb")).status_code == 404
    from itsdangerous import URLSafeSerializer
    # Same payload signed with another salt (e.g. a password-reset token): not a report link.
    forged = URLSafeSerializer(app.config["SECRET_KEY"], salt="other").dumps({"p": first.id, "a": completed.id})
    assert client.get(f"/rapports/lien/{completed.id}/{first.id}/{forged}").status_code == 404


def test_a_draft_keeps_the_link_working_then_submission_makes_it_read_only(client, completed):
    participant = completed.participants[0]
    url = path_of(link_of(participant))
    response = post(client, url, {**ANSWERS, "save": "y"})
    assert response.status_code == 302
    report = db.session.scalars(select(StayReport).where(StayReport.participant_id == participant.id)).one()
    assert (report.status, report.language_progress) == ("draft", 4)
    assert "Service en salle" in client.get(url).get_data(as_text=True)

    response = post(client, url, {**ANSWERS, "submit": "y"})
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.status == "submitted" and report.submitted_at is not None and report.quote_consent
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 410  # the link no longer shows the report (issue 12); the account does
    assert "Service en salle" not in page and 'id="report-form"' not in page


def test_a_second_submission_is_refused_and_changes_nothing(client, completed):
    participant = completed.participants[0]
    url = path_of(link_of(participant))
    token_page = url
    assert post(client, url, {**ANSWERS, "submit": "y"}).status_code == 302
    response = post(client, url, {**ANSWERS, "satisfaction_overall": "1", "submit": "y",
                                  "csrf_token": csrf_token(client, "/compte/connexion")})
    assert response.status_code == 410
    assert token_page == url
    report = db.session.scalars(select(StayReport).where(StayReport.participant_id == participant.id)).one()
    assert report.satisfaction_overall == 4


def test_submission_needs_every_scale_and_says_so_in_french(client, completed):
    url = path_of(link_of(completed.participants[0]))
    response = post(client, url, {**ANSWERS, "satisfaction_lodging": "", "submit": "y"})
    assert response.status_code == 400
    assert "Répondez à chaque échelle de 1 à 5." in flashes(response)
    report = db.session.scalars(select(StayReport).where(
        StayReport.participant_id == completed.participants[0].id)).one()
    assert report.status == "draft" and report.competencies == ""


def test_the_page_is_in_the_participants_language(client, completed):
    english = next(p for p in completed.participants if p.locale == "en")
    page = client.get(path_of(link_of(english))).get_data(as_text=True)
    assert "Submit my report" in page


def test_links_stop_working_for_changes_once_the_file_is_closed(client, completed):
    url = path_of(link_of(completed.participants[0]))
    completed.status = "closed"
    db.session.commit()
    response = post(client, url, {**ANSWERS, "submit": "y"}, token_from=url)
    assert response.status_code == 409
    assert db.session.scalars(select(StayReport).where(StayReport.status == "submitted")).all() == []


def test_token_for_is_bound_to_both_ids(app, completed):
    first, second = completed.participants
    with app.test_request_context():
        token = links.token_for(first)
        assert links.participant_for(completed.id, first.id, token) is first
        assert links.participant_for(completed.id, second.id, token) is None
        assert links.participant_for(completed.id + 1, first.id, token) is None


def test_saving_refused_for_a_bad_scale_creates_nothing(app, completed):
    from portal.core.errors import DomainError
    from portal.reports import stay_reports

    participant = completed.participants[1]
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        stay_reports.save(participant, {"language_progress": 9}, submit=False)
    assert refused.value.status_code == 400
    assert db.session.scalars(select(StayReport).where(StayReport.participant_id == participant.id)).one().status \
        == "draft"  # the invitation's empty draft, unchanged
    assert stay_reports.report_of(participant).language_progress is None


# --- issue 12: links expire and rotate -------------------------------------------------------------------------

def test_a_link_expires_after_the_configured_days(client, completed, set_today, app):
    from datetime import timedelta

    from portal.core.clock import Clock

    url = path_of(link_of(completed.participants[0]))
    assert client.get(url).status_code == 200
    days = app.config["REPORT_LINK_DAYS"]
    assert days == 60
    set_today(Clock().today() + timedelta(days=days + 1))
    assert client.get(url).status_code == 404


def test_a_resent_link_replaces_the_earlier_ones(client, completed, staff, request_ctx):
    participant = completed.participants[0]
    old = path_of(link_of(participant))
    invitations.resend(participant, staff)
    db.session.commit()
    new = path_of(re.search(r"https?://\S+", mails_to(participant.email)[-1].body_text).group(0))
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

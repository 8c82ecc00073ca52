"""Reminders 7 and 21 days after the invitation while the report is missing (frozen clock), and the staff's
resend, at most once a day per participant."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core.clock import utcnow
from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Participant, StayReport
from portal.reports import invitations, reminders
from tests.helpers import login, post
from tests.reports.conftest import mails_to

INVITED = datetime(2026, 6, 15, 9, 0)


@pytest.fixture
def invited(app, make_stay):
    application = make_stay(status="completed")
    with app.test_request_context():
        invitations.invite_all(application, at=INVITED)
    db.session.commit()
    return application


def run_at(app, moment: datetime) -> int:
    with app.test_request_context():
        return reminders.send_report_reminders(clock=lambda: moment)


def participants_of(application) -> list[Participant]:
    """Read by a query: the reminders' own query has reset the application's relationships (lazy loads raise)."""
    return list(db.session.scalars(select(Participant).where(Participant.application_id == application.id)
                                   .order_by(Participant.id)))


def reminders_to(participant) -> list:
    return [m for m in mails_to(participant.email) if m.subject.startswith(("Rappel", "Reminder"))]


def test_no_reminder_before_seven_days(app, invited):
    assert run_at(app, INVITED + timedelta(days=7) - timedelta(minutes=1)) == 0


def test_first_reminder_at_seven_days_then_nothing_until_twenty_one(app, invited):
    first, second = invited.participants
    assert run_at(app, INVITED + timedelta(days=7)) == 2
    assert len(reminders_to(first)) == 1
    assert run_at(app, INVITED + timedelta(days=8)) == 0
    assert run_at(app, INVITED + timedelta(days=20, hours=23)) == 0
    assert run_at(app, INVITED + timedelta(days=21)) == 2
    assert len(reminders_to(first)) == 2 and len(reminders_to(second)) == 2
    assert run_at(app, INVITED + timedelta(days=60)) == 0


def test_the_reminder_is_in_the_participants_language_with_the_personal_link(app, invited):
    run_at(app, INVITED + timedelta(days=7))
    english = next(p for p in participants_of(invited) if p.locale == "en")
    [message] = reminders_to(english)
    assert message.subject.startswith("Reminder: your report")
    assert f"/rapports/lien/{invited.id}/{english.id}/" in message.body_text


def test_no_reminder_once_the_report_is_submitted(app, invited):
    first, second = invited.participants
    report = db.session.scalars(select(StayReport).where(StayReport.participant_id == first.id)).one()
    report.status = "submitted"
    db.session.flush()
    assert run_at(app, INVITED + timedelta(days=7)) == 1
    assert reminders_to(first) == [] and len(reminders_to(second)) == 1


def test_a_late_run_sends_one_reminder_not_two(app, invited):
    assert run_at(app, INVITED + timedelta(days=25)) == 2
    first = participants_of(invited)[0]
    assert len(reminders_to(first)) == 1
    report = db.session.scalars(select(StayReport).where(StayReport.participant_id == first.id)).one()
    assert report.reminders_sent == 2
    assert run_at(app, INVITED + timedelta(days=26)) == 0


def test_no_reminder_once_the_file_is_closed(app, invited):
    invited.status = "closed"
    db.session.flush()
    assert run_at(app, INVITED + timedelta(days=7)) == 0


def test_the_command_sends_the_reminders_due_today(app, make_stay):
    application = make_stay(status="completed")
    with app.test_request_context():
        invitations.invite_all(application, at=utcnow() - timedelta(days=8))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-report-reminders"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 reminder(s) queued")


# --- resend -------------------------------------------------------------------------------------------------------

def test_resend_is_throttled_to_once_a_day_per_participant(app, invited, staff):
    first, second = invited.participants
    with app.test_request_context():
        invitations.resend(first, staff, at=INVITED + timedelta(days=2))
        with pytest.raises(DomainError) as refused:
            invitations.resend(first, staff, at=INVITED + timedelta(days=3) - timedelta(minutes=1))
        assert refused.value.status_code == 429
        invitations.resend(second, staff, at=INVITED + timedelta(days=2, minutes=5))  # another participant
        invitations.resend(first, staff, at=INVITED + timedelta(days=3))
    assert len(mails_to(first.email)) == 3  # invitation + two resends
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "stay_report.link_resent")).all()) == 3


def test_resend_through_the_page_twice_is_refused_the_second_time(app, client, invited, staff):
    first = invited.participants[0]
    login(client, staff)
    page = f"/rapports/projet/{invited.id}/participants"
    assert client.get(page).status_code == 200
    url = f"/rapports/projet/{invited.id}/participants/{first.id}/renvoyer"
    assert post(client, url, token_from=page).status_code == 302
    response = post(client, url, token_from=page)
    assert response.status_code == 429
    assert "Le lien a déjà été renvoyé à cette personne dans les dernières 24 heures" in response.get_data(as_text=True)
    assert len(mails_to(first.email)) == 2


def test_resend_is_refused_after_submission(app, invited, staff):
    first = invited.participants[0]
    db.session.scalars(select(StayReport).where(StayReport.participant_id == first.id)).one().status = "submitted"
    with app.test_request_context(), pytest.raises(DomainError):
        invitations.resend(first, staff, at=INVITED + timedelta(days=2))


def test_staff_of_another_centre_cannot_see_or_resend(client, invited, factories):
    login(client, factories.user("staff"))
    first = invited.participants[0]
    assert client.get(f"/rapports/projet/{invited.id}/participants").status_code == 404
    url = f"/rapports/projet/{invited.id}/participants/{first.id}/renvoyer"
    assert post(client, url, token_from="/accueil").status_code == 404


def test_the_tracking_page_shows_who_has_reported(client, invited, staff):
    first = invited.participants[0]
    db.session.scalars(select(StayReport).where(StayReport.participant_id == first.id)).one().status = "submitted"
    db.session.commit()
    login(client, staff)
    page = client.get(f"/rapports/projet/{invited.id}/participants").get_data(as_text=True)
    assert "1 participant·e·s sur 2 ont soumis leur rapport." in page
    assert f'id="report-row-{first.id}" class="report-submitted"' in page

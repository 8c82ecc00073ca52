"""Starting, completing and closing a stay: dates checked, one Decision + AuditEvent each, mail, refusals."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import AuditEvent, Decision, FinalReport, MailMessage, StayReport
from portal.workflow import stay
from tests.reports.conftest import END, START, count, mails_to

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_start_is_refused_before_the_first_day_in_the_users_language(make_stay, staff):
    application = make_stay()
    with force_locale("fr"), pytest.raises(DomainError) as refused:
        stay.start_stay(application, staff, today=START - timedelta(days=1))
    assert refused.value.status_code == 409
    assert "Le séjour commence le 1 juin 2026" in refused.value.message
    assert application.status == "approved"
    assert count(Decision, application_id=application.id) == 0


def test_start_on_the_first_day_records_the_step_and_tells_the_coordinators(make_stay, staff, coordinator):
    application = make_stay()
    decision = stay.start_stay(application, staff, today=START)
    assert application.status == "in_progress"
    assert (decision.action, decision.from_status, decision.to_status, decision.stage) == (
        "start_stay", "approved", "in_progress", "staff")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.start_stay",
                                                        AuditEvent.object_id == application.id)).one()
    assert event.after == {"status": "in_progress"}
    assert len(mails_to(coordinator.email)) == 1


def test_complete_is_refused_before_the_last_day(make_stay, staff):
    application = make_stay(status="in_progress")
    with force_locale("en"), pytest.raises(DomainError) as refused:
        stay.complete_stay(application, staff, today=END - timedelta(days=1))
    assert "The stay ends on June 14, 2026" in refused.value.message
    assert application.status == "in_progress"
    assert count(StayReport) == 0


def test_complete_invites_each_participant_with_an_email_once(make_stay, staff):
    application = make_stay(status="in_progress", participants=(
        {"email": "ana@example.com"}, {"email": "ben@example.com", "locale": "en"}, {"email": None}))
    stay.complete_stay(application, staff, today=END)
    assert application.status == "completed"
    assert len(mails_to("ana@example.com")) == 1
    [english] = mails_to("ben@example.com")
    assert english.locale == "en" and english.subject.startswith("Your report on the stay")
    reports = db.session.scalars(select(StayReport)).all()
    assert sorted(bool(r.invited_at) for r in reports) == [True, True]


def test_only_the_centres_staff_may_start_the_stay(make_stay, factories, coordinator):
    application = make_stay()
    other_staff = factories.user("staff")
    with pytest.raises(DomainError) as refused:
        stay.start_stay(application, other_staff, today=START)
    assert refused.value.status_code == 404
    with pytest.raises(DomainError) as refused:
        stay.start_stay(application, coordinator, today=START)
    assert refused.value.status_code == 403


# --- close --------------------------------------------------------------------------------------------------------

def _accepted_final(application):
    db.session.add(FinalReport(application_id=application.id, status="accepted"))
    db.session.flush()


def _all_reports_submitted(application):
    for participant in application.participants:
        db.session.add(StayReport(participant_id=participant.id, status="submitted"))
    db.session.flush()


def test_close_is_refused_until_the_final_report_is_accepted(make_stay, coordinator):
    application = make_stay(status="completed")
    _all_reports_submitted(application)
    db.session.add(FinalReport(application_id=application.id, status="submitted"))
    db.session.flush()
    with pytest.raises(DomainError) as refused:
        stay.close(application, coordinator, override_reason="anyway")
    assert refused.value.status_code == 409
    assert application.status == "completed"


def test_close_is_refused_while_participant_reports_are_missing(make_stay, coordinator):
    application = make_stay(status="completed")
    _accepted_final(application)
    with force_locale("en"), pytest.raises(DomainError) as refused:
        stay.close(application, coordinator)
    assert "Missing participant reports: 2." in refused.value.message
    assert application.status == "completed"
    assert count(Decision, application_id=application.id) == 0


def test_close_is_refused_while_a_line_with_actual_costs_has_no_receipt(make_stay, coordinator, factories):
    application = make_stay(status="completed")
    _all_reports_submitted(application)
    _accepted_final(application)
    first, second = application.funding_lines
    first.actual_cents, second.actual_cents = 55_000, 0
    factories.confirmed_document(application, "receipt", funding_line_id=second.id)
    with force_locale("en"), pytest.raises(DomainError) as refused:
        stay.close(application, coordinator)
    assert "Funding lines with actual costs but no receipt: 1." in refused.value.message
    factories.confirmed_document(application, "receipt", funding_line_id=first.id)
    stay.close(application, coordinator)
    assert application.status == "closed"


def test_close_with_an_override_reason_keeps_it_on_the_decision_and_the_audit(make_stay, coordinator, staff):
    application = make_stay(status="completed")
    _accepted_final(application)
    decision = stay.close(application, coordinator, override_reason="  Participants moved abroad.  ")
    assert application.status == "closed"
    assert "Participants moved abroad." in decision.comment
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "application.close",
                                                        AuditEvent.object_id == application.id)).one()
    assert event.after["override_reason"] == "Participants moved abroad."
    assert sorted(event.after["missing_reports"]) == sorted(p.id for p in application.participants)
    assert len(mails_to(staff.email)) == 1


def test_close_when_nothing_is_missing_needs_no_reason(make_stay, coordinator):
    application = make_stay(status="completed")
    _all_reports_submitted(application)
    _accepted_final(application)
    decision = stay.close(application, coordinator)
    assert (application.status, decision.comment) == ("closed", "")


def test_staff_cannot_close(make_stay, staff):
    application = make_stay(status="completed")
    _all_reports_submitted(application)
    _accepted_final(application)
    before = db.session.scalar(select(MailMessage.id).order_by(MailMessage.id.desc()).limit(1))
    with pytest.raises(DomainError) as refused:
        stay.close(application, staff)
    assert refused.value.status_code == 403
    assert db.session.scalar(select(MailMessage.id).order_by(MailMessage.id.desc()).limit(1)) == before

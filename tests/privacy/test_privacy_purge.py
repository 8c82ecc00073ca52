"""The retention purge on a fixture spanning the limits: what is past its time is anonymised or deleted, what is
not stays, and the indicators (counts and money) are unchanged. The dry run changes nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    ApplicationSnapshot,
    AuditEvent,
    Consent,
    Decision,
    Document,
    EmergencyContact,
    FundingLine,
    MailMessage,
    Participant,
    StayCare,
    StayIncident,
    StayReport,
)
from portal.privacy.purge import purge
from portal.reports.aggregates import aggregate

NOW = datetime(2035, 6, 1, 12, 0, 0)


def _file(factories, *, closed_days_ago: int | None, ended_days_ago: int, status: str = "closed"):
    end = NOW.date() - timedelta(days=ended_days_ago)
    application = factories.application(status=status, start_date=end - timedelta(days=13))
    person = factories.participant(application, first_name="Zoé", last_name="Tremblay", email="zoe@example.com",
                                   birth_date=date(2010, 1, 1), inclusion_needs="Allergie aux arachides")
    factories.budget_line(application, computed_cents=90_000, approved_cents=90_000, actual_cents=85_000)
    db.session.add_all([
        EmergencyContact(participant_id=person.id, name="Julie Tremblay", phone="418 555 0100"),
        StayCare(application_id=application.id, itinerary="YUL-CDG", local_contact_name="Claire",
                 local_contact_phone="+33 4"),
        StayIncident(application_id=application.id, participant_id=person.id, occurred_at=NOW - timedelta(days=400),
                     nature="Entorse", actions="Clinique"),
        StayReport(participant_id=person.id, status="submitted", advice="Partez!", satisfaction_overall=5),
        Consent(participant_id=person.id, purpose="participation", wording_version="v", given_at=NOW,
                given_by="Zoé Tremblay", method="form"),
        ApplicationSnapshot(application_id=application.id, number=1, data={"participants": [
            {"first_name": "Zoé", "inclusion_needs": "Allergie aux arachides"}]}),
    ])
    factories.confirmed_document(application, "health_insurance", participant_id=person.id)
    factories.confirmed_document(application, "stay_programme")
    if closed_days_ago is not None:
        db.session.add(Decision(application_id=application.id, stage="coordinator", action="close",
                                from_status="completed", to_status="closed",
                                created_at=NOW - timedelta(days=closed_days_ago)))
    db.session.flush()
    return application, person


@pytest.fixture
def spanning(factories):
    """Closed 8 years ago; closed 13 months ago; a stay still under way. Mail sent 100 and 10 days ago."""
    old = _file(factories, closed_days_ago=8 * 365, ended_days_ago=8 * 365 + 60)
    recent = _file(factories, closed_days_ago=395, ended_days_ago=420)
    current = _file(factories, closed_days_ago=None, ended_days_ago=-5, status="in_progress")
    db.session.add_all([
        MailMessage(recipient="a@example.com", subject="old", body_text="Bonjour Zoé", sent_at=NOW - timedelta(days=100)),
        MailMessage(recipient="b@example.com", subject="new", body_text="Bonjour", sent_at=NOW - timedelta(days=10)),
        MailMessage(recipient="c@example.com", subject="queued", body_text="Bonjour"),
    ])
    db.session.flush()
    return old, recent, current


def _indicators():
    money = db.session.execute(select(func.count(FundingLine.id), func.sum(FundingLine.approved_cents),
                                      func.sum(FundingLine.actual_cents))).one()
    reports = [(a.key, a.participants, a.reports, a.satisfaction) for a in aggregate("application", min_reports=1)]
    return tuple(money), db.session.scalar(select(func.count(Participant.id))), reports


def test_the_dry_run_counts_and_changes_nothing(spanning):
    result = purge(NOW, dry_run=True)
    counts = {what: n for _kind, what, n in result.counts}
    assert counts["participants anonymised"] == 1
    assert counts["inclusion needs erased"] == 2
    assert counts["identity documents deleted"] == 2
    assert counts["sent mail deleted"] == 1
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.anonymised_at.is_not(None))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "privacy.purge")) == 0


def test_past_their_time_the_identity_is_anonymised_and_the_rest_stays(spanning):
    (old, old_person), (recent, recent_person), (current, current_person) = spanning
    before = _indicators()
    purge(NOW)
    db.session.expire_all()
    assert (old_person.first_name, old_person.email, old_person.birth_date) == ("—", None, None)
    assert old_person.anonymised_at == NOW
    assert (recent_person.first_name, recent_person.email) == ("Zoé", "zoe@example.com")
    assert current_person.first_name == "Zoé"
    assert db.session.scalar(select(Consent.given_by).where(Consent.participant_id == old_person.id)) == "—"
    assert db.session.scalar(select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == old.id)) is None
    assert _indicators() == before


def test_inclusion_needs_go_one_year_after_the_stay_even_in_the_snapshot(spanning):
    (_old, _), (recent, recent_person), (_current, current_person) = spanning
    purge(NOW)
    db.session.expire_all()
    assert recent_person.inclusion_needs == ""
    snapshot = db.session.scalars(select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == recent.id)).one()
    assert snapshot.data["participants"][0]["inclusion_needs"] == ""
    assert current_person.inclusion_needs == "Allergie aux arachides"


def test_care_data_go_one_year_after_the_stay_the_incident_is_kept_as_a_count(spanning):
    (_old, _), (recent, _), (current, current_person) = spanning
    purge(NOW)
    db.session.expire_all()
    assert db.session.scalars(select(EmergencyContact.participant_id)).all() == [current_person.id]
    incident = db.session.scalars(select(StayIncident).where(StayIncident.application_id == recent.id)).one()
    assert (incident.nature, incident.actions) == ("", "")
    care = db.session.scalars(select(StayCare).where(StayCare.application_id == current.id)).one()
    assert care.local_contact_name == "Claire"


def test_identity_documents_go_at_file_close_other_documents_stay(spanning):
    (old, _), (recent, _), (current, _) = spanning
    purge(NOW)
    kinds = {(d.application_id, d.kind) for d in db.session.scalars(select(Document))}
    assert kinds == {(old.id, "stay_programme"), (recent.id, "stay_programme"), (current.id, "stay_programme"),
                     (current.id, "health_insurance")}


def test_report_texts_go_three_years_after_close_scores_stay(spanning):
    (old, old_person), (recent, recent_person), _ = spanning
    purge(NOW)
    reports = {r.participant_id: r for r in db.session.scalars(select(StayReport))}
    assert (reports[old_person.id].advice, reports[old_person.id].satisfaction_overall) == ("", 5)
    assert reports[recent_person.id].advice == "Partez!"


def test_sent_mail_goes_after_90_days_queued_mail_stays(spanning):
    purge(NOW)
    assert sorted(db.session.scalars(select(MailMessage.subject))) == ["new", "queued"]


def test_the_purge_is_logged_with_its_counts_and_a_second_run_does_nothing(spanning):
    purge(NOW)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.purge")).one()
    assert event.after["identity: participants anonymised"] == 1
    again = purge(NOW, dry_run=True)
    assert sum(n for _kind, _what, n in again.counts) == 0


def test_a_retention_setting_overrides_the_default(spanning, app):
    app.config["RETENTION_DAYS"] = {"identity": 300}
    try:
        counts = {what: n for _k, what, n in purge(NOW, dry_run=True).counts}
    finally:
        app.config["RETENTION_DAYS"] = {}
    assert counts["participants anonymised"] == 2


def test_the_command_lists_what_it_would_do(spanning, app, set_today):
    set_today(NOW.date())
    result = app.test_cli_runner().invoke(args=["purge-personal-data", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would be identity: participants anonymised: 1" in result.output
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.anonymised_at.is_not(None))) == 0

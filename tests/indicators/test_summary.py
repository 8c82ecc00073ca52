"""The indicators page's summary (indicator_totals) stays equal to the same rows computed from the applications,
participants and stay reports from scratch after each write; rebuild puts it right after SQL."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, update

from portal.extensions import db
from portal.indicators import summary
from portal.models import Application, FinalReport, FundingLine, IndicatorTotal, Participant, StayReport


def in_step() -> dict:
    """The summary as stored, checked against the from-scratch computation; returned for further assertions."""
    db.session.flush()
    stored = summary.stored()
    assert stored == summary.from_scratch()
    return stored


def row(application: Application) -> dict:
    return dict(zip(summary.COLUMNS[1:], in_step()[application.id], strict=True))


def test_a_new_application_has_its_row_with_no_participant(factories):
    application = factories.application(status="approved", destination_country="FR")
    values = row(application)
    assert (values["status"], values["destination_country"], values["students"], values["reports"]) == (
        "approved", "FR", 0, 0)


def test_participants_count_by_kind(factories):
    application = factories.application()
    factories.participant(application)
    factories.participant(application)
    factories.participant(application, kind="teacher")
    values = row(application)
    assert (values["students"], values["teachers"], values["staff"], values["accompanying"]) == (2, 1, 0, 0)


def test_a_submitted_report_counts_its_answers_per_scale_value(factories):
    application = factories.application()
    person = factories.participant(application)
    db.session.add(StayReport(participant_id=person.id, status="submitted", satisfaction_overall=4,
                              satisfaction_host=2, language_progress=5))
    values = row(application)
    assert (values["reports"], values["overall_4"], values["host_2"], values["host_4"]) == (1, 1, 1, 0)
    assert (values["language_sum"], values["language_answers"]) == (5, 1)


def test_a_draft_report_counts_no_answer(factories):
    application = factories.application()
    person = factories.participant(application)
    db.session.add(StayReport(participant_id=person.id, status="draft", satisfaction_overall=4))
    values = row(application)
    assert (values["reports"], values["overall_4"]) == (0, 0)


def test_submitting_a_report_later_counts_it(factories):
    application = factories.application()
    person = factories.participant(application)
    report = StayReport(participant_id=person.id, status="draft", satisfaction_overall=3)
    db.session.add(report)
    in_step()
    report.status = "submitted"
    assert row(application)["overall_3"] == 1


def test_a_changed_answer_moves_between_scale_values(factories):
    application = factories.application()
    person = factories.participant(application)
    report = StayReport(participant_id=person.id, status="accepted", satisfaction_lodging=1)
    db.session.add(report)
    in_step()
    report.satisfaction_lodging = 5
    values = row(application)
    assert (values["lodging_1"], values["lodging_5"]) == (0, 1)


def test_a_status_change_follows_the_application(factories):
    application = factories.application(status="submitted")
    in_step()
    application.status = "approved"
    assert row(application)["status"] == "approved"


def test_the_filter_dimensions_follow_the_application(factories):
    application = factories.application(destination_country="FR")
    partner = factories.partner()
    in_step()
    application.destination_country, application.partner_id, application.direction = "DE", partner.id, "incoming"
    values = row(application)
    assert (values["destination_country"], values["partner_id"], values["direction"]) == ("DE", partner.id,
                                                                                        "incoming")


def test_the_carbon_follows_the_application(factories):
    application = factories.application()
    in_step()
    application.co2_kg, application.offset_cents = Decimal("12.5"), 38
    values = row(application)
    assert (values["co2_kg"], values["offset_cents"]) == ("12.5", 38)


def test_a_removed_participant_and_its_report_leave_the_counts(factories):
    application = factories.application()
    person = factories.participant(application)
    factories.participant(application)
    db.session.add(StayReport(participant_id=person.id, status="submitted", satisfaction_overall=5))
    in_step()
    db.session.delete(db.session.get(StayReport, db.session.scalar(
        StayReport.__table__.select().with_only_columns(StayReport.id).where(StayReport.participant_id == person.id))))
    db.session.delete(person)
    values = row(application)
    assert (values["students"], values["reports"], values["overall_5"]) == (1, 0, 0)


def test_a_participant_moved_to_another_application_counts_there(factories):
    first, second = factories.application(), factories.application()
    person = factories.participant(first)
    in_step()
    person.application_id = second.id
    assert (row(first)["students"], row(second)["students"]) == (0, 1)


def test_a_deleted_application_loses_its_row(factories):
    application = factories.application()
    factories.participant(application)
    in_step()
    identifier = application.id
    db.session.delete(application)
    assert identifier not in in_step()


def test_rebuild_puts_right_what_sql_changed_behind_the_portal(factories):
    application = factories.application()
    factories.participant(application)
    db.session.flush()
    db.session.execute(update(Participant).where(Participant.application_id == application.id)
                       .values(kind="staff").execution_options(synchronize_session=False))
    db.session.execute(delete(IndicatorTotal))
    assert summary.rebuild() == len(summary.from_scratch())
    assert row(application)["staff"] == 1


def test_the_hand_counted_fixture_is_in_step(counted):
    in_step()


def test_the_money_totals_follow_the_application(factories):
    application = factories.application(requested_total_cents=1_000)
    in_step()
    application.requested_total_cents, application.approved_total_cents = 2_000, 1_500
    values = row(application)
    assert (values["requested_total_cents"], values["approved_total_cents"], values["spent_cents"]) == (
        2_000, 1_500, None)


def test_spent_counts_once_the_final_report_is_accepted(factories):
    application = factories.application(approved_total_cents=1_500)
    db.session.add(FundingLine(application_id=application.id, kind="transport", computed_cents=900,
                               actual_cents=900))
    report = FinalReport(application_id=application.id, status="submitted")
    db.session.add(report)
    assert row(application)["spent_cents"] is None
    report.status = "accepted"
    assert row(application)["spent_cents"] == 900


def test_a_changed_actual_amount_changes_what_was_spent(factories):
    application = factories.application()
    line = FundingLine(application_id=application.id, kind="transport", computed_cents=900, actual_cents=900)
    db.session.add_all([line, FinalReport(application_id=application.id, status="accepted")])
    in_step()
    line.actual_cents = 700
    assert row(application)["spent_cents"] == 700


def test_an_incoming_stay_answering_an_outgoing_one_marks_it_answered(factories):
    outgoing = factories.application(status="approved")
    assert row(outgoing)["answered"] is False
    answer = factories.application(status="approved", direction="incoming", answers_application_id=outgoing.id)
    assert row(outgoing)["answered"] is True
    answer.answers_application_id = None
    assert row(outgoing)["answered"] is False


def test_deleting_the_answer_leaves_the_outgoing_stay_unanswered(factories):
    outgoing = factories.application(status="approved")
    answer = factories.application(direction="incoming", answers_application_id=outgoing.id)
    in_step()
    db.session.delete(answer)
    assert row(outgoing)["answered"] is False


def test_refresh_totals_rebuilds_the_indicators_summary(app, factories):
    application = factories.application()
    factories.participant(application)
    db.session.flush()
    db.session.execute(delete(IndicatorTotal))
    result = app.test_cli_runner().invoke(args=["refresh-totals"])
    assert result.exit_code == 0, result.output
    assert "indicators 1 row(s)" in result.output
    assert row(application)["students"] == 1

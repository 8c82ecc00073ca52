"""Each decision through HTTP: CSRF token, French messages, database changes, one decision per form."""
from __future__ import annotations

from portal.extensions import db
from portal.models import Decision, FundingLine
from tests.helpers import flashes
from tests.review.conftest import count, decide, form_fields, fresh, review_page, state_of, text


def decisions(application) -> list[Decision]:
    return list(db.session.scalars(db.select(Decision).where(Decision.application_id == application.id)
                                   .order_by(Decision.id)))


def line_ids(application) -> list[int]:
    return [line.id for line in fresh(application).funding_lines]


# --- coordinator -------------------------------------------------------------------------------------------------

def test_request_changes_reopens_the_application(as_coordinator, make_application):
    application = make_application("submitted")
    response = decide(as_coordinator, application, "request-changes-form", "demander-des-modifications",
                      {"comment": "Ajoutez la lettre du partenaire."})
    assert response.status_code == 200
    assert "Des modifications ont été demandées" in " ".join(flashes(response))
    assert fresh(application).status == "changes_requested"
    [decision] = decisions(application)
    assert (decision.action, decision.comment, decision.actor_id) == (
        "request_changes", "Ajoutez la lettre du partenaire.", as_coordinator.user.id)


def test_request_changes_without_comment_is_refused_in_french(as_coordinator, make_application):
    application = make_application("submitted")
    before = state_of(application)
    response = decide(as_coordinator, application, "request-changes-form", "demander-des-modifications",
                      {"comment": "   "})
    assert response.status_code == 400
    assert "Écrivez un commentaire : le personnel du centre le lira." in text(response)
    assert state_of(application) == before


def test_recommend_without_adjustment_keeps_the_requested_amounts(as_coordinator, make_application):
    application = make_application("submitted")
    response = decide(as_coordinator, application, "recommend-form", "recommander", {"comment": "Très bon projet"})
    assert "La demande a été recommandée au ministère." in text(response)
    application = fresh(application)
    assert application.status == "recommended"
    assert [line.requested_cents for line in application.funding_lines] == [60_000, 40_000]
    assert [d.action for d in decisions(application)] == ["recommend"]


def test_recommend_with_an_adjusted_line_needs_a_reason(as_coordinator, make_application):
    application = make_application("submitted")
    first = line_ids(application)[0]
    before = state_of(application)
    response = decide(as_coordinator, application, "recommend-form", "recommander", {f"line-{first}": "450,00"})
    assert response.status_code == 409
    assert "Un motif est requis pour ajuster les montants demandés." in text(response)
    assert 'value="450,00"' in text(response)  # what was typed is kept
    assert state_of(application) == before


def test_recommend_with_an_adjusted_line_and_a_reason_changes_the_request(as_coordinator, make_application):
    application = make_application("submitted")
    first, second = line_ids(application)
    response = decide(as_coordinator, application, "recommend-form", "recommander",
                      {f"line-{first}": "450,00", f"line-{second}": "400.00", "reason": "Tarif de groupe obtenu"})
    assert response.status_code == 200
    assert db.session.get(FundingLine, first).requested_cents == 45_000
    assert db.session.get(FundingLine, second).requested_cents == 40_000
    [decision] = decisions(application)
    assert "Tarif de groupe obtenu" in decision.comment


def test_an_amount_that_is_not_a_number_is_refused_in_french(as_coordinator, make_application):
    application = make_application("submitted")
    first = line_ids(application)[0]
    before = state_of(application)
    response = decide(as_coordinator, application, "recommend-form", "recommander",
                      {f"line-{first}": "beaucoup", "reason": "x"})
    assert response.status_code == 400
    assert "Saisissez un montant comme 2\u00a0460,00\u00a0$." in text(response)
    assert state_of(application) == before


def test_coordinator_rejects_with_a_reason(as_coordinator, make_application):
    application = make_application("submitted")
    response = decide(as_coordinator, application, "reject-form", "refuser", {"reason": "Hors programme"})
    assert "La demande a été refusée." in text(response)
    application = fresh(application)
    assert application.status == "rejected" and application.decided_at is not None
    [decision] = decisions(application)
    assert (decision.stage, decision.comment) == ("coordinator", "Hors programme")


def test_reject_without_reason_changes_nothing(as_coordinator, make_application):
    application = make_application("submitted")
    before = state_of(application)
    response = decide(as_coordinator, application, "reject-form", "refuser", {"reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif du refus" in text(response)
    assert state_of(application) == before


# --- ministry ----------------------------------------------------------------------------------------------------

def test_officer_sends_back_to_the_coordinator(as_officer, make_application):
    application = make_application("recommended")
    response = decide(as_officer, application, "send-back-form", "renvoyer", {"comment": "Vérifier le transport"})
    assert "La demande a été renvoyée à la coordination." in text(response)
    assert fresh(application).status == "submitted"
    assert [(d.action, d.stage) for d in decisions(application)] == [("send_back", "ministry")]


def test_officer_rejects_at_the_ministry_stage(as_officer, make_application):
    application = make_application("recommended")
    decide(as_officer, application, "reject-form", "refuser", {"reason": "Enveloppe épuisée"})
    assert fresh(application).status == "rejected"
    assert [d.stage for d in decisions(application)] == ["ministry"]


def test_approve_defaults_to_the_requested_amounts_and_commits_them(as_officer, make_application):
    application = make_application("recommended")
    response = decide(as_officer, application, "approve-form", "approuver")
    assert "La demande a été approuvée" in text(response)
    application = fresh(application)
    assert application.status == "approved"
    assert [line.approved_cents for line in application.funding_lines] == [60_000, 40_000]
    assert application.call.committed_cents == 100_000


def test_approve_with_lower_amounts_per_line(as_officer, make_application):
    application = make_application("recommended")
    first, second = line_ids(application)
    decide(as_officer, application, "approve-form", "approuver", {f"line-{first}": "500", f"line-{second}": ""})
    application = fresh(application)
    assert [line.approved_cents for line in application.funding_lines] == [50_000, 40_000]
    assert application.call.committed_cents == 90_000


def test_overspend_is_refused_showing_the_remaining_amount(as_officer, make_application, factories):
    call = factories.call(envelope_cents=150_000, committed_cents=100_000)
    application = make_application("recommended", call=call)
    before = state_of(application)
    response = decide(as_officer, application, "approve-form", "approuver")
    assert response.status_code == 409
    page = text(response)
    assert "ne peut pas couvrir cette approbation : 500,00\xa0$ restants, 1\xa0000,00\xa0$ à engager." in page
    assert state_of(application) == before


def test_approving_more_than_requested_is_refused(as_officer, make_application):
    application = make_application("recommended")
    first = line_ids(application)[0]
    before = state_of(application)
    response = decide(as_officer, application, "approve-form", "approuver", {f"line-{first}": "700"})
    assert response.status_code == 409
    assert state_of(application) == before


# --- stale forms, resent forms, CSRF -----------------------------------------------------------------------------

def test_a_stale_form_is_refused_and_changes_nothing(as_coordinator, make_application):
    application = make_application("submitted")
    html_fields = {"version": str(application.version - 1), "idempotency_key": "k" * 32}
    before = state_of(application)
    response = decide(as_coordinator, application, "reject-form", "refuser", {"reason": "Trop tard"},
                      fields=html_fields)
    assert response.status_code == 409
    assert "Une autre personne a agi sur cette demande entre-temps" in text(response)
    assert state_of(application) == before


def test_a_form_shown_before_another_decision_is_stale(as_coordinator, as_officer, make_application):
    """Two tabs: the approve form was shown, then the application went back and forth; the old form is stale."""
    application = make_application("recommended")
    old_approve = form_fields(review_page(as_officer, application), "approve-form")
    decide(as_officer, application, "send-back-form", "renvoyer", {"comment": "À revoir"})
    decide(as_coordinator, application, "recommend-form", "recommander")  # recommended again: approve is possible
    before = state_of(application)
    response = decide(as_officer, application, "approve-form", "approuver", fields=old_approve)
    assert response.status_code == 409
    assert state_of(application) == before
    assert fresh(application).status == "recommended"


def test_the_same_form_posted_twice_makes_one_decision(as_officer, make_application):
    application = make_application("recommended")
    fields = form_fields(review_page(as_officer, application), "approve-form")
    first = decide(as_officer, application, "approve-form", "approuver", fields=fields)
    committed = fresh(application).call.committed_cents
    second = decide(as_officer, application, "approve-form", "approuver", fields=fields)
    assert first.status_code == second.status_code == 200
    assert "Cette décision a déjà été enregistrée." in text(second)
    assert count(Decision, application_id=application.id) == 1
    assert fresh(application).call.committed_cents == committed == 100_000


def test_a_key_used_for_another_application_is_refused(as_coordinator, make_application):
    one, two = make_application("submitted"), make_application("submitted")
    fields = form_fields(review_page(as_coordinator, one), "reject-form")
    decide(as_coordinator, one, "reject-form", "refuser", {"reason": "Non"}, fields=fields)
    reused = {"version": str(fresh(two).version), "idempotency_key": fields["idempotency_key"]}
    before = state_of(two)
    response = decide(as_coordinator, two, "reject-form", "refuser", {"reason": "Non"}, fields=reused)
    assert response.status_code == 409
    assert "Ce formulaire a déjà servi pour une autre décision." in text(response)
    assert state_of(two) == before


def test_a_post_without_csrf_token_changes_nothing(as_coordinator, make_application):
    application = make_application("submitted")
    before = state_of(application)
    response = decide(as_coordinator, application, "reject-form", "refuser",
                      {"reason": "Non", "csrf_token": "forged"})
    assert response.status_code == 400
    assert state_of(application) == before


def test_a_form_without_its_one_time_key_is_refused(as_coordinator, make_application):
    application = make_application("submitted")
    before = state_of(application)
    response = decide(as_coordinator, application, "reject-form", "refuser", {"reason": "Non"},
                      fields={"version": str(application.version), "idempotency_key": ""})
    assert response.status_code == 400
    assert state_of(application) == before

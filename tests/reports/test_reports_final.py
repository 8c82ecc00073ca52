"""The final report: arithmetic (to return vs overrun), actual costs typed in dollars, receipts linked to a line,
submission rules, the coordinator's acceptance or request for corrections."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.models import Decision, Document, FinalReport, FundingLine, StayReport
from portal.reports import final
from tests.helpers import file_check_forms, flashes, login, post

TEXTS = {"outcomes": "Objectifs atteints.", "reciprocal_visit_status": "Prévue en mars 2027.",
         "overrun_justification": ""}


def lines(*pairs, cap_reduction=None):
    result = [FundingLine(id=n, kind="transport", approved_cents=approved, actual_cents=actual, computed_cents=0)
              for n, (approved, actual) in enumerate(pairs, start=1)]
    if cap_reduction is not None:
        result.append(FundingLine(id=99, kind="cap_reduction", approved_cents=-cap_reduction, computed_cents=0))
    return result


def test_spending_less_than_approved_leaves_an_amount_to_return():
    balance = final.balance_of(lines((60_000, 55_000), (40_000, 40_000)))
    assert (balance.grant_cents, balance.actual_cents) == (100_000, 95_000)
    assert (balance.to_return_cents, balance.overrun_cents) == (5_000, 0)


def test_spending_more_than_approved_is_an_overrun():
    balance = final.balance_of(lines((60_000, 70_000), (40_000, 35_000)))
    assert (balance.to_return_cents, balance.overrun_cents, balance.difference_cents) == (0, 5_000, 5_000)


def test_a_cap_reduction_lowers_the_grant_but_spending_within_the_approved_lines_is_no_overrun():
    balance = final.balance_of(lines((60_000, 60_000), (40_000, 30_000), cap_reduction=20_000))
    assert (balance.grant_cents, balance.actual_cents, balance.overrun_cents) == (80_000, 90_000, 0)
    assert balance.to_return_cents == 0


def test_with_a_cap_reduction_spending_above_the_approved_lines_is_an_overrun():
    balance = final.balance_of(lines((60_000, 70_000), (40_000, 40_000), cap_reduction=20_000))
    assert balance.overrun_cents == 10_000


def test_typed_actuals_override_the_stored_ones():
    items = lines((60_000, None), (40_000, None))
    assert final.balance_of(items, {1: 60_000, 2: 39_999}).to_return_cents == 1


# --- through the page -----------------------------------------------------------------------------------------

@pytest.fixture
def completed(make_stay):
    application = make_stay(status="completed")
    db.session.commit()
    return application


def final_url(application) -> str:
    return f"/rapports/projet/{application.id}/rapport-final"


def actual_fields(application, *dollars) -> dict:
    return {f"actual-{line.id}": amount for line, amount in zip(application.funding_lines, dollars, strict=True)}


def test_staff_enter_actual_costs_in_dollars_and_see_the_amount_to_return(client, completed, staff):
    login(client, staff)
    url = final_url(completed)
    response = post(client, url, {**TEXTS, **actual_fields(completed, "550,25", "1 234.50"), "save": "y"})
    assert response.status_code == 302
    first, second = completed.funding_lines
    db.session.refresh(first), db.session.refresh(second)
    assert (first.actual_cents, second.actual_cents) == (55_025, 123_450)
    page = client.get(url).get_data(as_text=True)
    assert "Dépassement" in page and "Montant à rembourser" not in page


def test_a_non_amount_is_refused_and_nothing_is_saved(client, completed, staff):
    login(client, staff)
    response = post(client, final_url(completed), {**TEXTS, **actual_fields(completed, "douze", "10"), "save": "y"})
    assert response.status_code == 400
    assert "Saisissez chaque coût réel comme 2\u00a0460,00\u00a0$." in flashes(response)
    assert [line.actual_cents for line in completed.funding_lines] == [None, None]


def test_submitting_an_overrun_needs_a_justification(client, completed, staff):
    login(client, staff)
    response = post(client, final_url(completed), {**TEXTS, **actual_fields(completed, "700", "400"), "submit": "y"})
    assert response.status_code == 400
    assert "Les coûts réels dépassent les montants accordés : justifiez le dépassement." in flashes(response)[0]
    assert db.session.scalars(select(FinalReport)).all() == []
    response = post(client, final_url(completed), {**TEXTS, **actual_fields(completed, "700", "400"),
                                                   "overrun_justification": "Billets plus chers.", "submit": "y"})
    assert response.status_code == 302
    report = db.session.scalars(select(FinalReport)).one()
    assert (report.status, report.overrun_justification) == ("submitted", "Billets plus chers.")


def test_submission_needs_every_actual_cost(client, completed, staff):
    login(client, staff)
    response = post(client, final_url(completed), {**TEXTS, **actual_fields(completed, "600", ""), "submit": "y"})
    assert response.status_code == 400
    assert "Saisissez le coût réel de chaque ligne de financement." in flashes(response)[0]


def test_a_receipt_is_stored_as_a_document_linked_to_its_line(client, completed, staff):
    login(client, staff)
    line = completed.funding_lines[1]
    response = post(client, final_url(completed) + "/recus",
                    {"line_id": str(line.id), "file": (io.BytesIO(b"%PDF-1.4\n% receipt\n"), "facture.pdf")},
                    token_from=final_url(completed), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    doc = db.session.scalars(select(Document).where(Document.application_id == completed.id)).one()
    assert (doc.kind, doc.funding_line_id, doc.status, doc.original_name) == ("receipt", line.id, "confirmed",
                                                                               "facture.pdf")
    assert final.receipts_by_line(completed) == {line.id: [doc]}


def test_a_receipt_for_a_line_of_another_application_is_refused(client, completed, staff, make_stay):
    other_line = make_stay(status="completed").funding_lines[0]
    db.session.commit()
    login(client, staff)
    response = post(client, final_url(completed) + "/recus",
                    {"line_id": str(other_line.id), "file": (io.BytesIO(b"%PDF-1.4\n"), "f.pdf")},
                    token_from=final_url(completed), content_type="multipart/form-data")
    assert response.status_code == 400
    assert db.session.scalars(select(Document)).all() == []


def test_receipts_are_closed_once_the_final_report_is_submitted(completed, staff, app):
    db.session.add(FinalReport(application_id=completed.id, status="submitted"))
    db.session.flush()
    assert not final.receipts_open(completed)
    with app.test_request_context(), pytest.raises(DomainError):
        final.attach_receipt(completed, completed.funding_lines[0].id, None, staff)


def test_other_centres_get_404_on_the_final_report(client, completed, factories):
    login(client, factories.user("staff"))
    assert client.get(final_url(completed)).status_code == 404


# --- review -----------------------------------------------------------------------------------------------------

@pytest.fixture
def submitted(completed):
    db.session.add(FinalReport(application_id=completed.id, status="submitted", outcomes="OK"))
    db.session.commit()
    return completed


def test_the_coordinator_accepts_the_final_report(client, submitted, coordinator, staff):
    login(client, coordinator)
    response = post(client, final_url(submitted) + "/revue", {"comment": "", "accept": "y"},
                    token_from=final_url(submitted))
    assert response.status_code == 302
    report = db.session.scalars(select(FinalReport)).one()
    assert (report.status, report.reviewed_by_id) == ("accepted", coordinator.id)
    decision = db.session.scalars(select(Decision).where(Decision.application_id == submitted.id)).one()
    assert (decision.action, decision.to_status) == ("accept_final_report", "completed")


def test_corrections_need_a_comment_then_reopen_the_report(client, submitted, coordinator):
    login(client, coordinator)
    url = final_url(submitted) + "/revue"
    response = post(client, url, {"comment": " ", "corrections": "y"}, token_from=final_url(submitted))
    assert response.status_code == 400
    assert "Un commentaire est requis pour demander des corrections." in flashes(response)
    assert db.session.scalars(select(FinalReport)).one().status == "submitted"
    response = post(client, url, {"comment": "Reçus manquants.", "corrections": "y"}, token_from=final_url(submitted))
    assert response.status_code == 302
    report = db.session.scalars(select(FinalReport)).one()
    assert (report.status, report.review_comment) == ("corrections_requested", "Reçus manquants.")
    assert final.receipts_open(submitted)


def test_staff_cannot_review_their_own_final_report(client, submitted, staff):
    login(client, staff)
    response = post(client, final_url(submitted) + "/revue", {"accept": "y"}, token_from=final_url(submitted))
    assert response.status_code == 403


def test_staff_delete_a_receipt_while_the_report_is_a_draft(client, completed, staff, factories):
    line = completed.funding_lines[0]
    doc = factories.confirmed_document(completed, "receipt", funding_line_id=line.id)
    agreement = factories.confirmed_document(completed, "partner_agreement")
    db.session.commit()
    login(client, staff)
    base = final_url(completed) + "/recus"
    assert post(client, f"{base}/{agreement.id}/supprimer", token_from=final_url(completed)).status_code == 404
    doc_id = doc.id  # once the request has deleted it, the expired object can no longer be read
    assert post(client, f"{base}/{doc_id}/supprimer", token_from=final_url(completed)).status_code == 302
    assert db.session.get(Document, doc_id) is None
    assert db.session.get(Document, agreement.id) is not None


def test_submitting_mails_the_coordinators(client, completed, staff, coordinator):
    from tests.reports.conftest import mails_to

    login(client, staff)
    response = post(client, final_url(completed), {**TEXTS, **actual_fields(completed, "600", "400"), "submit": "y"})
    assert response.status_code == 302
    [message] = mails_to(coordinator.email)
    assert message.subject == f"Rapport final soumis : {completed.title}"


def test_the_summary_withholds_the_means_of_a_single_report(client, completed, staff):
    participant = completed.participants[0]
    db.session.add(StayReport(participant_id=participant.id, status="submitted", satisfaction_overall=1))
    db.session.commit()
    login(client, staff)
    page = client.get(final_url(completed)).get_data(as_text=True)
    assert "1 rapport reçu sur 2 participant·e·s." in page
    assert 'id="summary-withheld"' in page and 'id="summary-overall"' not in page


def test_the_receipt_form_states_the_upload_limits_for_the_browser(client, completed, staff):
    login(client, staff)
    html = client.get(final_url(completed)).get_data(as_text=True)
    [form] = file_check_forms(html)
    assert (form["id"], form["data-error-box"], form["data-max-bytes"]) == (
        "receipt-form", "receipt-error-js", str(20 * 1024 * 1024))
    assert form["file-accept"].startswith(".pdf,") and 'id="receipt-error-js"' in html
    assert "/static/upload.js" in html

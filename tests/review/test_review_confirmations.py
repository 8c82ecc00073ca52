"""Every review decision asks for confirmation first: posted without ``confirmed=1`` it changes nothing and answers
428 with what will happen; the approval states the money it commits and what the envelope keeps (hand-computed:
an envelope of 250 000,00 $, lines of 5 000,00 $ and 3 000,00 $ → 8 000,00 $ committed, 242 000,00 $ left)."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from tests.helpers import confirmation_fields
from tests.review.conftest import decide, fresh, state_of, text
from tests.review.test_review_views_actions import decisions, line_ids

COMMITTED = "8\xa0000,00\xa0$ seront engagés ; 242\xa0000,00\xa0$ resteront dans l’enveloppe de l’appel."


@pytest.fixture
def recommended(make_application, factories):
    call = factories.call(envelope_cents=25_000_000, committed_cents=0)
    return make_application("recommended", call=call, lines=(500_000, 300_000))


def test_the_approval_says_what_it_commits_and_what_remains(as_officer, recommended):
    before = state_of(recommended)
    response = decide(as_officer, recommended, "approve-form", "approuver", confirmed=False)
    assert response.status_code == 428
    assert COMMITTED in text(response)
    assert state_of(recommended) == before
    assert fresh(recommended).call.committed_cents == 0


def test_the_approval_counts_the_amounts_typed(as_officer, recommended):
    first = line_ids(recommended)[0]
    response = decide(as_officer, recommended, "approve-form", "approuver", {f"line-{first}": "4 000,00"},
                      confirmed=False)
    assert "7\xa0000,00\xa0$ seront engagés ; 243\xa0000,00\xa0$ resteront" in text(response)
    assert (f"line-{first}", "4 000,00") in confirmation_fields(response)


def test_confirming_approves_once_with_the_same_one_time_key(as_officer, recommended):
    asked = decide(as_officer, recommended, "approve-form", "approuver", confirmed=False)
    fields = MultiDict(confirmation_fields(asked))
    assert fields["confirmed"] == "1" and fields["idempotency_key"]
    for _ in range(2):  # the confirmation sent twice
        as_officer.post(f"/examen/{recommended.id}/approuver", data=fields)
    application = fresh(recommended)
    assert application.status == "approved" and application.call.committed_cents == 800_000
    assert [d.action for d in decisions(application)] == ["approve"]


@pytest.mark.parametrize("status,who,form_id,path,data,says", [
    ("submitted", "coordinator", "recommend-form", "recommander", {},
     "sera recommandée au ministère, avec 8\xa0000,00\xa0$ demandés."),
    ("submitted", "coordinator", "request-changes-form", "demander-des-modifications", {"comment": "Préciser"},
     "retournera au personnel du centre avec votre commentaire"),
    ("submitted", "coordinator", "reject-form", "refuser", {"reason": "Hors programme"}, "sera refusée. C’est définitif."),
    ("recommended", "officer", "send-back-form", "renvoyer", {"comment": "À revoir"},
     "retournera à la coordination avec votre commentaire."),
    ("recommended", "officer", "reject-form", "refuser", {"reason": "Enveloppe épuisée"}, "sera refusée."),
])
def test_no_decision_without_confirmation(request, make_application, factories, status, who, form_id, path, data,
                                          says):
    client = request.getfixturevalue(f"as_{who}")
    application = make_application(status, lines=(500_000, 300_000))
    before = state_of(application)
    response = decide(client, application, form_id, path, data, confirmed=False)
    assert response.status_code == 428
    assert says in text(response) and "Le personnel du centre en sera avisé." in text(response)
    assert state_of(application) == before


def test_the_dialog_gets_the_same_words_without_the_page(as_officer, recommended):
    page = decide(as_officer, recommended, "approve-form", "approuver", confirmed=False)
    fields = MultiDict(confirmation_fields(page))
    fields.pop("confirmed")
    fragment = as_officer.post(f"/examen/{recommended.id}/approuver", data=fields,
                               headers={"X-Confirm-Dialog": "1"})
    assert fragment.status_code == 428
    html = text(fragment)
    assert "<html" not in html and '<h2 class="h4" id="confirm-title">' in html
    assert COMMITTED in html
    assert '<h1 class="h4" id="confirm-title">' in text(page) and "<script>" not in text(page)


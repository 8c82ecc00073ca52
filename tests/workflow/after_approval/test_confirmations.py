"""Money moved after approval is confirmed first: accepting an amendment or cancelling a stay, posted without
``confirmed=1``, changes nothing and says what the envelope will hold (hand-computed: an envelope of 10 000,00 $ holding
1 000,00 $ for the stay; the amendment raises it to 1 300,00 $; the cancellation keeps 250,00 $ of costs)."""
from __future__ import annotations

import html

from flask import current_app

from portal.extensions import db
from portal.workflow import amendments
from tests.helpers import post
from tests.workflow.after_approval.conftest import envelope_of
from tests.workflow.after_approval.test_pages import decision_count, page_key


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def endorsed(application, staff, coordinator):
    first = application.funding_lines[0]
    with current_app.test_request_context():
        amendments.propose(application, staff, start=None, end=None, amounts={first.id: 90_000},
                           reason="Billets plus chers.")
        amendments.endorse(application, coordinator)
    db.session.commit()
    return application


def test_accepting_an_amendment_says_what_it_commits(approved, browser, staff, coordinator, officer, call):
    application = endorsed(approved(), staff, coordinator)
    ministry = browser(officer)
    base = f"/projets/{application.id}"
    response = post(ministry, f"{base}/modification/accepter", {"idempotency_key": page_key(ministry, base),
                                                                "comment": "OK"}, token_from=base)
    assert response.status_code == 428
    assert "300,00\xa0$ seront engagés ; 8\xa0700,00\xa0$ resteront dans l’enveloppe de l’appel." in text(response)
    db.session.refresh(application)
    assert application.status == "amendment_requested" and envelope_of(call).committed_cents == 100_000
    assert decision_count(application, "accept_amendment") == 0


def test_cancelling_says_what_goes_back_to_the_envelope(approved, browser, staff, call):
    application = approved()
    client = browser(staff)
    url = f"/projets/{application.id}/annulation"
    response = post(client, url, {"idempotency_key": page_key(client, url), "reason": "withdrawal",
                                  "comment": "Le groupe ne part plus.", "kept": "250,00"})
    assert response.status_code == 428
    page = text(response)
    assert "750,00\xa0$ retourneront à l’enveloppe de l’appel ; il y restera alors 9\xa0750,00\xa0$." in page
    assert "250,00\xa0$ restent engagés pour les frais déjà engagés." in page
    db.session.refresh(application)
    assert application.status == "approved" and envelope_of(call).committed_cents == 100_000

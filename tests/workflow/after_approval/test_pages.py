"""The pages after approval: staff propose an amendment, the coordinator endorses, the ministry accepts; cancel;
replace a participant. Each POST is checked for its effect, its refusals and a resent form."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Decision, Role
from tests.helpers import post, post_confirmed
from tests.workflow.after_approval.conftest import envelope_of

KEY = re.compile(r'name="idempotency_key"[^>]*value="([^"]+)"')


def page_key(client, url: str) -> str:
    return KEY.search(client.get(url).get_data(as_text=True)).group(1)


def decision_count(application, action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Decision)
                             .where(Decision.application_id == application.id, Decision.action == action))


def test_amendment_proposed_endorsed_and_accepted_through_the_pages(approved, browser, staff, coordinator, officer,
                                                                    call):
    application = approved()
    first = application.funding_lines[0]
    base = f"/projets/{application.id}"
    client = browser(staff)
    key = page_key(client, f"{base}/modification")
    response = post(client, f"{base}/modification", {"idempotency_key": key, "reason": "Billets plus chers.",
                                                     f"line_{first.id}": "900,00"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(application)
    assert application.status == "amendment_requested"

    reviewer = browser(coordinator)
    key = page_key(reviewer, base)
    assert post_confirmed(reviewer, f"{base}/modification/endosser", {"idempotency_key": key, "comment": ""},
                token_from=base).status_code == 302
    ministry = browser(officer)
    key = page_key(ministry, base)
    for _ in range(2):  # the same form sent twice
        assert post_confirmed(ministry, f"{base}/modification/accepter", {"idempotency_key": key, "comment": "OK"},
                    token_from=base).status_code == 302
    assert envelope_of(call).committed_cents == 130_000
    assert decision_count(application, "accept_amendment") == 1


def test_a_bad_amount_is_refused_and_changes_nothing(approved, browser, staff):
    application = approved()
    line = application.funding_lines[0]
    client = browser(staff)
    url = f"/projets/{application.id}/modification"
    response = post(client, url, {"idempotency_key": page_key(client, url), "reason": "x",
                                  f"line_{line.id}": "beaucoup"})
    assert response.status_code == 400
    db.session.refresh(application)
    assert application.status == "approved"


def test_without_csrf_nothing_changes(approved, browser, staff):
    application = approved()
    client = browser(staff)
    url = f"/projets/{application.id}/annulation"
    response = client.post(url, data={"idempotency_key": page_key(client, url), "reason": "withdrawal",
                                      "comment": "x"})
    assert response.status_code in (400, 422)
    db.session.refresh(application)
    assert application.status == "approved"


def test_cancel_page_releases_the_money(approved, browser, staff, call):
    application = approved()
    client = browser(staff)
    url = f"/projets/{application.id}/annulation"
    response = post_confirmed(client, url, {"idempotency_key": page_key(client, url), "reason": "withdrawal",
                                  "comment": "Le groupe ne part plus.", "kept": "250,00"})
    assert response.status_code == 302
    summary = envelope_of(call)
    assert (summary.committed_cents, summary.released_cents) == (25_000, 75_000)


def test_staff_of_another_centre_get_404(approved, browser, factories):
    application = approved()
    client = browser(factories.user(Role.STAFF))
    assert client.get(f"/projets/{application.id}/annulation").status_code == 404
    assert client.get(f"/projets/{application.id}/modification").status_code == 404


def test_replace_page(approved, browser, staff):
    application = approved()
    leaving = application.participants[0]
    client = browser(staff)
    url = f"/projets/{application.id}/participants/{leaving.id}/remplacer"
    response = post(client, url, {"idempotency_key": page_key(client, url), "first_name": "Léa",
                                  "last_name": "Tremblay", "birth_date": "2000-05-01", "kind": "student",
                                  "locale": "fr", "consent": "y", "reason": "Malade."})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.refresh(application)
    assert [p.full_name for p in application.participants] == ["Léa Tremblay"]


def test_the_application_page_offers_the_steps(approved, browser, staff):
    application = approved()
    html = browser(staff).get(f"/projets/{application.id}").get_data(as_text=True)
    assert 'id="amendment-link"' in html and 'id="cancel-link"' in html and 'id="replace-links"' in html

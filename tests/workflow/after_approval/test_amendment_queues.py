"""The reviewers' queues and homes list the amendments waiting for their decision (coordinator: proposed; ministry:
endorsed), as links to where they decide; the list is keyset-paginated in a constant number of queries."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.review import queries
from portal.workflow import amendments

PROPOSE_REASON = "Le partenaire a déplacé le stage."


def propose(application, staff, cents=90_000):
    amendments.propose(application, staff, start=None, end=None, amounts={application.funding_lines[0].id: cents},
                       reason=PROPOSE_REASON)


def listed(html: str, table_id: str = "amendments-waiting") -> list[int]:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    return [int(found) for found in re.findall(r'class="amendment-row" data-id="(\d+)"', match.group(0))] if match else []


@pytest.fixture
def waiting(app, approved, staff, coordinator):
    """Three approved applications: one proposed (coordinator's turn), one endorsed (ministry's), one untouched."""
    with app.test_request_context():
        proposed, endorsed, untouched = approved(title="Proposée"), approved(title="Endossée"), approved()
        propose(proposed, staff)
        propose(endorsed, staff, cents=30_000)
        amendments.endorse(endorsed, coordinator, "D'accord.")
    db.session.commit()
    return proposed, endorsed, untouched


def test_the_coordinator_queue_lists_the_proposed_amendment_with_a_link_to_decide(browser, coordinator, waiting):
    proposed, endorsed, _untouched = waiting
    html = browser(coordinator).get("/examen/").get_data(as_text=True)
    assert listed(html) == [proposed.id]
    assert f'href="/projets/{proposed.id}#after-approval"' in html


def test_the_ministry_queue_lists_the_endorsed_amendment(browser, officer, waiting):
    _proposed, endorsed, _untouched = waiting
    html = browser(officer).get("/examen/ministere").get_data(as_text=True)
    assert listed(html) == [endorsed.id]
    # the first line goes from 600,00 $ to 300,00 $: the ministry sees the 300,00 $ released
    assert re.search(r"[−-]\s?300,00", html.replace("\u00a0", " "))


def test_the_homes_show_the_amendments_to_decide(browser, coordinator, officer, waiting):
    proposed, endorsed, _untouched = waiting
    coordinator_home = browser(coordinator).get("/accueil").get_data(as_text=True)
    ministry_home = browser(officer).get("/accueil").get_data(as_text=True)
    card = re.compile(r'id="todo-amendments".*?</section>', re.S)
    assert f"/projets/{proposed.id}#after-approval" in card.search(coordinator_home).group(0)
    assert f"/projets/{endorsed.id}#after-approval" not in card.search(coordinator_home).group(0)
    assert f"/projets/{endorsed.id}#after-approval" in card.search(ministry_home).group(0)


def test_a_decided_amendment_leaves_the_list(app, browser, coordinator, waiting):
    proposed, _endorsed, _untouched = waiting
    with app.test_request_context():
        amendments.endorse(proposed, coordinator, "Oui.")
    db.session.commit()
    assert listed(browser(coordinator).get("/examen/modifications").get_data(as_text=True)) == []


def test_the_amendments_page_is_keyset_paginated_oldest_first(app, approved, staff, browser, coordinator):
    with app.test_request_context():
        ids = []
        for number in range(5):
            application = approved(title=f"Modif {number}")
            propose(application, staff)
            ids.append(application.id)
    db.session.commit()
    first = queries.amendments_page("coordinator", per_page=2)
    second = queries.amendments_page("coordinator", first.next_cursor, per_page=2)
    third = queries.amendments_page("coordinator", second.next_cursor, per_page=2)
    assert [[a.application_id for a in page.items] for page in (first, second, third)] == [ids[:2], ids[2:4], ids[4:]]
    assert first.total == 5 and third.next_cursor is None
    back = queries.amendments_page("coordinator", second.prev_cursor, per_page=2)
    assert [a.application_id for a in back.items] == ids[:2]


def test_a_tampered_cursor_is_a_clear_400(browser, coordinator, waiting):
    assert browser(coordinator).get("/examen/modifications?cursor=not-a-cursor").status_code == 400


def test_other_roles_cannot_see_the_list(browser, staff, waiting):
    assert browser(staff).get("/examen/modifications").status_code == 403


def count_queries(client, url: str) -> int:
    statements = []
    engine = db.session.get_bind().engine

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_amendments_page_costs_the_same_queries_for_1_or_12_rows(app, approved, staff, browser, coordinator):
    client = browser(coordinator)
    small = (10_000, 10_000)  # twelve approvals within the 10 000,00 $ envelope
    with app.test_request_context():
        propose(approved(lines=small), staff, cents=5_000)
    db.session.commit()
    one = count_queries(client, "/examen/modifications")
    with app.test_request_context():
        for _ in range(11):
            propose(approved(lines=small), staff, cents=5_000)
    db.session.commit()
    assert count_queries(client, "/examen/modifications") == one

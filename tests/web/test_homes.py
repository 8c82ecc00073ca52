"""Each role's home says what to do next: counters link to the filtered list, items link to the page to act on,
and the page costs the same few queries however many applications there are."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import joinedload

from portal.demo.seed import seed_demo_content
from portal.extensions import db
from portal.models import Application
from tests.helpers import login


@pytest.fixture
def demo(app):
    accounts = seed_demo_content()
    db.session.flush()
    return {role: (email, password) for role, email, password in accounts}


def home_of(app, demo, role: str) -> str:
    from portal.models import User

    client = app.test_client()
    email, password = demo[role]
    login(client, db.session.scalar(select(User).where(User.email == email)), password)
    response = client.get("/accueil")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, key: str) -> str:
    match = re.search(rf'<section[^>]*id="todo-{key}".*?</section>', html, re.S)
    assert match, f"no to-do section {key}"
    return match.group(0)


def application_id(title: str) -> int:
    return db.session.scalar(select(Application.id).where(Application.title == title))


@pytest.mark.parametrize("key,title,link", [
    ("drafts", "Stage en mécanique automobile à Lyon (démo)", "/projets/{id}"),
    ("changes_requested", "Stage en coiffure à Manchester (démo)", "/projets/{id}"),
    ("to_start", "Stage en pâtisserie à Lyon (démo)", "/projets/{id}"),
    ("to_complete", "Stage en charpenterie à Stuttgart (démo)", "/projets/{id}"),
])
def test_staff_home_lists_each_kind_of_work_as_links(app, demo, key, title, link):
    html = section(home_of(app, demo, "staff"), key)
    assert f'href="{link.format(id=application_id(title))}"' in html
    assert title in html


def test_staff_counters_link_to_the_filtered_list(app, demo):
    html = section(home_of(app, demo, "staff"), "to_start")
    assert 'href="/projets/?status=approved"' in html
    assert re.search(r'class="todo-count">1<', html)


def test_the_filtered_list_shows_only_that_status(app, demo, client):
    from portal.models import User

    email, password = demo["staff"]
    login(client, db.session.scalar(select(User).where(User.email == email)), password)
    html = client.get("/projets/?status=approved").get_data(as_text=True)
    assert "Stage en pâtisserie à Lyon (démo)" in html
    assert "Stage en coiffure à Manchester (démo)" not in html


def test_coordinator_home_has_review_pairing_answers_and_final_reports(app, demo):
    html = home_of(app, demo, "coordinator")
    assert "Stage en soudage à Stuttgart (démo)" in section(html, "to_analyse")
    assert "/partenaires/jumelage/" in section(html, "to_pair")
    assert "Nous accueillerons" not in html  # the partner's answer is read on the pairing page
    assert "Stage en électromécanique à Puebla (démo)" in section(html, "partner_answers")
    finals = section(html, "final_reports")
    assert f'/projet/{application_id("Stage en électricité à Puebla (démo)")}/rapport-final' in finals


def test_ministry_home_lists_what_to_decide_and_the_envelope(app, demo):
    html = home_of(app, demo, "ministry")
    assert "Stage en électromécanique à Puebla (démo)" in section(html, "to_decide")
    assert 'id="envelopes"' in html and "250\u00a0000,00\u00a0$" in html


def test_participant_home_has_a_report_to_file_and_past_stays(app, demo):
    html = home_of(app, demo, "participant")
    assert 'id="my-reports"' in html
    assert "Stage en horticulture à Lyon (démo)" in re.search(r'id="past-stays".*?</ul>', html, re.S).group(0)


@pytest.mark.parametrize("role", ["staff", "coordinator", "ministry", "participant"])
def test_home_queries_do_not_grow_with_the_number_of_applications(app, demo, factories, role):
    def queries() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            home_of(app, demo, role)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    before = queries()
    draft = db.session.scalar(select(Application).where(Application.status == "draft")
                              .options(joinedload(Application.organisation), joinedload(Application.call)))
    for status in ("draft", "submitted", "approved", "recommended", "completed", "in_progress") * 3:
        factories.application(draft.organisation, draft.call, status=status, submitted_at=draft.created_at)
    db.session.flush()
    assert queries() == before


def test_coordinator_counts_by_status_are_those_of_the_applications(app, demo, factories):
    from sqlalchemy import func

    from portal.web import dashboards

    draft = db.session.scalar(select(Application).where(Application.status == "draft")
                              .options(joinedload(Application.organisation), joinedload(Application.call)))
    for status in ("changes_requested", "closed", "submitted", "withdrawn"):
        factories.application(draft.organisation, draft.call, status=status)
    moved = factories.application(draft.organisation, draft.call, status="submitted")
    moved.status = "recommended"
    db.session.flush()
    direct = dict(db.session.execute(select(Application.status, func.count()).group_by(Application.status)).all())
    counts = dashboards.all_status_counts()
    assert list(counts) == [str(s) for s in dashboards.COORDINATOR_STATUSES]
    assert counts == {status: direct.get(status, 0) for status in counts}
    assert counts["changes_requested"] >= 1 and counts["recommended"] >= 1
    html = home_of(app, demo, "coordinator")
    assert f'status=changes_requested"><span class="status-count">{counts["changes_requested"]}<' in html


def test_coordinator_counters_stop_at_the_cap_and_say_so(app, demo, factories, monkeypatch):
    from portal.models import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    draft = db.session.scalar(select(Application).where(Application.status == "draft")
                              .options(joinedload(Application.organisation), joinedload(Application.call)))
    for _ in range(3):
        factories.application(draft.organisation, draft.call, status="submitted", submitted_at=draft.created_at)
    html = section(home_of(app, demo, "coordinator"), "to_analyse")
    assert '<span class="todo-count">2+</span>' in html
    assert "(2+)" in html

"""The queues and the review page through HTTP: filters, envelope panels, snapshot, diff, budget, participants."""
from __future__ import annotations

import re
from datetime import timedelta

from portal.extensions import db
from portal.workflow import snapshots
from tests.helpers import post
from tests.review.conftest import decide, fresh, review_page, text


def row_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="queue-row-(\d+)"', html)]


def test_queue_lists_submitted_applications_oldest_first(as_coordinator, make_application):
    old = make_application("submitted", days_ago=9)
    new = make_application("submitted", days_ago=2)
    make_application("recommended")
    response = as_coordinator.get("/examen/")
    assert response.status_code == 200
    assert row_ids(response.get_data(as_text=True)) == [old.id, new.id]


def test_queue_filters_and_sorting_in_the_query_string(as_coordinator, make_application, factories):
    montreal = factories.centre(region_code="06", in_cmm=True)
    inside = make_application("submitted", centre_org=montreal, lines=(10_000,))
    outside_small = make_application("submitted", lines=(20_000,))
    outside_big = make_application("submitted", lines=(90_000,))
    html = as_coordinator.get("/examen/?cmm=out&sort=amount&order=desc").get_data(as_text=True)
    assert row_ids(html) == [outside_big.id, outside_small.id]
    html = as_coordinator.get("/examen/?cmm=in").get_data(as_text=True)
    assert row_ids(html) == [inside.id]


def test_invalid_filters_are_explained_in_french(as_coordinator, make_application):
    make_application("submitted")
    response = as_coordinator.get("/examen/?min_age=10&max_age=2")
    assert response.status_code == 400
    assert "L'ancienneté maximale ne peut pas être inférieure à l'ancienneté minimale." in text(response)


def test_queue_pages_keep_the_filters(as_coordinator, make_application, monkeypatch):
    from portal.review import queries

    monkeypatch.setattr(queries, "PER_PAGE", 2)
    made = [make_application("submitted", days_ago=10 - n) for n in range(3)]
    html = as_coordinator.get("/examen/?status=submitted").get_data(as_text=True)
    assert row_ids(html) == [made[0].id, made[1].id]
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "status=submitted" in link and "cursor=" in link and 'rel="prev"' not in html
    html = as_coordinator.get(link).get_data(as_text=True)
    assert row_ids(html) == [made[2].id] and 'rel="prev"' in html and 'rel="next"' not in html


def test_a_forged_cursor_is_a_400_not_a_500(as_coordinator, make_application):
    make_application("submitted")
    assert as_coordinator.get("/examen/?cursor=bm9wZQ").status_code == 400


def test_ministry_queue_shows_each_calls_envelope(as_officer, make_application, factories):
    call = factories.call(envelope_cents=1_000_000, committed_cents=250_000)
    application = make_application("recommended", call=call, lines=(100_000, 20_000))
    html = text(as_officer.get("/examen/ministere"))
    assert f'id="recommended-{application.id}"' in html
    panel = html[html.index(f'id="envelope-{call.id}"'):]
    panel = panel[:panel.index("</dl>")]
    for figure in ("10\xa0000,00\xa0$", "2\xa0500,00\xa0$", "7\xa0500,00\xa0$", "1\xa0200,00\xa0$", "6\xa0300,00\xa0$"):
        assert figure in panel


def test_envelope_panel_figures_move_with_an_approval(as_officer, make_application, factories):
    call = factories.call(envelope_cents=500_000, committed_cents=0)
    application = make_application("recommended", call=call, lines=(60_000, 40_000))
    decide(as_officer, application, "approve-form", "approuver")
    html = text(as_officer.get(f"/examen/{application.id}"))
    panel = html[html.index('id="envelope"'):]
    panel = panel[:panel.index("</dl>")]
    committed = re.search(r'envelope-committed">([^<]*)<', panel).group(1)
    remaining = re.search(r'envelope-remaining">([^<]*)<', panel).group(1)
    assert (committed, remaining) == ("1\xa0000,00\xa0$", "4\xa0000,00\xa0$")


def test_review_page_shows_the_frozen_snapshot_not_the_live_data(as_coordinator, make_application):
    application = make_application("submitted", objectives="Objectifs soumis")
    application.objectives = "Objectifs modifiés après coup"
    db.session.commit()
    html = review_page(as_coordinator, application)
    assert "Objectifs soumis" in html and "Objectifs modifiés après coup" not in html


def test_review_page_shows_the_changes_since_the_previous_snapshot(as_coordinator, make_application, factories):
    application = make_application("submitted", destination_city="Lyon")
    application.destination_city = "Marseille"
    factories.participant(application, first_name="Léa", last_name="Nouvelle")
    snapshots.take(application)
    db.session.commit()
    html = text(as_coordinator.get(f"/examen/{application.id}"))
    changes = html[html.index('id="snapshot-changes"'):]
    assert "Modifications depuis la version 1" in html
    assert "Lyon" in changes and "Marseille" in changes
    assert "Léa Nouvelle" in changes and "Ajouté" in changes


def test_budget_lines_explain_themselves_in_the_readers_language(app, as_coordinator, make_application):
    application = make_application("submitted")
    assert "Ligne 0 en français" in review_page(as_coordinator, application)
    post(as_coordinator, "/langue/en", {"next": "/"}, token_from="/accueil")
    assert "Line 0 in English" in review_page(as_coordinator, application)


def test_inclusion_needs_are_for_coordinators_only(as_coordinator, as_officer, make_application, factories):
    application = make_application("recommended", snapshot=False)
    factories.participant(application, inclusion_needs="Fauteuil roulant")
    snapshots.take(application)
    db.session.commit()
    coordinator_page = review_page(as_coordinator, application)
    # Coordinators read them on their own page, with a reason recorded each time (tests/privacy).
    assert "Fauteuil roulant" not in coordinator_page and "/confidentialite/besoins/" in coordinator_page
    officer_page = review_page(as_officer, application)
    assert "Fauteuil roulant" not in officer_page
    assert "Renseigné" in officer_page and "/confidentialite/besoins/" not in officer_page


def test_decision_history_is_listed(as_coordinator, make_application):
    application = make_application("submitted")
    decide(as_coordinator, application, "request-changes-form", "demander-des-modifications",
           {"comment": "Préciser les activités"})
    html = text(as_coordinator.get(f"/examen/{fresh(application).id}"))
    history = html[html.index('id="decisions"'):]
    assert "Préciser les activités" in history and "Modifications demandées" in history


def test_changed_amounts_and_dates_are_shown_formatted(as_coordinator, make_application):
    application = make_application("submitted")
    application.funding_lines[0].requested_cents = 55_000
    application.end_date = application.end_date - timedelta(days=1)
    snapshots.take(application)
    db.session.commit()
    html = text(as_coordinator.get(f"/examen/{application.id}"))
    changes = html[html.index('id="snapshot-changes"'):]
    changes = changes[:changes.index("</table>")]
    assert "600,00\xa0$" in changes and "550,00\xa0$" in changes
    assert application.end_date.isoformat() not in changes

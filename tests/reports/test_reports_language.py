"""The participant's report form in French or English, the choice remembered on the participant: the next visit
(any browser) and the reminders use it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Participant, Role
from portal.reports import invitations
from tests.helpers import fresh_client, login, page_language, post
from tests.reports.test_reports_links import link_of, path_of
from tests.reports.test_reports_reminders import INVITED, reminders_to, run_at


@pytest.fixture
def invited(app, make_stay):
    """A completed stay whose two participants (one French, one English) got their link on INVITED."""
    application = make_stay(status="completed")
    with app.test_request_context():
        invitations.invite_all(application, at=INVITED)
    db.session.commit()
    return application


def _french(application) -> Participant:
    return next(p for p in application.participants if p.locale == "fr")


def test_the_form_offers_the_other_language_and_remembers_the_choice(app, client, invited):
    participant = _french(invited)
    url = path_of(link_of(participant))
    page = client.get(url)
    assert page_language(page) == "fr"
    assert f'action="{url}/langue"' in page.get_data(as_text=True)
    response = post(client, f"{url}/langue", {"lang": "en"}, token_from=url)
    assert (response.status_code, response.headers["Location"]) == (303, url)
    db.session.refresh(participant)
    assert participant.locale == "en"
    elsewhere = fresh_client(app)  # the next visit, from another browser
    assert "Submit my report" in elsewhere.get(url).get_data(as_text=True)


def test_a_new_browser_opens_the_link_in_the_remembered_language(app, invited):
    participant = _french(invited)
    participant.locale = "en"  # chosen on an earlier visit
    db.session.commit()
    assert page_language(fresh_client(app).get(path_of(link_of(participant)))) == "en"


def test_the_language_chosen_in_this_browser_is_shown_but_only_the_form_button_remembers_it(client, invited):
    participant = _french(invited)
    url = path_of(link_of(participant))
    post(client, "/langue/en", {"next": url}, token_from=url)  # e.g. chosen on the login page
    assert page_language(client.get(url)) == "en"
    db.session.refresh(participant)
    assert participant.locale == "fr"


def test_reminders_follow_the_chosen_language(app, client, invited):
    participant = _french(invited)
    url = path_of(link_of(participant))
    assert post(client, f"{url}/langue", {"lang": "en"}, token_from=url).status_code == 303
    run_at(app, INVITED + timedelta(days=7))
    [reminder] = reminders_to(participant)
    assert reminder.subject.startswith("Reminder: your report") and reminder.locale == "en"


@pytest.mark.parametrize("lang", ["es", "xx", ""])
def test_another_language_is_refused_and_changes_nothing(client, invited, lang):
    participant = _french(invited)
    url = path_of(link_of(participant))
    response = post(client, f"{url}/langue", {"lang": lang}, token_from=url)
    assert response.status_code == 400
    db.session.refresh(participant)
    assert participant.locale == "fr"


def test_the_language_button_needs_the_csrf_token(client, invited):
    participant = _french(invited)
    url = path_of(link_of(participant))
    assert client.post(f"{url}/langue", data={"lang": "en"}).status_code == 400
    db.session.refresh(participant)
    assert participant.locale == "fr"


def test_a_forged_link_cannot_change_a_language(client, invited):
    first, second = invited.participants
    token = path_of(link_of(first)).rsplit("/", 1)[1]
    forged = f"/rapports/lien/{invited.id}/{second.id}/{token}/langue"
    assert post(client, forged, {"lang": "fr"}, token_from="/compte/connexion").status_code == 404
    db.session.refresh(second)
    assert second.locale == "en"


def test_a_logged_in_participant_chooses_the_language_of_the_form(client, factories, invited):
    participant = _french(invited)
    user = factories.user(Role.PARTICIPANT, email=participant.email)
    participant.user_id = user.id
    db.session.commit()
    login(client, user)
    page = f"/rapports/mes-rapports/{participant.id}"
    assert post(client, f"{page}/langue", {"lang": "en"}, token_from=page).status_code == 303
    db.session.refresh(participant)
    assert participant.locale == "en"
    assert page_language(client.get(page)) == "en"


def test_another_participant_cannot_change_my_language(client, factories, invited):
    participant = _french(invited)
    login(client, factories.user(Role.PARTICIPANT))
    page = f"/rapports/mes-rapports/{participant.id}/langue"
    assert post(client, page, {"lang": "en"}, token_from="/accueil").status_code == 404

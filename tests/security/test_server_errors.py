"""Issue 12, server errors: each input that crashed the server is now a clear 4xx that changes nothing."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from portal.extensions import db
from portal.funding import budgets
from portal.models import User
from tests.funding.budgets.conftest import project, quebec_centre, rated_call  # noqa: F401  (fixtures)
from tests.helpers import csrf_token, fresh_client, login, post

NEW_PASSWORD = "a brand new passphrase 42"


def is_logged_in(browser) -> bool:
    return browser.get("/accueil").status_code == 200


# --- password change ----------------------------------------------------------------------------------------------

def test_a_password_change_without_a_chosen_language_keeps_this_session_and_ends_the_others(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    here, elsewhere = fresh_client(app), fresh_client(app)
    login(here, user)
    login(elsewhere, user)
    response = post(here, "/compte/mot-de-passe", {"current_password": "correct horse battery staple",
                                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(elsewhere)


def test_the_changed_password_is_the_one_that_logs_in(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    browser = fresh_client(app)
    login(browser, user)
    post(browser, "/compte/mot-de-passe", {"current_password": "correct horse battery staple",
                                           "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    db.session.expire_all()
    assert login(fresh_client(app), db.session.get(User, user.id), NEW_PASSWORD)


# --- integers in URLs and money -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/projets/99999999999999999999999", "/projets/2147483648/budget",
                                  "/examen/99999999999999999999999", "/rapports/projet/99999999999999999999/rapport-final"])
def test_a_huge_integer_in_a_url_is_a_404(app, factories, path):
    browser = fresh_client(app)
    login(browser, factories.user("admin"))
    assert browser.get(path).status_code == 404


@pytest.fixture
def staff_browser(app, factories, quebec_centre):  # noqa: F811
    browser = fresh_client(app)
    login(browser, factories.user("staff", organisation=quebec_centre))
    return browser


def test_a_20_digit_requested_amount_with_a_justification_is_refused_with_a_message(project, staff_browser):  # noqa: F811
    budgets.recompute(project)
    lodging = project.funding_lines[1]
    before = lodging.requested_cents
    response = post(staff_browser, f"/projets/{project.id}/budget",
                    {"action": "save", f"requested-{lodging.id}": "12345678901234567890",
                     "justification": "Hébergement imposé"})
    assert response.status_code == 422
    assert "too large" in response.get_data(as_text=True) or "trop élevé" in response.get_data(as_text=True)
    db.session.refresh(lodging)
    assert lodging.requested_cents == before


def test_the_reason_for_more_than_the_cap_is_shown_again(project, staff_browser):  # noqa: F811
    """Asking above the cap is an exception request whose saved reason stays on the budget page (issue 12 asked that
    the saved justification come back on reload; issue 13 made that justification an exception request)."""
    budgets.recompute(project)
    db.session.commit()
    assert post(staff_browser, f"/projets/{project.id}/exception",
                {"amount": "500,00", "reason": "Hébergement imposé par l'entreprise"},
                token_from=f"/projets/{project.id}/budget").status_code == 302
    html = staff_browser.get(f"/projets/{project.id}/budget").get_data(as_text=True)
    assert "Hébergement imposé par l&#39;entreprise" in html


def test_a_20_digit_actual_cost_is_refused_with_a_message(app, factories):
    centre = factories.centre()
    staff = factories.user("staff", organisation=centre)
    application = factories.application(centre_org=centre, created_by=staff, status="completed")
    line = factories.budget_line(application, computed_cents=50_000, requested_cents=50_000, approved_cents=50_000)
    db.session.commit()
    browser = fresh_client(app)
    login(browser, staff)
    url = f"/rapports/projet/{application.id}/rapport-final"
    response = post(browser, url, {"outcomes": "Bien.", "reciprocal_visit_status": "Prévue.",
                                   "overrun_justification": "", f"actual-{line.id}": "99999999999999999999",
                                   "save": "y"})
    assert response.status_code == 400
    db.session.refresh(line)
    assert line.actual_cents is None


# --- redirects --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/accueil\r\nSet-Cookie: x=1", "/a\nb", "/\tx", "/\\evil.example", "/a\x7fb"])
def test_a_language_switch_with_control_characters_in_next_goes_home(client, target):
    response = post(client, "/langue/en", {"next": target}, token_from="/compte/connexion")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/accueil"
    assert "Set-Cookie: x" not in str(response.headers)


def test_a_login_with_control_characters_in_next_goes_home(app, factories):
    user = factories.user("staff", organisation=factories.centre())
    browser = fresh_client(app)
    url = "/compte/connexion?next=" + quote("/projets\r\nLocation: https://evil.example", safe="")
    response = browser.post(url, data={"email": user.email, "password": "correct horse battery staple",
                                       "csrf_token": csrf_token(browser)})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/accueil"


def test_a_password_reset_redirects_without_the_email_in_the_url(app, factories):
    from datetime import timedelta

    from portal.accounts import operations as accounts
    from portal.models import TokenPurpose

    user = factories.user("staff", organisation=factories.centre())
    raw = accounts.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    db.session.commit()
    browser = fresh_client(app)
    response = post(browser, f"/compte/reinitialiser/{raw}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "@" not in response.headers["Location"] and "email" not in response.headers["Location"]

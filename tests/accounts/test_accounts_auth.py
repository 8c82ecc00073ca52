"""Accounts through the browser: log-in, log-out, password change and reset, invitations, CSRF, redirects.

Pages are asked for in English (the session's language choice), so the assertions on texts hold whatever the state
of the French catalogue; the French versions are tested in test_foundation_web.py.
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from portal.accounts import operations as accounts
from portal.accounts.passwords import verify_password
from portal.core.clock import utcnow
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.models import AuthToken, TokenPurpose, User
from tests.factories import PASSWORD
from tests.helpers import (
    choose_language,
    flashes,
    fresh_client,
    login,
    mail_links,
    mail_subject,
    mail_text,
    page_language,
    post,
)

NEW_PASSWORD = "a brand new passphrase 42"
LOGIN = "/compte/connexion"
LOGOUT = "/compte/deconnexion"
HOME = "/accueil"
CHANGE = "/compte/mot-de-passe"
FORGOT = "/compte/mot-de-passe-oublie"
INVITE = "/admin/invitations"
WRONG_CREDENTIALS = "Incorrect e-mail address or password."


def english_browser(app):
    """A browser of its own, in English."""
    browser = fresh_client(app)
    choose_language(browser, "en")
    return browser


@pytest.fixture
def client(app):
    return english_browser(app)


@pytest.fixture
def second_browser(app):
    return english_browser(app)


def is_logged_in(browser) -> bool:
    response = browser.get(HOME)
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path == LOGIN
        return False
    assert response.status_code == 200
    return True


def try_login(browser, email: str, password: str, next_url: str | None = None):
    url = LOGIN + (f"?next={quote(next_url, safe='')}" if next_url is not None else "")
    return post(browser, url, {"email": email, "password": password})


def redirect_path(response) -> str:
    assert response.status_code == 302, response.status_code
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "portail.test"), response.headers["Location"]
    return location.path


def user_count(email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.email) == email.lower()))


def invalid_link_page(response) -> bool:
    """The "invalid link" page (in any language): a 404 offering a new link, without a password form."""
    html = response.get_data(as_text=True)
    return response.status_code == 404 and f'href="{FORGOT}"' in html and 'name="password"' not in html


# Log-in --------------------------------------------------------------------------------------------------------

def test_login_with_correct_password_redirects_home_and_opens_a_session(client, factories):
    user = factories.user("staff")
    response = try_login(client, user.email, PASSWORD)
    assert redirect_path(response) == HOME
    assert is_logged_in(client)


def test_login_records_the_time(client, factories):
    user = factories.user("coordinator")
    assert user.last_login_at is None
    login(client, user)
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_login_ignores_the_case_of_the_email_address(client, factories):
    factories.user("coordinator", email="camille.case@example.com")
    assert redirect_path(try_login(client, "  Camille.CASE@example.com ", PASSWORD)) == HOME


def test_login_with_wrong_password_is_refused(client, factories):
    user = factories.user("staff")
    response = try_login(client, user.email, "not the right password")
    assert response.status_code == 200
    assert flashes(response) == [WRONG_CREDENTIALS]
    assert not is_logged_in(client)


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, factories):
    user = factories.user("staff")
    wrong_password = flashes(try_login(client, user.email, "not the right password"))
    unknown_email = flashes(try_login(client, "nobody@example.com", PASSWORD))
    assert unknown_email == wrong_password == [WRONG_CREDENTIALS]
    assert not is_logged_in(client)


def test_inactive_user_cannot_log_in(client, factories):
    user = factories.user("coordinator", active=False)
    response = try_login(client, user.email, PASSWORD)
    assert flashes(response) == [WRONG_CREDENTIALS]
    assert not is_logged_in(client)


def test_deactivating_a_user_ends_the_open_session(client, factories):
    user = factories.user("coordinator")
    login(client, user)
    user.active = False
    db.session.flush()
    assert not is_logged_in(client)


def test_invited_user_without_password_cannot_log_in(client, factories):
    user = factories.user("coordinator", password=None)
    for password in ("", PASSWORD):
        response = try_login(client, user.email, password)
        assert response.status_code == 200
    assert not is_logged_in(client)


def test_logged_in_user_visiting_login_page_goes_home(client, factories):
    login(client, factories.user("staff"))
    assert redirect_path(client.get(LOGIN)) == HOME


def test_pages_need_a_login(client):
    response = client.get(HOME)
    assert redirect_path(response) == LOGIN
    assert "next=%2Faccueil" in response.headers["Location"]


# Log-out -------------------------------------------------------------------------------------------------------

def test_logout_ends_the_session(client, factories):
    login(client, factories.user("staff"))
    response = post(client, LOGOUT, token_from=HOME)
    assert redirect_path(response) == LOGIN
    assert not is_logged_in(client)


def test_logout_needs_a_post(client, factories):
    login(client, factories.user("staff"))
    assert client.get(LOGOUT).status_code == 405
    assert is_logged_in(client)


def test_a_copied_session_cookie_works_before_logout(app, client, factories):
    """Control for the next test: a session cookie replayed in another browser is a valid session."""
    login(client, factories.user("staff"))
    cookie = client.get_cookie("session", domain="portail.test")
    thief = fresh_client(app)
    thief.set_cookie("session", cookie.value, domain="portail.test")
    assert is_logged_in(thief)


def test_a_session_cookie_replayed_after_logout_is_refused(app, client, factories):
    login(client, factories.user("staff"))
    cookie = client.get_cookie("session", domain="portail.test")
    assert cookie is not None
    post(client, LOGOUT, token_from=HOME)
    thief = fresh_client(app)
    thief.set_cookie("session", cookie.value, domain="portail.test")
    assert not is_logged_in(thief)


# Password change -----------------------------------------------------------------------------------------------

def change_password(browser, current: str, new: str = NEW_PASSWORD, confirm: str | None = None):
    return post(browser, CHANGE, {"current_password": current, "password": new, "confirm": confirm or new})


def test_password_change_with_wrong_current_password_changes_nothing(client, factories):
    user = factories.user("coordinator")
    login(client, user)
    before = user.password_hash
    response = change_password(client, "not my password at all")
    assert response.status_code == 200
    assert "The current password is incorrect." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before
    assert is_logged_in(client)


def test_password_change_refuses_a_short_new_password(client, factories):
    user = factories.user("coordinator")
    login(client, user)
    before = user.password_hash
    response = change_password(client, PASSWORD, new="short")
    assert response.status_code == 200
    assert "at least 12 characters" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before


def test_password_change_refuses_a_different_confirmation(client, factories):
    user = factories.user("coordinator")
    login(client, user)
    before = user.password_hash
    response = change_password(client, PASSWORD, confirm=NEW_PASSWORD + "x")
    assert "The two passwords differ." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before


def test_password_change_sets_the_new_password(app, client, factories):
    user = factories.user("coordinator")
    login(client, user)
    response = change_password(client, PASSWORD)
    assert redirect_path(response) == HOME
    assert is_logged_in(client)  # this session goes on
    assert flashes(try_login(english_browser(app), user.email, PASSWORD)) == [WRONG_CREDENTIALS]
    assert redirect_path(try_login(english_browser(app), user.email, NEW_PASSWORD)) == HOME


def test_password_change_ends_the_other_sessions(client, second_browser, factories):
    user = factories.user("coordinator")
    login(client, user)
    login(second_browser, user)
    assert is_logged_in(second_browser)
    change_password(client, PASSWORD)
    assert is_logged_in(client)
    assert not is_logged_in(second_browser)


# Password reset ------------------------------------------------------------------------------------------------

def ask_reset(browser, email: str):
    return post(browser, FORGOT, {"email": email}, follow_redirects=True)


def reset_link(inbox, email: str) -> str:
    messages = inbox.to(email)
    assert len(messages) == 1, [m["Subject"] for m in inbox.messages]
    links = [link for link in mail_links(messages[0]) if "/compte/reinitialiser/" in link]
    assert len(links) == 1, mail_text(messages[0])
    return urlsplit(links[0]).path


def set_new_password(browser, path: str, password: str = NEW_PASSWORD):
    return post(browser, path, {"password": password, "confirm": password}, token_from=LOGIN)


def test_reset_for_a_known_address_sends_exactly_one_mail_with_a_link(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    assert len(inbox.messages) == 1
    assert reset_link(inbox, user.email).startswith("/compte/reinitialiser/")


def test_reset_mail_is_written_in_the_users_language(client, factories, inbox):
    english = factories.user("coordinator", locale="en", name="Alex English")
    french = factories.user("coordinator", locale="fr", name="Camille Français")
    ask_reset(client, english.email)
    ask_reset(client, french.email)
    (to_english,) = inbox.to(english.email)
    (to_french,) = inbox.to(french.email)
    assert mail_subject(to_english) == "Reset your password"
    assert mail_text(to_english).startswith("Hello Alex English,")
    assert mail_subject(to_french) == "Réinitialisation de votre mot de passe"
    assert mail_text(to_french).startswith("Bonjour Camille Français,")


def test_reset_mail_declares_its_language(client, factories, inbox):
    user = factories.user("coordinator", locale="en")
    ask_reset(client, user.email)
    (message,) = inbox.to(user.email)
    assert message["Content-Language"] == "en"


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, factories, inbox):
    user = factories.user("coordinator")
    known = flashes(ask_reset(client, user.email))
    inbox.clear()
    unknown = flashes(ask_reset(client, "nobody@example.com"))
    assert unknown == known
    assert len(known) == 1 and "If an account exists" in known[0]
    assert inbox.messages == []


def test_reset_for_an_inactive_account_sends_nothing(client, factories, inbox):
    user = factories.user("coordinator", active=False)
    ask_reset(client, user.email)
    assert inbox.messages == []


def test_reset_link_shows_the_password_form(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    response = client.get(reset_link(inbox, user.email))
    assert response.status_code == 200
    assert 'name="password"' in response.get_data(as_text=True)


def test_reset_link_sets_the_new_password(app, client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    response = set_new_password(client, reset_link(inbox, user.email))
    assert redirect_path(response) == LOGIN
    assert redirect_path(try_login(english_browser(app), user.email, NEW_PASSWORD)) == HOME
    assert flashes(try_login(english_browser(app), user.email, PASSWORD)) == [WRONG_CREDENTIALS]


def test_language_choice_survives_setting_a_password_through_a_link(client, factories, inbox):
    """Logging in keeps the visitor's language; choosing a password through a link should too."""
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    set_new_password(client, reset_link(inbox, user.email))
    assert page_language(client.get(LOGIN)) == "en"


def test_reset_ends_the_sessions_already_open(client, second_browser, factories, inbox):
    user = factories.user("coordinator")
    login(second_browser, user)
    ask_reset(client, user.email)
    set_new_password(client, reset_link(inbox, user.email))
    assert not is_logged_in(second_browser)


def test_a_used_reset_link_is_refused(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    link = reset_link(inbox, user.email)
    set_new_password(client, link)
    assert invalid_link_page(client.get(link))


def test_a_used_reset_link_cannot_set_a_password_again(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    link = reset_link(inbox, user.email)
    set_new_password(client, link)
    db.session.refresh(user)
    after_first_use = user.password_hash
    assert invalid_link_page(set_new_password(client, link, password="yet another passphrase"))
    db.session.refresh(user)
    assert user.password_hash == after_first_use


def test_using_one_reset_link_voids_the_older_ones(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    first = reset_link(inbox, user.email)
    inbox.clear()
    ask_reset(client, user.email)
    second = reset_link(inbox, user.email)
    set_new_password(client, second)
    assert invalid_link_page(client.get(first))


def test_an_expired_reset_link_is_refused(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    link = reset_link(inbox, user.email)
    token = db.session.scalar(select(AuthToken).where(AuthToken.user_id == user.id))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    assert invalid_link_page(client.get(link))
    before = user.password_hash
    assert invalid_link_page(set_new_password(client, link))
    db.session.refresh(user)
    assert user.password_hash == before


def test_reset_link_expires_after_the_configured_hours(app, client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    token = db.session.scalar(select(AuthToken).where(AuthToken.user_id == user.id))
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - timedelta(hours=app.config["PASSWORD_RESET_HOURS"])) < timedelta(minutes=1)


def test_only_a_hash_of_the_token_is_stored(client, factories, inbox):
    user = factories.user("coordinator")
    ask_reset(client, user.email)
    raw = reset_link(inbox, user.email).rsplit("/", 1)[1]
    token = db.session.scalar(select(AuthToken).where(AuthToken.user_id == user.id))
    assert raw not in token.token_hash
    assert len(token.token_hash) == 64


def test_a_garbage_token_is_refused(client):
    assert invalid_link_page(client.get("/compte/reinitialiser/not-a-token"))


def test_a_reset_token_is_refused_as_an_invitation(client, factories):
    user = factories.user("coordinator")
    raw = accounts.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    db.session.flush()
    assert invalid_link_page(client.get(f"/compte/invitation/{raw}"))
    assert client.get(f"/compte/reinitialiser/{raw}").status_code == 200  # control: valid for its own purpose


def test_an_invitation_token_is_refused_as_a_reset(client, factories):
    user = factories.user("coordinator", password=None)
    raw = accounts.issue_token(user, TokenPurpose.INVITATION, timedelta(days=1))
    db.session.flush()
    assert invalid_link_page(client.get(f"/compte/reinitialiser/{raw}"))
    assert client.get(f"/compte/invitation/{raw}").status_code == 200  # control: valid for its own purpose


# Invitations ---------------------------------------------------------------------------------------------------

def invite(browser, **fields):
    data = {"email": "new.person@example.com", "name": "New Person", "role": "staff", "organisation_id": "0",
            "locale": "en"}
    data.update({key: str(value) for key, value in fields.items()})
    return post(browser, INVITE, data)


def role_options(response) -> set[str]:
    html = response.get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="role".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option[^>]*value="([^"]*)"', select_html))


def invitation_link(inbox, email: str) -> str:
    messages = inbox.to(email)
    assert len(messages) == 1, [m["To"] for m in inbox.messages]
    links = [link for link in mail_links(messages[0]) if "/compte/invitation/" in link]
    assert len(links) == 1, mail_text(messages[0])
    return urlsplit(links[0]).path


def test_admin_invites_staff_of_a_centre(client, factories, inbox):
    login(client, factories.user("admin"))
    centre = factories.centre()
    response = invite(client, email="Sophie.Staff@example.com", name="Sophie Staff", role="staff",
                      organisation_id=centre.id)
    assert redirect_path(response) == INVITE
    invited = db.session.scalar(select(User).where(User.email == "sophie.staff@example.com"))
    assert invited is not None
    assert (invited.role, invited.organisation_id, invited.password_hash, invited.locale) == (
        "staff", centre.id, None, "en")


def test_invitation_mail_is_sent_to_the_invitee_with_a_link(client, factories, inbox):
    login(client, factories.user("admin"))
    invite(client, email="sophie.staff@example.com", organisation_id=factories.centre().id)
    assert len(inbox.messages) == 1
    assert invitation_link(inbox, "sophie.staff@example.com").startswith("/compte/invitation/")


def invite_english_and_french(browser, factories) -> tuple:
    centre = factories.centre()
    invite(browser, email="en.person@example.com", name="Alex English", organisation_id=centre.id, locale="en")
    invite(browser, email="fr.person@example.com", name="Camille Français", organisation_id=centre.id, locale="fr")
    return browser


def test_invitation_mail_is_written_in_the_invitees_language(client, factories, inbox):
    login(client, factories.user("admin"))
    invite_english_and_french(client, factories)
    (english,) = inbox.to("en.person@example.com")
    (french,) = inbox.to("fr.person@example.com")
    assert mail_subject(english) == "You are invited to the mobility portal"
    assert mail_subject(french) == "Invitation au portail de mobilité"
    assert mail_text(english).startswith("Hello Alex English,")
    assert mail_text(french).startswith("Bonjour Camille Français,")


def test_invitation_mail_declares_its_language(client, factories, inbox):
    login(client, factories.user("admin"))
    invite_english_and_french(client, factories)
    (english,) = inbox.to("en.person@example.com")
    (french,) = inbox.to("fr.person@example.com")
    assert english["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"


def test_invitation_link_sets_the_password_and_then_login_works(app, client, factories, inbox):
    login(client, factories.user("admin"))
    invite(client, email="sophie.staff@example.com", organisation_id=factories.centre().id)
    link = invitation_link(inbox, "sophie.staff@example.com")
    invitee = english_browser(app)
    assert invitee.get(link).status_code == 200
    response = set_new_password(invitee, link)
    assert redirect_path(response) == LOGIN
    assert redirect_path(try_login(invitee, "sophie.staff@example.com", NEW_PASSWORD)) == HOME
    assert is_logged_in(invitee)


def test_an_accepted_invitation_link_cannot_be_used_again(app, client, factories, inbox):
    login(client, factories.user("admin"))
    invite(client, email="sophie.staff@example.com", organisation_id=factories.centre().id)
    link = invitation_link(inbox, "sophie.staff@example.com")
    invitee = english_browser(app)
    set_new_password(invitee, link)
    assert invalid_link_page(invitee.get(link))


def test_staff_invitation_without_a_centre_is_refused(client, factories, inbox):
    login(client, factories.user("admin"))
    response = invite(client, email="lost.staff@example.com", role="staff", organisation_id=0)
    assert response.status_code == 200
    assert "School staff must belong to a vocational-training centre." in flashes(response)
    assert user_count("lost.staff@example.com") == 0
    assert inbox.messages == []


def test_admin_is_offered_every_role(client, factories):
    login(client, factories.user("admin"))
    assert role_options(client.get(INVITE)) == {"staff", "coordinator", "ministry", "participant", "admin"}


def test_coordinator_is_not_offered_the_admin_or_ministry_roles(client, factories):
    login(client, factories.user("coordinator"))
    response = client.get(INVITE)
    assert response.status_code == 200
    assert role_options(response) == {"staff", "coordinator", "participant"}


def test_coordinator_cannot_invite_an_admin(client, factories, inbox):
    login(client, factories.user("coordinator"))
    response = invite(client, email="would.be.admin@example.com", role="admin")
    assert response.status_code == 200
    assert user_count("would.be.admin@example.com") == 0
    assert inbox.messages == []


def test_coordinator_invites_a_participant(client, factories, inbox):
    login(client, factories.user("coordinator"))
    response = invite(client, email="lea@example.com", role="participant")
    assert redirect_path(response) == INVITE
    assert user_count("lea@example.com") == 1


@pytest.mark.parametrize("role", ["staff", "ministry", "participant"])
def test_other_roles_cannot_open_the_invitation_page(client, factories, role):
    login(client, factories.user(role))
    assert client.get(INVITE).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_invitation_page(client):
    assert redirect_path(client.get(INVITE)) == LOGIN


def test_invalid_email_gives_a_form_error_and_creates_nothing(client, factories, inbox):
    login(client, factories.user("admin"))
    before = db.session.scalar(select(func.count()).select_from(User))
    response = invite(client, email="not-an-email", role="coordinator")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<input[^>]*class="[^"]*is-invalid[^"]*"[^>]*name="email"|'
                     r'<input[^>]*name="email"[^>]*class="[^"]*is-invalid', html)
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    assert inbox.messages == []


def test_duplicate_email_is_refused(client, factories, inbox):
    login(client, factories.user("admin"))
    existing = factories.user("coordinator", email="taken@example.com")
    response = invite(client, email="TAKEN@example.com", role="coordinator")
    assert response.status_code == 200
    assert "An account already exists for this e-mail address." in flashes(response)
    assert user_count("taken@example.com") == 1
    db.session.refresh(existing)
    assert verify_password(existing.password_hash, PASSWORD)
    assert inbox.messages == []


# Redirect after log-in -----------------------------------------------------------------------------------------

def test_next_parameter_with_a_local_path_is_followed(client, factories):
    user = factories.user("coordinator")
    assert redirect_path(try_login(client, user.email, PASSWORD, next_url=CHANGE)) == CHANGE


@pytest.mark.parametrize("target", [
    "//evil.example", "//evil.example/accueil", "https://evil.example/", "http:evil.example", "evil.example",
    "javascript:alert(1)",
])
def test_next_parameter_never_leaves_the_site(client, factories, target):
    user = factories.user("coordinator")
    response = try_login(client, user.email, PASSWORD, next_url=target)
    assert response.headers["Location"] == HOME


def where_a_browser_goes(location: str) -> str:
    """Browsers (WHATWG URL parsing) drop tabs and newlines and read "\\" as "/" in http(s) URLs."""
    return re.sub(r"[\t\n\r]", "", location).replace("\\", "/")


@pytest.mark.parametrize("target", ["/\\evil.example", "/\t/evil.example", "/\\/evil.example", "/ /evil.example"],
                         ids=["backslash", "tab", "backslash-slash", "space"])
def test_next_parameter_with_browser_normalised_tricks_stays_on_the_site(client, factories, target):
    user = factories.user("coordinator")
    response = try_login(client, user.email, PASSWORD, next_url=target)
    assert response.status_code == 302
    assert urlsplit(where_a_browser_goes(response.headers["Location"])).netloc in ("", "portail.test")


def test_next_parameter_with_a_newline_goes_home(client, factories):
    user = factories.user("coordinator")
    response = try_login(client, user.email, PASSWORD, next_url="/\n/evil.example")
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


# CSRF ----------------------------------------------------------------------------------------------------------

def test_login_without_csrf_token_is_refused(app, factories):
    browser = fresh_client(app)
    user = factories.user("staff")
    response = browser.post(LOGIN, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert not is_logged_in(browser)


def test_login_with_a_forged_csrf_token_is_refused(app, factories):
    browser = fresh_client(app)
    user = factories.user("staff")
    response = browser.post(LOGIN, data={"email": user.email, "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 400
    assert not is_logged_in(browser)


def test_logout_without_csrf_token_is_refused(client, factories):
    login(client, factories.user("staff"))
    assert client.post(LOGOUT).status_code == 400
    assert is_logged_in(client)


def test_language_switch_without_csrf_token_is_refused(app):
    browser = fresh_client(app)
    assert browser.post("/langue/en", data={"next": "/"}).status_code == 400
    assert page_language(browser.get(LOGIN)) == "fr"


def test_password_change_without_csrf_token_is_refused(client, factories):
    user = factories.user("coordinator")
    login(client, user)
    before = user.password_hash
    response = client.post(CHANGE, data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.password_hash == before


def test_invitation_without_csrf_token_is_refused(client, factories, inbox):
    login(client, factories.user("admin"))
    response = client.post(INVITE, data={"email": "csrf@example.com", "name": "X", "role": "coordinator",
                                         "organisation_id": "0", "locale": "fr"})
    assert response.status_code == 400
    assert user_count("csrf@example.com") == 0
    assert inbox.messages == []


def test_a_refused_account_operation_is_an_invalid_input_with_its_message(app, factories):
    coordinator = factories.user("coordinator")
    with app.test_request_context(), pytest.raises(InvalidInput) as refused:
        accounts.invite_user(coordinator, "new@example.com", "New", "admin", None, "en")
    assert refused.value.status_code == 400 and refused.value.message
    with app.test_request_context(), pytest.raises(InvalidInput):
        accounts.consume_token("not-a-token", TokenPurpose.PASSWORD_RESET, PASSWORD)

"""README command 1, seen by a person: the demo portal in French, each demo account on its own home page."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

HOME_HEADINGS = {
    "admin": "Administration",
    "coordinator": "Coordination",
    "ministry": "Décisions du ministère",
    "staff": "CFP démo Rimouski",
    "participant": "Mes séjours",
}


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/compte/connexion")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_login_page_is_in_french(page, live_portal):
    base_url, _ = live_portal
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/compte/connexion"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")


@pytest.mark.parametrize("role", sorted(HOME_HEADINGS))
def test_each_demo_account_sees_its_own_home(page, live_portal, role):
    base_url, accounts = live_portal
    email, password = accounts[role]
    log_in(page, base_url, email, password)
    expect(page).to_have_url(re.compile(r"/accueil$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])


def test_language_switch_to_english_and_back(page, live_portal):
    base_url, _ = live_portal
    page.goto(f"{base_url}/compte/connexion")
    page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_wrong_password_shows_a_french_error(page, live_portal):
    base_url, accounts = live_portal
    email, _ = accounts["staff"]
    log_in(page, base_url, email, "not the password at all")
    expect(page.get_by_role("alert")).to_contain_text("Adresse courriel ou mot de passe incorrect")

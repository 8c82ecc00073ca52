"""Keyboard only: the project form and the participant report can be filled and sent without a mouse, and every
control shows where the focus is."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from portal.core.clock import Clock

pytestmark = pytest.mark.e2e

# A date control whose month, day or year part holds the focus may not match :focus in Chromium;
# Chromium then highlights that part itself, which is the visible focus.
FOCUS_SHOWN = """() => { const el = document.activeElement, s = getComputedStyle(el);
  if (el.type === 'date' && !el.matches(':focus')) return true;
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; }"""
ACTIVE_ID = "() => [document.activeElement.id || '', document.activeElement.name || '']"


def log_in(page, base_url, accounts, role):
    email, password = accounts[role]
    page.goto(f"{base_url}/compte/connexion")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accueil$"))


def _focus_shown(page) -> bool:
    """The focus ring within a second of the key press: under load Chromium may paint the new focus (and apply its
    :focus styles) a few frames after the Tab key event has returned."""
    try:
        page.wait_for_function(FOCUS_SHOWN, timeout=1_000)
    except PlaywrightTimeout:
        return False
    return True


def tab_to(page, target: str, limit: int = 80) -> None:
    """Press Tab until the control `target` (id or name) has the focus; each stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert _focus_shown(page), f"no visible focus on {page.evaluate(ACTIVE_ID)!r}"
        if target in page.evaluate(ACTIVE_ID):
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def test_the_project_form_with_the_keyboard_only(page, live_portal):
    base_url, accounts = live_portal
    log_in(page, base_url, accounts, "staff")
    page.goto(f"{base_url}/projets/nouveau")
    tab_to(page, "title")
    page.keyboard.type("Stage au clavier (démo)")
    tab_to(page, "trade_code")
    page.keyboard.type("5311")
    tab_to(page, "trade_name")
    page.keyboard.type("Cuisine")
    tab_to(page, "destination_country")
    page.keyboard.type("France")
    tab_to(page, "destination_city")
    page.keyboard.type("Lyon")
    start = Clock().today() + timedelta(days=30)
    for field, day in (("start_date", start), ("end_date", start + timedelta(days=13))):
        tab_to(page, field)
        page.keyboard.type(day.strftime("%m%d%Y"))
    tab_to(page, "objectives")
    page.keyboard.type("Un projet rempli sans souris.")
    tab_to(page, "submit")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projets/\d+$"), timeout=15_000)
    expect(page.locator("#application-title")).to_have_text("Stage au clavier (démo)")


def test_the_participant_report_with_the_keyboard_only(page, live_portal):
    base_url, accounts = live_portal
    log_in(page, base_url, accounts, "participant")
    page.locator("#my-reports").get_by_role("link", name=re.compile("cuisine")).click()
    # Tab only once the report page is there: pressed during the navigation, the focus is on no control at all.
    expect(page.locator("#report-form")).to_be_visible()
    page.wait_for_load_state("load")
    tab_to(page, "competencies")
    page.keyboard.type("Cuisine régionale, travail en brigade.")
    for scale in page.eval_on_selector_all("#report-form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"):
        tab_to(page, scale)
        page.keyboard.press("ArrowRight")  # moves to and selects the next value of the scale
    tab_to(page, "submit", limit=120)
    page.keyboard.press("Enter")
    expect(page.locator("#report-submitted")).to_be_visible()

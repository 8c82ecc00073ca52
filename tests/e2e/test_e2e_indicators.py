"""The indicators page in a real browser, on the demo portal: French, charts drawn, a screenshot kept (with the
other browser tests, which share one Chromium per run)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir())) / "indicators-page.png"


def test_ministry_sees_the_indicators_with_charts(page, live_portal):
    base_url, accounts = live_portal
    email, password = accounts["ministry"]
    page.goto(f"{base_url}/compte/connexion")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Indicateurs").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("#ind-satisfaction")).to_contain_text("2.D.1")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000

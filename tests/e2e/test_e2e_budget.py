"""The staff budget page recomputes live in the browser: budget.js calls the JSON endpoint when the dates or the
travel mode change, and the preview shows the new lines and total (nothing is saved)."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import open_demo_project

pytestmark = pytest.mark.e2e


def open_demo_budget(page, live_portal):
    open_demo_project(page, live_portal)
    page.locator("#budget-link").click()
    expect(page).to_have_url(re.compile(r"/projets/\d+/budget$"))


def preview_lines(page):
    return page.locator("#budget-preview li")


def test_preview_follows_the_dates_and_the_travel_mode(page, live_portal):
    with page.expect_response(re.compile(r"/budget\.json")) as first:
        open_demo_budget(page, live_portal)
    assert first.value.ok
    lodging = preview_lines(page).filter(has_text="nuits")
    expect(lodging).to_contain_text("× 13 nuits ×")  # 14 days of the demo project
    expect(page.locator("#budget-preview-total")).to_have_text(re.compile(r"\$ / .*\$"))  # total / cap

    start = page.locator("#preview-start").input_value()
    shorter = (date.fromisoformat(start) + timedelta(days=9)).isoformat()  # 10 days, 9 nights
    with page.expect_request(lambda request: "/budget.json" in request.url and f"end={shorter}" in request.url):
        page.locator("#preview-end").fill(shorter)
    expect(lodging).to_contain_text("× 9 nuits ×")

    # the demo project flies to Lyon: train or bus across the ocean is refused with its reason
    with page.expect_request(lambda request: "travel_mode=green" in request.url):
        page.locator("#preview-mode").select_option("green")
    expect(preview_lines(page).first).to_contain_text("traversée océanique")


def test_the_budget_is_there_with_its_categories_and_the_preview_apart(page, live_portal):
    open_demo_budget(page, live_portal)
    categories = page.locator("#budget-lines tbody th.budget-category")
    expect(categories).to_have_text(["Transport", "Hébergement", "Subsistance", "Plafond"])
    expect(page.locator("button[value=recompute]")).to_have_count(0)
    expect(page.locator("#budget-preview-section h2")).to_contain_text("Aperçu")
    expect(page.locator("#budget-preview-note")).to_contain_text("Rien n’est enregistré ici")
    expect(page.locator("#budget-project-dates")).to_contain_text("Dates du projet")


def test_preview_reports_an_end_before_the_start_in_french(page, live_portal):
    open_demo_budget(page, live_portal)
    start = page.locator("#preview-start").input_value()
    with page.expect_response(re.compile(r"/budget\.json\?.*end=2000-01-01")) as answer:
        page.locator("#preview-end").fill("2000-01-01")
    assert answer.value.status == 422
    expect(preview_lines(page).first).to_have_text("La date de fin précède la date de début.")
    assert page.locator("#preview-start").input_value() == start

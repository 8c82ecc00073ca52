"""Confirm before acting, in Chromium: with JavaScript the confirmation opens in place in a native <dialog>; without
it (the script blocked) the same words are a page of their own. Both pass axe-core, and cancelling changes nothing
(the demo project keeps its participant)."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import check_page, open_demo_project, summary

pytestmark = pytest.mark.e2e

def remove_button(page):
    return page.locator("#participants-table tr", has_text="Enseignant").locator("button.btn-outline-danger")


def test_the_dialog_opens_in_place_and_cancelling_changes_nothing(browser, live_portal):
    context = browser.new_context(locale="fr-CA", bypass_csp=True)  # bypass: to inject axe-core only
    page = context.new_page()
    try:
        open_demo_project(page, live_portal)
        project_url = page.url
        remove_button(page).click()
        dialog = page.locator("#confirm-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#confirm-title")).to_have_text("Retirer Marc Enseignant ?")
        expect(dialog.locator("#confirm-consequences")).to_contain_text("sera retiré·e du projet")
        assert page.url == project_url
        report = check_page(page, "confirm", "dialog", "fr", 1280, 1)
        assert report.ok, summary([report])
        dialog.locator("#confirm-cancel").click()
        expect(dialog).to_be_hidden()
        expect(page.locator("#participants-table")).to_contain_text("Enseignant")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_without_javascript_the_confirmation_is_a_page(browser, live_portal, width):
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport={"width": width, "height": 900})
    context.route(re.compile(r".*/static/confirm\.js.*"), lambda route: route.abort())
    page = context.new_page()
    try:
        open_demo_project(page, live_portal)
        remove_button(page).click()
        expect(page).to_have_url(re.compile(r"/participants/\d+/supprimer$"))
        expect(page.locator("h1#confirm-title")).to_have_text("Retirer Marc Enseignant ?")
        report = check_page(page, "confirm", f"page-{width}", "fr", width, 2)
        assert report.ok, summary([report])
        page.locator("#confirm-cancel").click()
        expect(page).to_have_url(re.compile(r"/projets/\d+#participants$"))
        expect(page.locator("#participants-table")).to_contain_text("Enseignant")
    finally:
        context.close()

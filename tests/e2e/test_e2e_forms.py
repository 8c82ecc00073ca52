"""Forms that guide, in a real Chromium: the error summary takes the focus after a bad submit and its links move it
to the fields; an oversize file is refused by the page before any request; the progress bar of an upload through
the portal (local storage) reaches 100 %; axe-core finds no violation on these pages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import AXE, AXE_RUN

pytestmark = pytest.mark.e2e

DEMO_PROJECT = "Stage en mécanique automobile à Lyon (démo)"
LIMIT = 20 * 1024 * 1024  # MAX_UPLOAD_BYTES of the demo (config default)
# A PDF of 3 MB (its first bytes make it one), so that the browser reports the upload's progress on the way.
BIG_PDF = b"%PDF-1.4\n%" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"
# Every value the progress bar takes, kept in sessionStorage so it can be read after the page has moved on.
WATCH_PROGRESS = """() => {
  const bar = document.getElementById('upload-progress');
  new MutationObserver(() => {
    const seen = JSON.parse(sessionStorage.getItem('progress-seen') || '[]');
    seen.push(Number(bar.value));
    sessionStorage.setItem('progress-seen', JSON.stringify(seen));
  }).observe(bar, {attributes: true, childList: true, characterData: true, subtree: true});
}"""


def log_in(page, live_portal, role="staff"):
    base_url, accounts = live_portal
    email, password = accounts[role]
    page.goto(f"{base_url}/compte/connexion")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accueil$"))
    return base_url


def axe_violations(page) -> list:
    """axe-core evaluated by the driver: the page keeps its CSP (script-src 'self'), which forms.js and upload.js
    must live with."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN)


def open_upload_page(page, live_portal):
    base_url = log_in(page, live_portal)
    page.goto(f"{base_url}/projets/")
    page.get_by_role("link", name=DEMO_PROJECT).click()
    page.locator("#document-upload-link").click()
    expect(page).to_have_url(re.compile(r"/documents/televerser"))
    # The URL changes before the page has run upload.js, which watches the file input: a file chosen earlier went
    # unchecked now and then on a busy machine (no error shown).
    page.wait_for_load_state("load")


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(page, live_portal):
    base_url = log_in(page, live_portal)
    page.goto(f"{base_url}/projets/nouveau")
    expect(page.locator(".form-required-legend")).to_be_visible()
    page.locator("#application-form [type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_contain_text("Titre du projet")
    summary.get_by_role("link").first.click()
    expect(page.locator("#title")).to_be_focused()
    assert axe_violations(page) == []


def test_the_quote_appears_only_for_a_quoted_fare(page, live_portal):
    base_url = log_in(page, live_portal)
    page.goto(f"{base_url}/projets/nouveau")
    expect(page.locator("#quoted_amount")).to_be_hidden()
    page.locator("#travel_mode").select_option("quoted")
    expect(page.locator("#quoted_amount")).to_be_visible()
    expect(page.locator("#quote_justification")).to_be_visible()
    assert axe_violations(page) == []


def test_an_oversize_file_is_refused_before_any_request(page, live_portal, tmp_path):
    big = tmp_path / "trop-gros.pdf"  # a path, not a buffer: the browser reads it, nothing is copied over
    with big.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(LIMIT + 1)
    open_upload_page(page, live_portal)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("#file").set_input_files(big)
    error = page.locator("#upload-error-js")
    expect(error).to_contain_text("20 Mo")
    page.locator("#upload-submit").click()
    expect(error).to_be_focused()
    expect(page.locator("#file")).to_have_attribute("aria-invalid", "true")
    assert posts == []
    assert axe_violations(page) == []


def test_a_file_of_a_refused_kind_is_refused_before_any_request(page, live_portal):
    open_upload_page(page, live_portal)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("#file").set_input_files(files=[{"name": "programme.exe", "mimeType": "application/octet-stream",
                                                  "buffer": b"MZ" + b"0" * 64}])
    page.locator("#upload-submit").click()
    expect(page.locator("#upload-error-js")).to_contain_text("Ce type de fichier n’est pas accepté")
    assert posts == []


def test_the_progress_bar_reaches_100_on_an_upload_through_the_portal(page, live_portal):
    open_upload_page(page, live_portal)
    assert page.locator("#document-upload-form").get_attribute("data-mode") == "server"  # local storage
    assert axe_violations(page) == []
    page.evaluate(WATCH_PROGRESS)
    page.locator("#kind").select_option("other")
    page.locator("#file").set_input_files(files=[{"name": "programme-long.pdf", "mimeType": "application/pdf",
                                                  "buffer": BIG_PDF}])
    page.locator("#upload-submit").click()
    expect(page).to_have_url(re.compile(r"/projets/\d+#documents$"), timeout=30_000)
    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('progress-seen') || '[]')")
    assert seen and seen[-1] == 100
    expect(page.locator("#content")).to_contain_text("programme-long.pdf")


def open_demo_page(page, live_portal, project: str, path: str) -> None:
    base_url = log_in(page, live_portal)
    page.goto(f"{base_url}/projets/")
    page.get_by_role("link", name=project).click()
    expect(page).to_have_url(re.compile(r"/projets/\d+$"))
    page.goto(f"{page.url}/{path}")


def watch_posts(page) -> list[str]:
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    return posts


def test_a_student_list_that_is_not_a_text_file_is_refused_before_any_request(page, live_portal):
    open_demo_page(page, live_portal, DEMO_PROJECT, "participants/importer")
    posts = watch_posts(page)
    page.locator("#file").set_input_files(files=[{"name": "liste.xlsx", "mimeType": "application/octet-stream",
                                                  "buffer": b"PK" + b"0" * 64}])
    error = page.locator("#import-file-error")
    expect(error).to_contain_text("fichier CSV")
    page.locator("#consent").check()
    page.locator("#participants-import-form [type=submit]").click()
    expect(error).to_be_focused()
    expect(page.locator("#file")).to_have_attribute("aria-invalid", "true")
    assert posts == []
    assert axe_violations(page) == []


def test_an_oversize_care_document_is_refused_before_any_request(page, live_portal, tmp_path):
    big = tmp_path / "attestation.pdf"
    with big.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(LIMIT + 1)
    open_demo_page(page, live_portal, "Stage en pâtisserie à Lyon (démo)", "encadrement")
    posts = watch_posts(page)
    form = page.locator("form[data-file-check]").first
    form.locator("xpath=ancestor::details").locator("summary").click()
    form.locator("input[type=file]").set_input_files(big)
    error = form.locator("[role=alert]")
    expect(error).to_contain_text("20 Mo")
    form.locator("[type=submit]").click()
    expect(error).to_be_focused()
    assert posts == []

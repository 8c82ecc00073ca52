"""The demo journey, as people would live it in Chromium: a new project goes from draft to a closed file through
every role (staff, coordinator, ministry, participant), each page checked by axe-core, for sideways scroll and for
the locale's dates and amounts, with a screenshot per step (tests/e2e/artifacts/<lang>-<width>/).

The journey itself runs once (French, 1280 px); every page it went through is then opened again by the same role at
360 px and in English at both widths. Browser tests run once per CI run: they are skipped on the PostgreSQL pass.
"""
from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.core.clock import Clock
from tests.e2e.checks import ARTIFACTS, PageReport, check_page, summary

pytestmark = pytest.mark.e2e

TITLE = "Stage en soudage à Lyon — parcours complet"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
DOCUMENT_KINDS = ("stay_programme", "budget_grid", "participant_list", "partner_agreement")
ROLES = ("staff", "coordinator", "ministry", "participant")


class Journey:
    """Drives one browser tab and checks every page it reaches."""

    def __init__(self, browser, base_url: str, accounts, language: str = "fr", width: int = 1280):
        self.base_url, self.accounts, self.language, self.width = base_url, accounts, language, width
        self.context = browser.new_context(locale="fr-CA", bypass_csp=True,  # bypass: to inject axe-core only
                                           viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.reports: list[PageReport] = []
        self.visited: list[tuple[str, str, str]] = []  # role, step name, path
        self.role = ""

    def close(self):
        self.context.close()

    def check(self, name: str) -> None:
        step = sum(1 for report in self.reports if report.role == self.role) + 1
        self.reports.append(check_page(self.page, self.role, name, self.language, self.width, step))
        self.visited.append((self.role, name, self.page.url.removeprefix(self.base_url)))

    def log_in(self, role: str) -> None:
        self.context.clear_cookies()
        self.role = role
        email, password = self.accounts[role]
        self.page.goto(f"{self.base_url}/compte/connexion")
        if self.language != "fr":
            self.page.locator("#lang-switch").click()
            expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        self.check("login")
        self.page.locator("#email").fill(email)
        self.page.locator("#password").fill(password)
        self.page.locator("#content form [type=submit]").first.click()
        expect(self.page).to_have_url(re.compile(r"/accueil$"))
        self.check("home")

    def confirm(self, name: str, says: str) -> None:
        """The action asks first: its dialog (checked like a page) says what will happen; confirm it."""
        dialog = self.page.locator("#confirm-dialog")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#confirm-consequences")).to_contain_text(says)
        self.check(name)
        dialog.locator("#confirm-button").click()
        self.page.wait_for_load_state("load")

    def click(self, selector: str, name: str | None = None) -> None:
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state("load")
        if name:
            self.check(name)


def select_containing(page, selector: str, text: str) -> None:
    value = page.eval_on_selector(selector, "(el, t) => [...el.options].find(o => o.text.includes(t)).value", text)
    page.locator(selector).select_option(value)


def staff_creates_and_submits(journey: Journey) -> int:
    page = journey.page
    journey.log_in("staff")
    journey.click("#home-new-project", "project-form")
    today = Clock().today()
    page.locator("#title").fill(TITLE)
    page.locator("#trade_code").fill("5195")
    page.locator("#trade_name").fill("Soudage-montage")
    select_containing(page, "#call_id", "étudiante")
    select_containing(page, "#partner_id", "Lyon")
    page.locator("#destination_country").select_option("FR")
    page.locator("#destination_city").fill("Lyon")
    page.locator("#start_date").fill((today - timedelta(days=13)).isoformat())
    page.locator("#end_date").fill(today.isoformat())
    page.locator("#objectives").fill("Pratiquer le soudage en atelier.")
    page.locator("#content form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/projets/\d+$"))
    application_id = int(re.search(r"/projets/(\d+)$", page.url).group(1))
    journey.check("project")
    journey.click("#participant-add", "participant-form")
    page.locator("#first_name").fill("Léa")
    page.locator("#last_name").fill("Participante")
    page.locator("#email").fill(journey.accounts["participant"][0])
    page.locator("#birth_date").fill("2003-05-04")
    page.locator("#kind").select_option("student")
    page.locator("#consent").check()
    page.locator("#consent_by").fill("Léa Participante")
    page.locator("#content form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(rf"/projets/{application_id}"))
    journey.click("#budget-link", "budget")  # computed when the participant was added: nothing to press
    expect(page.locator("#budget-lines tbody th.budget-category").first).to_have_text("Transport")
    for kind in DOCUMENT_KINDS:
        page.goto(f"{journey.base_url}/projets/{application_id}")
        journey.click("#document-upload-link", "document-upload" if kind == DOCUMENT_KINDS[0] else None)
        page.locator("#kind").select_option(kind)
        page.locator("#file").set_input_files(files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf",
                                                       "buffer": PDF}])
        page.locator("#upload-submit").click()  # upload.js sends it, with its progress bar, then opens the project
        expect(page).to_have_url(re.compile(rf"/projets/{application_id}#documents$"))
    page.goto(f"{journey.base_url}/projets/{application_id}")
    journey.check("ready-to-submit")
    page.locator("#submit-project").click()
    journey.confirm("submit-confirm", "sera transmis à la coordination")
    expect(page.locator("#application-status")).to_contain_text("Déposé")
    journey.check("submitted")
    return application_id



def open_project_from_home(journey: Journey, name: str) -> None:
    journey.page.get_by_role("link", name=TITLE).first.click()
    journey.page.wait_for_load_state("load")
    journey.check(name)


def coordinator_recommends(journey: Journey) -> None:
    journey.log_in("coordinator")
    open_project_from_home(journey, "review")
    journey.page.locator("#recommend-submit").click()
    journey.confirm("recommend-confirm", "sera recommandée au ministère")
    journey.check("recommended")


def ministry_approves(journey: Journey) -> None:
    journey.log_in("ministry")
    open_project_from_home(journey, "decision")
    journey.page.locator("#approve-submit").click()
    journey.confirm("approve-confirm", "seront engagés ;")
    journey.check("approved")


def staff_records_the_care_items(journey: Journey, application_id: int) -> None:
    """Before a stay starts: each participant's emergency contact and insurance attestation, the itinerary and the
    local contact at the partner (the journey's only participant is an adult: no travel authorisation)."""
    page = journey.page
    page.goto(f"{journey.base_url}/projets/{application_id}")
    journey.click("#care-link", "care")
    participant_id = page.locator("#care-table tbody tr").first.get_attribute("id").removeprefix("care-row-")
    row = page.locator(f"#care-row-{participant_id}")
    row.locator("summary").first.click()
    page.locator(f"#contact-{participant_id}-name").fill("Marie Participante")
    page.locator(f"#contact-{participant_id}-phone").fill("+1 418 555 0123")
    row.locator("form").first.locator("[type=submit]").click()
    page.wait_for_load_state("load")
    row = page.locator(f"#care-row-{participant_id}")
    row.locator("summary").last.click()
    page.locator(f"#doc-{participant_id}-kind").select_option("health_insurance")
    page.locator(f"#doc-{participant_id}-file").set_input_files(files=[
        {"name": "assurance.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    row.locator("form").last.locator("[type=submit]").click()
    page.wait_for_load_state("load")
    page.locator("#stay-itinerary").fill("Vol Montréal–Francfort, puis train vers Stuttgart; retour par le même trajet.")
    page.locator("#stay-local_contact_name").fill("Jürgen Weiß")
    page.locator("#stay-local_contact_phone").fill("+49 711 555 0100")
    page.locator("#stay-care-form [type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("#care-complete")).to_be_visible()
    journey.check("care-recorded")


def staff_runs_the_stay(journey: Journey, application_id: int) -> None:
    journey.log_in("staff")
    staff_records_the_care_items(journey, application_id)
    open_project_from_home(journey, "stay-to-start")
    journey.click("#stay-start", "stay-started")
    journey.click("#stay-complete", "stay-completed")


def participant_reports(journey: Journey) -> None:
    page = journey.page
    journey.log_in("participant")
    page.locator("#my-reports").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("load")
    journey.check("report-form")
    page.locator("#competencies").fill("Soudage à l'arc, lecture de plans, sécurité en atelier.")
    for scale in page.locator("#report-form [id^=scale-]").all():
        scale.locator("input[type=radio]").nth(3).check()
    page.locator("#report-form [name=submit]").click()
    page.wait_for_load_state("load")
    journey.check("report-filed")


def staff_files_the_final_report(journey: Journey, application_id: int) -> None:
    page = journey.page
    journey.log_in("staff")
    page.goto(f"{journey.base_url}/projets/{application_id}")
    journey.click("#final-report-link", "final-report")
    for field in page.locator("#content table input[inputmode=decimal]").all():
        field.fill("600,00")
    page.locator("#outcomes").fill("Objectifs atteints : deux entreprises prêtes à recevoir le prochain groupe.")
    page.locator("#reciprocal_visit_status").fill("Visite réciproque prévue au printemps.")
    page.locator("#content form [name=submit]").last.click()
    page.wait_for_load_state("load")
    journey.check("final-report-sent")


def coordinator_closes(journey: Journey, application_id: int) -> None:
    page = journey.page
    journey.log_in("coordinator")
    page.locator("#todo-final_reports").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("load")
    journey.check("final-report-review")
    page.locator("#content form [name=accept]").click()
    page.wait_for_load_state("load")
    page.goto(f"{journey.base_url}/projets/{application_id}")
    journey.check("file-to-close")
    if page.locator("#override_reason").count():
        page.locator("#override_reason").fill("Reçus remis sur papier au centre de services scolaire.")
    page.locator("#close-file").click()
    page.wait_for_load_state("load")
    journey.check("closed")


def run_journey(journey: Journey) -> int:
    application_id = staff_creates_and_submits(journey)
    coordinator_recommends(journey)
    ministry_approves(journey)
    staff_runs_the_stay(journey, application_id)
    participant_reports(journey)
    staff_files_the_final_report(journey, application_id)
    coordinator_closes(journey, application_id)
    return application_id



@pytest.fixture(scope="module")
def journey(browser, live_portal):
    """The whole journey, once, in French at 1280 px."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    base_url, accounts = live_portal
    run = Journey(browser, base_url, accounts)
    try:
        run.application_id = run_journey(run)
        run.final_status = run.page.locator("#application-status").inner_text()
    finally:
        run.close()
        (ARTIFACTS / "report-fr-1280.txt").parent.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "report-fr-1280.txt").write_text(summary(run.reports), encoding="utf-8")
    return run


def test_the_journey_goes_from_a_new_project_to_a_closed_file(journey):
    assert journey.final_status.strip() == "Fermé"
    steps = {role: sum(1 for report in journey.reports if report.role == role) for role in ROLES}
    assert all(steps[role] >= 4 for role in ROLES), steps


def test_every_page_of_the_journey_passes_in_french_at_1280(journey):
    assert all(report.ok for report in journey.reports), summary([r for r in journey.reports if not r.ok])


@pytest.mark.parametrize("language,width", [("fr", 360), ("en", 1280), ("en", 360)])
def test_every_page_of_the_journey_passes_again(browser, live_portal, journey, language, width):
    """Each role opens again every page it went through, in this language and at this width."""
    base_url, accounts = live_portal
    run = Journey(browser, base_url, accounts, language=language, width=width)
    try:
        for role in ROLES:
            run.log_in(role)
            seen = {"/compte/connexion", "/accueil"}
            for visited_role, name, path in journey.visited:
                if visited_role != role or path in seen:
                    continue
                seen.add(path)
                run.page.goto(base_url + path)
                run.check(name)
    finally:
        run.close()
        (ARTIFACTS / f"report-{language}-{width}.txt").write_text(summary(run.reports), encoding="utf-8")
    assert len(run.reports) >= 15
    assert all(report.ok for report in run.reports), summary([r for r in run.reports if not r.ok])

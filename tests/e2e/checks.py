"""What every page of the demo journey must pass, in each language and width: axe-core finds no violation of any
impact, nothing scrolls sideways, dates and amounts follow the locale, and a screenshot is kept as an artifact; and
the way in shared by the browser tests (signing in, opening the demo project)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import expect

E2E = Path(__file__).resolve().parent
AXE = E2E / "vendor" / "axe.min.js"  # axe-core 4.10.2 from the npm registry (MPL-2.0, see axe-core.LICENSE)
ARTIFACTS = E2E / "artifacts"

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 160))}));
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Visible text only: form fields hold raw values by design (<input type=date> is ISO in every language).
VISIBLE_TEXT = "() => document.body.innerText"

AMOUNT = {
    "fr": re.compile(r"^−?\d{1,3}(?:[\u00a0\u202f]\d{3})*,\d{2}\u00a0\$$"),
    "en": re.compile(r"^−?\$\d{1,3}(?:,\d{3})*\.\d{2}$"),
}
AMOUNT_TOKEN = {
    "fr": re.compile(r"[−-]?[\d\u00a0\u202f ,.]*\d[\u00a0 ]?\$"),
    "en": re.compile(r"[−-]?\$[\d,.]*\d"),
}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = {
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
}
DATE_WORDS = {
    "fr": re.compile(rf"\b(?:1er|\d{{1,2}}) (?:{MONTHS['fr']}) \d{{4}}\b"),
    "en": re.compile(rf"\b(?:{MONTHS['en']}) \d{{1,2}}, \d{{4}}\b"),
}


DEMO_PROJECT = "Stage en mécanique automobile à Lyon (démo)"


def log_in(page, live_portal, role: str = "staff") -> None:
    """Sign in with the demo account of a role through the French sign-in form, and land on the home page."""
    base_url, accounts = live_portal
    email, password = accounts[role]
    page.goto(f"{base_url}/compte/connexion")
    page.get_by_label("Adresse courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/accueil$"))


def open_demo_project(page, live_portal) -> None:
    """Sign in as the demo staff member and open the demo project from the project list."""
    log_in(page, live_portal, "staff")
    page.goto(f"{live_portal[0]}/projets/")
    page.get_by_role("link", name=DEMO_PROJECT).click()
    expect(page).to_have_url(re.compile(r"/projets/\d+$"))
    # The URL changes before the page has run its scripts: a button clicked earlier (confirm.js) acts without them.
    page.wait_for_load_state("load")


@dataclass
class PageReport:
    role: str
    name: str
    url: str
    language: str
    width: int
    violations: list[dict] = field(default_factory=list)
    sideways_px: int = 0
    bad_amounts: list[str] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)
    dates_seen: int = 0
    amounts_seen: int = 0
    screenshot: str = ""

    @property
    def ok(self) -> bool:
        return not (self.violations or self.sideways_px > 0 or self.bad_amounts or self.bad_dates)


def amounts_in(text: str, language: str) -> tuple[list[str], list[str]]:
    found = [token.strip(" ") for token in AMOUNT_TOKEN[language].findall(text)]
    found = [token for token in found if re.search(r"\d", token)]
    return found, [token for token in found if not AMOUNT[language].match(token)]


def dates_in(text: str, language: str) -> tuple[int, list[str]]:
    bad = ISO_DATE.findall(text) + re.findall(r"\bUTC\b", text)
    return len(DATE_WORDS[language].findall(text)), bad


def check_page(page, role: str, name: str, language: str, width: int, step: int) -> PageReport:
    page.wait_for_load_state("load")
    report = PageReport(role, name, page.url, language, width)
    page.add_script_tag(path=str(AXE))
    report.violations = page.evaluate(AXE_RUN)
    report.sideways_px = page.evaluate(SIDEWAYS)
    text = page.evaluate(VISIBLE_TEXT)
    amounts, report.bad_amounts = amounts_in(text, language)
    report.amounts_seen = len(amounts)
    report.dates_seen, report.bad_dates = dates_in(text, language)
    folder = ARTIFACTS / f"{language}-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{role}-{step:02d}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    report.screenshot = str(path.relative_to(E2E.parent.parent))
    return report


def summary(reports: list[PageReport]) -> str:
    lines = []
    for r in reports:
        state = "ok" if r.ok else "FAIL"
        lines.append(f"{state} {r.language}-{r.width} {r.role}/{r.name}: axe={len(r.violations)} "
                     f"sideways={r.sideways_px}px amounts={r.amounts_seen} dates={r.dates_seen} "
                     f"{r.violations[:3] if r.violations else ''}{r.bad_amounts[:3] or ''}{r.bad_dates[:3] or ''}")
    return "\n".join(lines)

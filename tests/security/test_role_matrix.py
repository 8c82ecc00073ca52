"""Issue 12: the role × route matrix, one declared table walked over ``app.url_map``.

Every route of the portal must be in ROUTES (a new route missing from it fails the test) with the roles allowed
to reach it. Each route is asked by each of seven people: anonymous, staff of the owning centre (A), staff of
another centre (B), a participant, a coordinator, a ministry officer and an administrator, on real objects of
centre A's approved project. An allowed person is never refused access (no login redirect, 403 or 404; a
validation or state answer is fine); anyone else is refused (login redirect, 403 or 404); nobody ever gets a 5xx.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.helpers import CSRF_PATTERN, fresh_client, login
from tests.security.scenario import ROLES, build_world

EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
OWNER = frozenset({"staff_a"})
STAFF = frozenset({"staff_a", "staff_b"})
REVIEWERS = frozenset({"coordinator", "ministry", "admin"})
COORDINATOR = frozenset({"coordinator"})
MINISTRY = frozenset({"ministry"})
ADMIN = frozenset({"admin"})
PARTICIPANT = frozenset({"participant"})
TOKEN = "token"  # reached by a secret link: a wrong token is a 404 for everyone
BEARER = "bearer"  # the read-only API: a session is no credential, everyone without a bearer token gets 401

# endpoint → who may reach it (for each method the route accepts)
ROUTES: dict[str, frozenset[str] | str] = {
    "static": EVERYONE, "bootstrap.static": EVERYONE,
    "web.index": EVERYONE, "web.health": EVERYONE, "web.set_language": EVERYONE, "web.home": LOGGED_IN,
    "accounts.login": EVERYONE, "accounts.forgot_password": EVERYONE, "accounts.logout": LOGGED_IN,
    "accounts.change_password": LOGGED_IN, "accounts.preferences": COORDINATOR,
    "accounts.two_factor": EVERYONE, "accounts.two_factor_setup": LOGGED_IN,
    "accounts.reset_password": TOKEN, "accounts.accept_invitation": TOKEN,
    "accounts.users": ADMIN, "accounts.invite": COORDINATOR | ADMIN,
    "applications.index": STAFF, "applications.new": STAFF,
    "applications.show": OWNER | REVIEWERS, "applications.budget": OWNER | REVIEWERS,
    "applications.budget_json": OWNER | REVIEWERS, "applications.budget_save": OWNER,
    "applications.edit": OWNER, "applications.submit": OWNER, "applications.withdraw": OWNER,
    "applications.participant_new": OWNER, "applications.participant_edit": OWNER,
    "applications.participant_delete": OWNER, "applications.participants_import": OWNER,
    "applications.stay_start": OWNER, "applications.stay_complete": OWNER,
    "applications.close_file": COORDINATOR,
    "documents.upload": OWNER, "documents.presign": OWNER, "documents.confirm": OWNER, "documents.delete": OWNER,
    "documents.download": OWNER | REVIEWERS,
    "funding.calls": ADMIN, "funding.call_new": ADMIN, "funding.call_edit": ADMIN, "funding.call_rates": ADMIN,
    "funding.call_bands_save": ADMIN, "funding.call_carbon_save": ADMIN, "funding.call_country_rate_save": ADMIN,
    "funding.call_country_rate_remove": ADMIN, "funding.program_edit": ADMIN,
    "funding.carbon": COORDINATOR | MINISTRY | ADMIN,
    "partners.index": STAFF | REVIEWERS, "partners.show": STAFF | REVIEWERS,
    "partners.new": COORDINATOR | ADMIN, "partners.edit": COORDINATOR | ADMIN,
    "partners.pairing": COORDINATOR, "partners.choose": COORDINATOR, "partners.send_link": COORDINATOR,
    "partners.reciprocity_dashboard": COORDINATOR | ADMIN,
    "partners.reciprocity_link": OWNER | COORDINATOR, "partners.respond": TOKEN,
    "reports.by_link": TOKEN, "reports.mine": PARTICIPANT,
    "reports.link_language": TOKEN, "reports.my_language": PARTICIPANT,
    "reports.final_report": OWNER | REVIEWERS, "reports.final_review": COORDINATOR,
    "reports.receipt_upload": OWNER, "reports.receipt_delete": OWNER,
    "reports.tracking": OWNER | REVIEWERS, "reports.resend": OWNER, "reports.show": OWNER | REVIEWERS,
    "review.queue": COORDINATOR, "review.ministry_queue": MINISTRY, "review.show": COORDINATOR | MINISTRY,
    "review.request_changes": COORDINATOR, "review.recommend": COORDINATOR, "review.reject": COORDINATOR | MINISTRY,
    "review.send_back": MINISTRY, "review.approve": MINISTRY, "review.amendments": COORDINATOR | MINISTRY,
    "audit.index": MINISTRY | ADMIN,
    "web.accessibility": EVERYONE,
    # after approval (issue 13)
    "applications.amendment_new": OWNER, "applications.amendment_decide": COORDINATOR | MINISTRY,
    "applications.cancel": OWNER | MINISTRY, "applications.participant_replace": OWNER,
    "trips.legs": OWNER | REVIEWERS, "trips.legs_save": OWNER, "trips.exception_request": OWNER,
    "trips.exception_decide": MINISTRY,
    "funding.call_dated_rate_add": ADMIN, "funding.call_dated_rate_remove": ADMIN,
    "funding.call_host_rates_save": ADMIN, "funding.call_table_confirm": ADMIN,
    "funding.call_canadian_bands_save": ADMIN,
    "partners.return_visit": TOKEN, "partners.record_return_visit": OWNER,
    "documents.confirm_upload": OWNER,
    # indicators and API (issue 14)
    "indicators.index": REVIEWERS, "indicators.annual_report": REVIEWERS, "indicators.annual_xlsx": REVIEWERS,
    "indicators.export": REVIEWERS, "indicators.offsets_page": ADMIN,
    "api.docs": EVERYONE, "api.openapi": EVERYONE, "api.token_list": ADMIN, "api.token_revoke": ADMIN,
    "api.calls": BEARER, "api.applications": BEARER, "api.application": BEARER, "api.partners": BEARER,
    "api.indicators": BEARER,
    # privacy and care (issue 17)
    "privacy.notice": EVERYONE, "privacy.my_consents": PARTICIPANT, "privacy.change_my_consent": PARTICIPANT,
    "privacy.consents_by_link": TOKEN, "privacy.countersign": TOKEN, "privacy.verify_attestation": TOKEN,
    "privacy.people": ADMIN, "privacy.person": ADMIN, "privacy.correct": ADMIN, "privacy.erase": ADMIN,
    "privacy.export": ADMIN, "privacy.requests": ADMIN, "privacy.incidents": ADMIN, "privacy.incidents_csv": ADMIN,
    "privacy.record_incident": ADMIN, "privacy.needs": COORDINATOR, "privacy.read_needs": COORDINATOR,
    "privacy.attestation_list": OWNER | COORDINATOR | ADMIN,
    "privacy.attestation_pdf_file": OWNER | COORDINATOR | ADMIN,
    "privacy.revoke_attestation": COORDINATOR,
    "care.show": OWNER | COORDINATOR, "care.stay_care": OWNER, "care.emergency_contact": OWNER,
    "care.care_document": OWNER, "care.incident": OWNER,
}
# Where one method differs from the line above.
POST_ROUTES: dict[str, frozenset[str]] = {"reports.final_report": OWNER}
# Where the login page is the normal answer to an allowed person (log-out; the root sends visitors to log in; the
# code step of the log-in without a password typed first).
LOGIN_IS_THE_ANSWER = {"accounts.logout", "web.index", "accounts.two_factor"}
REFUSED = (403, 404)
WRONG_TOKEN = (400, 404)


def routes_of(app):
    return sorted((rule for rule in app.url_map.iter_rules()), key=lambda rule: (rule.endpoint, rule.rule))


def test_every_route_of_the_portal_is_in_the_table(app):
    missing = sorted({rule.endpoint for rule in routes_of(app)} - set(ROUTES))
    assert not missing, f"routes without a line in the role matrix: {missing}"
    assert not set(ROUTES) - {rule.endpoint for rule in routes_of(app)}, "lines for routes that no longer exist"


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/compte/connexion"


def ask(browser, method: str, url: str):
    if method == "GET":
        return browser.get(url)
    token = CSRF_PATTERN.search(browser.get("/compte/connexion" if not _logged_in(browser) else "/compte/mot-de-passe")
                                .get_data(as_text=True)).group(1)
    return browser.open(url, method=method, data={"csrf_token": token})


def _logged_in(browser) -> bool:
    return getattr(browser, "role", "anonymous") != "anonymous"


@pytest.fixture
def world(app):
    return build_world()


def browsers(app, world) -> dict:
    result = {}
    for role in ROLES:
        browser = fresh_client(app)
        browser.role = role
        if world.users[role] is not None:
            login(browser, world.users[role])
        result[role] = browser
    return result


def test_the_role_matrix(app, world):
    people = browsers(app, world)
    failures, asked = [], 0
    for rule in routes_of(app):
        values = world.url_values(rule.endpoint)
        url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            allowed = POST_ROUTES.get(rule.endpoint, ROUTES[rule.endpoint]) if method == "POST" else \
                ROUTES[rule.endpoint]
            # Refused people first: an allowed post may change the state the others see.
            for role in sorted(ROLES, key=lambda r: allowed not in (TOKEN, BEARER) and r in allowed):
                response = ask(people[role], method, url)
                asked += 1
                status = response.status_code
                if status >= 500:
                    failures.append(f"{method} {url} as {role}: {status}")
                elif allowed == BEARER:
                    if status != 401:
                        failures.append(f"{method} {url} as {role}: {status}, expected 401 without a bearer token")
                elif allowed == TOKEN:
                    if status not in WRONG_TOKEN:
                        failures.append(f"{method} {url} as {role}: {status}, expected 404 for a wrong token")
                elif role in allowed:
                    if status in REFUSED or (is_login_redirect(response) and rule.endpoint not in LOGIN_IS_THE_ANSWER):
                        failures.append(f"{method} {url} as {role}: refused ({status}) but allowed")
                elif not (status in REFUSED or is_login_redirect(response)):
                    failures.append(f"{method} {url} as {role}: {status} but should be refused")
                if role != "anonymous" and method == "POST" and rule.endpoint == "accounts.logout":
                    login(people[role], world.users[role])
    assert asked >= 7 * len(ROUTES)
    assert not failures, "\n".join(failures)

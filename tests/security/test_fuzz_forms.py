"""Issue 12: every form of every blueprint, found on the pages each person may open (the role matrix over
``app.url_map``, so new forms are picked up), is posted Hypothesis-generated values as that person: unicode,
control characters, huge and negative numbers, empty values, wrong types, files of random bytes, and extra fields a
forger would add (``status``, ``approved_cents``, ``centre_id``, ``organisation_id``, ``role``…).

Nothing may answer 5xx; a refused form (4xx) changes nothing in the database; the extra fields are ignored (no
role, owner or approved amount moves). Runs derandomised with a few examples per form to keep CI time modest.
"""
from __future__ import annotations

import io
import time
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, FundingLine, Participant, User
from tests.helpers import fresh_client, login
from tests.security.forms import forms_on
from tests.security.scenario import build_world
from tests.security.test_role_matrix import BEARER, ROUTES, TOKEN

EXAMPLES_PER_FORM = 5
# Forms whose success ends the person's session: fuzzed once at the very end would prove nothing more.
SKIPPED = {"accounts.logout"}
EXTRA_FIELDS = {"status": "approved", "approved_cents": "99999999", "centre_id": "1", "organisation_id": "1",
                "role": "admin", "user_id": "1", "id": "1", "committed_cents": "0", "version": "0"}

NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "\r\n", "\t=cmd|' /C calc'!A0", "99999999999999999999", "-1", "-0", "1e309",
                     "NaN", "Infinity", "0x10", "2147483648", "9223372036854775808", "١٢٣", "12,34,56.7",
                     "2026-02-30", "31/12/9999", "0000-00-00", "<script>alert(1)</script>", "' OR 1=1 --",
                     "../../etc/passwd", "\u202e\u0000\ufeff", "a" * 5000]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def strategy_for(field):
    options = [value for value in field.values if value is not None]
    if field.kind == "file":
        return st.binary(max_size=2048).map(lambda data: (io.BytesIO(data), "fuzz.pdf"))
    if options and field.kind in ("select", "radio", "checkbox", "hidden", "submit"):
        return st.one_of(st.sampled_from(options), NASTY_TEXT)
    return NASTY_TEXT


def form_data(form):
    fields = {name: st.one_of(st.none(), strategy_for(field)) for name, field in form.fields.items()}
    extra = {name: st.just(value) for name, value in EXTRA_FIELDS.items() if name not in fields}
    return st.fixed_dictionaries(fields, optional=extra)


def fingerprint() -> tuple:
    """What a refused form must leave as it was: the number of rows of every table and the fields that matter."""
    db.session.expire_all()
    counts = tuple(db.session.scalar(select(func.count()).select_from(table))
                   for table in db.metadata.sorted_tables)
    applications = tuple(db.session.execute(select(Application.id, Application.status, Application.version,
                                                   Application.organisation_id).order_by(Application.id)))
    lines = tuple(db.session.execute(select(FundingLine.id, FundingLine.requested_cents, FundingLine.approved_cents,
                                            FundingLine.actual_cents).order_by(FundingLine.id)))
    people = tuple(db.session.execute(select(Participant.id, Participant.first_name, Participant.last_name)
                                      .order_by(Participant.id)))
    return counts, applications, lines, people


def invariants() -> tuple:
    """What no form may change, whatever extra field it is sent: who is who, which centre owns which project."""
    db.session.expire_all()
    return (tuple(db.session.execute(select(User.id, User.role, User.organisation_id).order_by(User.id))),
            tuple(db.session.execute(select(Application.id, Application.organisation_id).order_by(Application.id))))


def _first_participant_id(application) -> int:
    return db.session.scalar(select(Participant.id).where(Participant.application_id == application.id)
                             .order_by(Participant.id).limit(1))


def discover(app, world, browsers) -> list:
    adapter = app.url_map.bind("portail.test")
    values = world.url_values
    found, seen = [], set()
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint):
        allowed = ROUTES[rule.endpoint]
        if "GET" not in rule.methods or allowed in (TOKEN, BEARER) or rule.endpoint.endswith("static"):
            continue
        variants = [values(rule.endpoint)] + [
            values(rule.endpoint) | {"application_id": other.id, "participant_id": _first_participant_id(other)}
            for other in world.others if "application_id" in rule.arguments]
        urls = {rule.build({name: value[name] for name in rule.arguments}, append_unknown=False)[1]
                for value in variants}
        for role, url in sorted((role, url) for role in allowed for url in urls):
            response = browsers[role].get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for form in forms_on(response.get_data(as_text=True), url, adapter):
                if form.endpoint in SKIPPED or (role, form.endpoint) in seen:
                    continue
                seen.add((role, form.endpoint))
                found.append((role, form))
    return found


def fuzz(browser, role: str, form, fixed: tuple, statuses: Counter) -> None:
    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=form_data(form))
    def post_it(data):
        payload = {name: value for name, value in data.items() if value is not None}
        payload[form.csrf_field] = form.csrf_token or ""
        before = fingerprint()
        multipart = form.multipart or any(isinstance(value, tuple) for value in payload.values())
        response = browser.post(form.action, data=payload,
                                content_type="multipart/form-data" if multipart else None)
        statuses[response.status_code] += 1
        if b"The form has expired" in response.data or "formulaire a expiré".encode() in response.data:
            statuses["csrf"] += 1
        where = f"{role} → {form.endpoint} ({form.action}) with {sorted(payload)}"
        assert response.status_code < 500, f"{response.status_code}: {where}"
        if response.status_code >= 400:
            assert fingerprint() == before, f"refused with {response.status_code} but changed: {where}"
        assert invariants() == fixed, f"an extra field was obeyed: {where}"

    post_it()


def test_no_form_fails_or_changes_anything_when_refused_whatever_it_is_sent(app):
    world = build_world()
    browsers = {}
    for role, user in world.users.items():
        browsers[role] = fresh_client(app)
        if user is not None:
            login(browsers[role], user)
    forms = discover(app, world, browsers)
    endpoints = {form.endpoint for _role, form in forms}
    assert len(endpoints) >= 30, sorted(endpoints)  # the portal's forms were found (not an empty walk)
    fixed = invariants()
    failures: list[str] = []
    statuses: Counter = Counter()
    started = time.monotonic()

    for role, form in forms:
        try:
            fuzz(browsers[role], role, form, fixed, statuses)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    elapsed = time.monotonic() - started
    fields = sum(len(form.fields) for _role, form in forms)
    print(f"\nfuzzed {len(forms)} forms ({len(endpoints)} endpoints, {fields} fields) in {elapsed:.1f} s: "
          f"{dict(statuses)}")
    assert not failures, "\n".join(failures)
    # The posts reached the views (valid CSRF token), some accepted, most refused with a clear 4xx.
    assert statuses["csrf"] == 0
    assert sum(count for status, count in statuses.items() if status != "csrf" and status < 400) > len(forms)

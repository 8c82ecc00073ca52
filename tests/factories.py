"""Small factories for test data: each returns a flushed object with sensible defaults."""
from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, timedelta

from portal.accounts.passwords import hash_password
from portal.core.clock import Clock, utcnow
from portal.extensions import db
from portal.models import Application, Call, Organisation, Participant, Program, Region, Role, User

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@functools.cache
def _hash_of(password: str) -> str:
    """argon2 is slow by design: each distinct password is hashed once per test run, not once per user."""
    return hash_password(password)


def _next() -> int:
    return next(_counter)


def region(code: str = "01", name: str = "Bas-Saint-Laurent") -> Region:
    existing = db.session.get(Region, code)
    if existing:
        return existing
    obj = Region(code=code, name=name)
    db.session.add(obj)
    db.session.flush()
    return obj


def centre(**fields) -> Organisation:
    n = _next()
    region(fields.get("region_code", "01"))
    values = {"kind": "centre", "name": f"CFP test {n}", "region_code": "01", "city": "Rimouski",
              "country_code": "CA", "in_cmm": False}
    values.update(fields)
    obj = Organisation(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def partner(**fields) -> Organisation:
    n = _next()
    values = {"kind": "partner", "name": f"Partner {n}", "city": "Lyon", "country_code": "FR", "languages": "fr"}
    values.update(fields)
    obj = Organisation(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def user(role: str = Role.STAFF, password: str | None = PASSWORD, **fields) -> User:
    n = _next()
    values = {"email": f"user{n}@example.com", "name": f"User {n}", "role": role, "locale": "fr"}
    values.update(fields)
    if role == Role.STAFF and "organisation" not in values and "organisation_id" not in values:
        values["organisation"] = centre()
    obj = User(password_hash=_hash_of(password) if password else None, **values)
    db.session.add(obj)
    db.session.flush()
    return obj


def program(**fields) -> Program:
    n = _next()
    values = {"code": f"prog-{n}", "name_fr": f"Programme {n}", "name_en": f"Program {n}",
              "participant_kinds": "student,accompanying", "min_days": 7, "max_travel_days": 2,
              "funding_model": "per_participant_cap", "cap_cents": 200_000, "allowed_countries": "DE,FR,MX,GB",
              "required_documents": "stay_programme,budget_grid,participant_list,partner_agreement"}
    values.update(fields)
    obj = Program(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def call(prog: Program | None = None, **fields) -> Call:
    now = utcnow()
    values = {"program": prog or program(), "year": now.year + 1 + _next() % 5_000, "title_fr": "Appel test",
              "title_en": "Test call", "opens_at": now - timedelta(days=30), "closes_at": now + timedelta(days=30),
              "stays_start_from": now.date(), "stays_end_by": now.date() + timedelta(days=300),
              "envelope_cents": 10_000_000, "committed_cents": 0, "default_nightly_cents": 12_600,
              "default_daily_cents": 4_625}
    values.update(fields)
    obj = Call(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def application(centre_org: Organisation | None = None, call_obj: Call | None = None, **fields) -> Application:
    start = fields.pop("start_date", Clock().today() + timedelta(days=60))
    values = {"call": call_obj or call(), "organisation": centre_org or centre(), "title": f"Projet {_next()}",
              "direction": "outgoing", "group_kind": "group", "destination_country": "FR", "destination_city": "Lyon",
              "start_date": start, "end_date": start + timedelta(days=13), "travel_days": 2}
    values.update(fields)
    obj = Application(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def participant(app_obj: Application, **fields) -> Participant:
    n = _next()
    values = {"application": app_obj, "first_name": f"Prénom{n}", "last_name": f"Nom{n}", "kind": "student",
              "birth_date": date(2000, 1, 1), "consent_by": "self", "consent_at": datetime(2026, 1, 1)}
    values.update(fields)
    obj = Participant(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


# --- workflow helper: documents that count, budget lines, an application ready to submit -------------------------

def confirmed_document(app_obj: Application, kind: str, **fields):
    """A confirmed, current document of `kind` (metadata only: no stored file)."""
    from portal.models import Document

    n = _next()
    values = {"application_id": app_obj.id, "kind": kind, "status": "confirmed", "storage_backend": "local",
              "storage_key": f"test/{n}-{kind}", "original_name": f"{kind}.pdf", "content_type": "application/pdf",
              "size_bytes": 1024, "sha256": f"{n:064x}"}
    values.update(fields)
    obj = Document(**values)
    db.session.add(obj)
    db.session.flush()
    return obj


def budget_line(app_obj: Application, **fields):
    from portal.funding import totals
    from portal.models import FundingLine

    values = {"application": app_obj, "position": len(app_obj.funding_lines), "kind": "other",
              "computed_cents": 100_000}
    values.update(fields)
    obj = FundingLine(**values)
    db.session.add(obj)
    db.session.flush()
    totals.refresh(obj.application)
    db.session.flush()
    return obj


def submittable_application(centre_org: Organisation | None = None, call_obj: Call | None = None,
                            budget: bool = True, **fields) -> Application:
    """An application passing every eligibility rule: one adult student, a computed budget line within the cap and
    every required document."""
    obj = application(centre_org, call_obj, **fields)
    participant(obj)
    if budget:  # tests of the budget itself start from none
        budget_line(obj, kind="transport", computed_cents=50_000)
    for kind in obj.call.program.required_document_kinds:
        confirmed_document(obj, kind)
    return obj


def care_items(app_obj: Application) -> Application:
    """What a stay needs before it starts (portal/care/readiness.py): each participant's emergency contact and
    health/insurance attestation, minors' travel authorisation, the itinerary and the local contact."""
    from portal.models import EmergencyContact, StayCare

    for person in app_obj.participants:
        db.session.add(EmergencyContact(participant_id=person.id, name=f"Parent of {person.first_name}",
                                        relation="parent", phone="+1 418 555 0100"))
        confirmed_document(app_obj, "health_insurance", participant_id=person.id)
        if app_obj.start_date and person.is_minor_on(app_obj.start_date):
            confirmed_document(app_obj, "travel_authorisation", participant_id=person.id)
    db.session.add(StayCare(application_id=app_obj.id, itinerary="AC 870 YUL-CDG, then TGV to Lyon",
                            local_contact_name="Claire Dubois", local_contact_phone="+33 4 72 00 00 00"))
    db.session.flush()
    return app_obj

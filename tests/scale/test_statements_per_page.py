"""Every list page sends the same number of SQL statements with 10 rows as with 200, and no lazy load
(raiseload("*") on every query): its cost is the page's, not the table's."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from portal.core.clock import Clock, utcnow
from portal.extensions import db
from portal.models import AuditEvent, Role
from tests.statements import statements_for

pytestmark = pytest.mark.usefixtures("raiseload")

SIZES = (10, 200)


def _submitted(factories, count: int, status: str = "submitted", *, distinct_calls: bool = False,
               centre=None, **fields):
    """`count` applications, each with a centre (and a call, when asked) of its own: a per-row load would show."""
    program = factories.program()
    shared = factories.call(program)
    made = []
    for n in range(count):
        call = factories.call(program) if distinct_calls else shared
        made.append(factories.application(
            centre_org=centre or factories.centre(), call_obj=call, status=status,
            submitted_at=utcnow() - timedelta(days=n % 30, minutes=n), requested_total_cents=10_000 * n, **fields))
    db.session.commit()
    return made


def _per_size(build):
    """The page's statement count with 10 rows, then with 200: `build(n)` adds n rows and names the page."""
    counts, made = {}, 0
    for size in SIZES:
        client, url = build(size - made)
        made = size
        counts[size] = len(statements_for(client, url))
    return counts


def test_review_queue(factories, client_as, monkeypatch):
    from portal.review import queries

    monkeypatch.setattr(queries, "PER_PAGE", 200)
    coordinator = client_as(factories.user(Role.COORDINATOR))

    def build(size):
        _submitted(factories, size)
        return coordinator, "/examen/?status=submitted&sort=centre"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_review_queue_deep_page_by_cursor(factories, client_as, monkeypatch):
    from portal.review import queries

    monkeypatch.setattr(queries, "PER_PAGE", 5)
    coordinator = client_as(factories.user(Role.COORDINATOR))
    _submitted(factories, 30)
    first = statements_for(coordinator, "/examen/?status=submitted")
    page = queries.page_of_queue(queries.QueueFilters(), utcnow())
    for _ in range(4):
        page = queries.page_of_queue(queries.QueueFilters(), utcnow(), page.next_cursor)
    deep = statements_for(coordinator, f"/examen/?status=submitted&cursor={page.next_cursor}")
    assert len(deep) == len(first)
    assert any("(applications.submitted_at, applications.id) >" in statement for statement in deep)


def test_ministry_queue_with_as_many_calls_as_rows(factories, client_as, monkeypatch):
    from portal.review import queries

    monkeypatch.setattr(queries, "PER_PAGE", 200)
    officer = client_as(factories.user(Role.MINISTRY))

    def build(size):
        _submitted(factories, size, "recommended", distinct_calls=True)
        return officer, "/examen/ministere"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_audit_journal(factories, client_as, monkeypatch):
    from portal.audit import journal

    monkeypatch.setattr(journal, "PER_PAGE", 200)
    officer = client_as(factories.user(Role.MINISTRY))

    def build(size):
        for n in range(size):
            db.session.add(AuditEvent(actor=factories.user(Role.COORDINATOR), action="application.approve",
                                      object_type="application", object_id=n + 1,
                                      before={"committed_cents": n}, after={"committed_cents": n + 1}))
        db.session.commit()
        return officer, "/journal/"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_staff_project_list(factories, client_as, monkeypatch):
    from portal.applications.views import projects

    monkeypatch.setattr(projects, "PER_PAGE", 200)
    centre = factories.centre()
    staff = client_as(factories.user(Role.STAFF, organisation=centre))

    def build(size):
        _submitted(factories, size, distinct_calls=True, centre=centre)
        return staff, "/projets/"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_partner_registry(factories, client_as, monkeypatch):
    from portal.partners.views import registry

    monkeypatch.setattr(registry, "PER_PAGE", 200)
    coordinator = client_as(factories.user(Role.COORDINATOR))

    def build(size):
        for _ in range(size):
            factories.partner(trades="S01", languages="fr,en")
        db.session.commit()
        return coordinator, "/partenaires/"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_users_list(factories, client_as, monkeypatch):
    from portal.accounts.views import admin as users_view

    monkeypatch.setattr(users_view, "PER_PAGE", 200)
    admin = client_as(factories.user(Role.ADMIN))

    def build(size):
        for _ in range(size):
            factories.user(Role.STAFF)  # each with a centre of its own
        db.session.commit()
        return admin, "/admin/utilisateurs"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_carbon_page(factories, client_as):
    admin = client_as(factories.user(Role.ADMIN))

    def build(size):
        _submitted(factories, size, distinct_calls=True, co2_kg=Decimal("100.0"), offset_cents=300)
        return admin, "/admin/carbone"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_reciprocity_dashboard(factories, client_as):
    from portal.models import ReciprocityObligation

    coordinator = client_as(factories.user(Role.COORDINATOR))

    def build(size):
        for stay in _submitted(factories, size, status="approved"):  # each owed to a partner of its own
            db.session.add(ReciprocityObligation(application_id=stay.id, partner_id=factories.partner().id,
                                                 due_year=2025, status="open", proposed_comment=""))
        db.session.commit()
        return coordinator, "/partenaires/reciprocite"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_partner_page(factories, client_as):
    coordinator = client_as(factories.user(Role.COORDINATOR))
    partner = factories.partner()

    def build(size):
        for stay in _submitted(factories, size, status="approved", partner=partner,
                               start_date=Clock().today(), end_date=Clock().today() + timedelta(days=9)):
            factories.participant(stay)
        db.session.commit()
        return coordinator, f"/partenaires/{partner.id}"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts


def test_control_a_lazy_load_raises_under_the_flag(factories):
    """Control for the tests above: with SQLALCHEMY_RAISELOAD a relationship not loaded eagerly raises."""
    from sqlalchemy import select
    from sqlalchemy.exc import InvalidRequestError

    from portal.models import Application

    application_id = _submitted(factories, 1)[0].id
    db.session.expunge_all()
    loaded = db.session.scalars(select(Application).where(Application.id == application_id)).one()
    with pytest.raises(InvalidRequestError):
        _ = loaded.organisation


def test_invitation_form(factories, client_as):
    """The centres are found by name, at most 20 listed: not every centre of the registry (2 000 in the bench)."""
    admin = client_as(factories.user(Role.ADMIN))

    def build(size):
        for _ in range(size):
            factories.centre()
        db.session.commit()
        return admin, "/admin/invitations"
    counts = _per_size(build)
    assert counts[10] == counts[200], counts

"""The pairing page's registry, parsed once per process on PostgreSQL: read again as soon as another transaction has
added, changed or removed a partner, and never kept from a transaction that has written. Real commits on sessions
bound to the engine, as in production."""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from portal.extensions import db
from portal.models import Organisation
from portal.partners.pairing.inputs import registry
from tests import factories
from tests.helpers import in_own_context

pytestmark = pytest.mark.postgres


@pytest.fixture
def created(app):
    """Ids of the partners a test commits, removed after it."""
    ids: list[int] = []
    yield ids

    def clean():
        db.session.execute(delete(Organisation).where(Organisation.id.in_(ids or [0])))
        db.session.commit()
    in_own_context(app, clean)


def _add_partner(app, created, **fields) -> int:
    def add():
        partner = factories.partner(**fields)
        db.session.commit()
        return partner.id
    created.append(in_own_context(app, add))
    return created[-1]


def _names(app) -> dict[int, str]:
    return {partner.id: partner.name for partner in in_own_context(app, registry)}


@pytest.mark.no_db
def test_an_unchanged_registry_is_not_read_again(app, created):
    _add_partner(app, created)
    first = in_own_context(app, registry)
    assert in_own_context(app, registry) is first


@pytest.mark.no_db
def test_a_partner_added_by_another_transaction_is_seen_at_once(app, created):
    in_own_context(app, registry)
    added = _add_partner(app, created, name="Lycée ajouté")
    assert _names(app)[added] == "Lycée ajouté"


@pytest.mark.no_db
def test_a_partner_changed_by_another_transaction_is_seen_at_once(app, created):
    partner_id = _add_partner(app, created, name="Avant", trades="5298")
    assert _names(app)[partner_id] == "Avant"

    def rename():
        partner = db.session.get(Organisation, partner_id)
        partner.name, partner.trades = "Après", "5311"
        db.session.commit()
    in_own_context(app, rename)

    [after] = [partner for partner in in_own_context(app, registry) if partner.id == partner_id]
    assert (after.name, after.trades) == ("Après", frozenset({"5311"}))


@pytest.mark.no_db
def test_a_partner_removed_by_another_transaction_is_gone_at_once(app, created):
    partner_id = _add_partner(app, created)
    assert partner_id in _names(app)

    def remove():
        db.session.execute(delete(Organisation).where(Organisation.id == partner_id))
        db.session.commit()
    in_own_context(app, remove)

    assert partner_id not in _names(app)


@pytest.mark.no_db
def test_a_transaction_that_has_written_reads_its_own_rows_and_keeps_nothing(app, created):
    _add_partner(app, created)
    in_own_context(app, registry)

    def write_then_read():
        partner_id = factories.partner(name="Pas encore validé").id
        seen = {row.id for row in registry()}
        db.session.rollback()
        return partner_id, seen
    uncommitted_id, seen = in_own_context(app, write_then_read)

    assert uncommitted_id in seen
    assert uncommitted_id not in _names(app)


def test_a_session_bound_to_a_connection_reads_the_registry_too(app):
    """The tests' sessions are bound to a connection, not to the engine: the version is read the same way."""
    first = registry()
    assert registry() is first

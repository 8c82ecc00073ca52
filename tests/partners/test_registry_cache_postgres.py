"""The pairing page's registry and partner profiles, held per process on PostgreSQL: read again as soon as another
transaction has added, changed or removed a partner, its places taken or its balance, and never kept from a
transaction that has written. Real commits on sessions bound to the engine, as in production."""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from portal.extensions import db
from portal.models import Organisation, PartnerBooking, ReciprocityTotal
from portal.models.summaries import ALL_YEARS
from portal.partners.pairing.inputs import profiles_of_year, registry
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


def _profile(app, partner_id: int, year: int):
    return next(p for p in in_own_context(app, lambda: profiles_of_year(year)) if p.id == partner_id)


def _commit(app, row) -> None:
    def add():
        db.session.merge(row)
        db.session.commit()
    in_own_context(app, add)


@pytest.mark.no_db
def test_unchanged_profiles_are_not_built_again(app, created):
    _add_partner(app, created)
    first = in_own_context(app, lambda: profiles_of_year(2031))
    assert in_own_context(app, lambda: profiles_of_year(2031)) is first


@pytest.mark.no_db
def test_places_taken_by_another_transaction_are_seen_at_once(app, created):
    partner_id = _add_partner(app, created)
    assert _profile(app, partner_id, 2031).booked_in_year == 0
    _commit(app, PartnerBooking(partner_id=partner_id, year=2031, participants=5))
    assert _profile(app, partner_id, 2031).booked_in_year == 5
    _commit(app, PartnerBooking(partner_id=partner_id, year=2031, participants=2))
    assert _profile(app, partner_id, 2031).booked_in_year == 2
    assert _profile(app, partner_id, 2032).booked_in_year == 0


@pytest.mark.no_db
def test_a_balance_changed_by_another_transaction_is_seen_at_once(app, created):
    partner_id = _add_partner(app, created)
    assert _profile(app, partner_id, 2031).person_days_sent == 0
    _commit(app, ReciprocityTotal(owner_kind="partner", owner_id=partner_id, year=ALL_YEARS, sent=70, received=14))
    after = _profile(app, partner_id, 2031)
    assert (after.person_days_sent, after.person_days_received) == (70, 14)


@pytest.mark.no_db
def test_a_partner_renamed_by_another_transaction_is_renamed_in_the_profiles_at_once(app, created):
    partner_id = _add_partner(app, created, name="Avant")
    assert _profile(app, partner_id, 2031).name == "Avant"

    def rename():
        db.session.get(Organisation, partner_id).name = "Après"
        db.session.commit()
    in_own_context(app, rename)

    assert _profile(app, partner_id, 2031).name == "Après"


@pytest.mark.no_db
def test_a_worker_holds_the_profiles_of_a_bounded_number_of_years(app, created):
    from portal.partners.pairing import versioned

    _add_partner(app, created)
    for year in range(2000, 2000 + 2 * versioned.MAX_HELD):
        in_own_context(app, lambda year=year: profiles_of_year(year))
    assert len(versioned._held) == versioned.MAX_HELD
    assert ("profiles", 2000 + 2 * versioned.MAX_HELD - 1) in versioned._held

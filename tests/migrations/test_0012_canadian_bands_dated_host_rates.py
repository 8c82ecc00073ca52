"""Revision 0012 (Canadian stays and dated host rates): the existing dated rates keep their rows; the new table of
Canadian distance bands and the dated host rates (CA-QC only) take rows; the downgrade drops the Canadian bands and
the dated host rates and keeps the lodging and subsistence seasons."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows

pytestmark = pytest.mark.no_db

SEASON = {"id": 61, "call_id": rows.CALL_ID, "destination": "CA-ON", "kind": "nightly",
          "valid_from": date(2026, 11, 1), "valid_to": date(2027, 5, 31), "amount_cents": 12_600, "source": "A-25",
          "verified": False}
HOST = {"id": 62, "call_id": rows.CALL_ID, "destination": "CA-QC", "kind": "local_transport",
        "valid_from": date(2027, 6, 1), "valid_to": date(2027, 10, 31), "amount_cents": 1_400, "source": "",
        "verified": False}
CANADIAN = {"id": 63, "call_id": rows.CALL_ID, "min_km": 500, "max_km": 1_999, "standard_cents": 30_000,
            "green_cents": 35_000, "source": "MEQ", "verified": True}


@pytest.fixture
def loaded_at_0011(migration_app):
    upgrade(revision="0011")
    rows.load_rows()
    rows.insert("dated_rates", SEASON)
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0011):
    upgrade(revision="0012")
    assert rows.current_revision() == "0012"
    return loaded_at_0011


def test_the_seasons_keep_their_rows(upgraded):
    assert rows.read_back("dated_rates", "id", SEASON) == SEASON


def test_canadian_bands_and_dated_host_rates_take_rows(upgraded):
    rows.insert("canadian_distance_bands", CANADIAN)
    rows.insert("dated_rates", HOST)
    assert rows.read_back("canadian_distance_bands", "id", CANADIAN) == CANADIAN
    assert rows.read_back("dated_rates", "id", HOST) == HOST


def test_a_dated_host_rate_outside_quebec_is_refused(upgraded):
    with pytest.raises(sa.exc.IntegrityError):
        rows.insert("dated_rates", {**HOST, "destination": "CA-ON"})


def test_an_unknown_dated_kind_is_refused(upgraded):
    with pytest.raises(sa.exc.IntegrityError):
        rows.insert("dated_rates", {**HOST, "kind": "parking"})


def test_downgrade_drops_the_canadian_bands_and_the_dated_host_rates(upgraded):
    rows.insert("canadian_distance_bands", CANADIAN)
    rows.insert("dated_rates", HOST)
    downgrade(revision="0011")
    assert rows.current_revision() == "0011"
    assert "canadian_distance_bands" not in rows.table_names()
    assert rows.count("dated_rates") == 1 and rows.read_back("dated_rates", "id", SEASON) == SEASON

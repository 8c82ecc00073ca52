"""Revision 0006 (funding legs and rates): carbon factor rows move to flights by length (the old "domestic"
factor is short haul, the old short haul is medium haul) and gain car-sharing, unverified; bands get a source and
an unverified flag; funding lines accept the host lines of incoming stays; the new tables take rows. The
downgrade gives the 0003 rows back."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.migrations import rows

pytestmark = pytest.mark.no_db

FACTORS = {"air_domestic": "0.2550", "air_short_haul": "0.1560", "air_long_haul": "0.1500", "rail": "0.0030",
           "coach": "0.0300"}
LINE = {"id": 71, "application_id": rows.APPLICATION_ID, "position": 0, "kind": "transport", "explanation_fr": "t",
        "explanation_en": "t", "computed_cents": 246_000, "justification": "", "needs_review": False}


def insert_line(values: dict) -> None:
    """A funding line with empty frozen rates (a JSON literal both databases read)."""
    columns = ", ".join(values)
    rows.execute(f"INSERT INTO funding_lines ({columns}, rates) VALUES "
                 f"({', '.join(':' + name for name in values)}, '{{}}')", **values)
BAND = {"id": 81, "call_id": rows.CALL_ID, "min_km": 10, "max_km": 99, "standard_cents": 4_200, "green_cents": None}


@pytest.fixture
def loaded_at_0003(migration_app):
    upgrade(revision="0003")
    rows.load_rows()
    for number, (mode, value) in enumerate(FACTORS.items(), start=1):
        rows.insert("carbon_factors", {"id": 90 + number, "call_id": rows.CALL_ID, "mode": mode,
                                       "kg_per_passenger_km": Decimal(value), "source": "csv"})
    insert_line(LINE)
    rows.insert("distance_bands", BAND)
    return migration_app


@pytest.fixture
def upgraded(loaded_at_0003):
    upgrade(revision="0006")
    assert rows.current_revision() == "0006"
    return loaded_at_0003


@pytest.fixture
def downgraded(upgraded):
    downgrade(revision="0003")
    assert rows.current_revision() == "0003"
    return upgraded


def factors() -> dict[str, Decimal]:
    statement = sa.text("SELECT mode, kg_per_passenger_km FROM carbon_factors WHERE call_id = :id").columns(
        mode=sa.String(), kg_per_passenger_km=sa.Numeric(8, 4))
    with db.engine.connect() as connection:
        return {mode: Decimal(value).normalize() for mode, value in connection.execute(statement, {"id": rows.CALL_ID})}


class TestUpgrade:
    def test_flights_are_classed_by_length(self, upgraded):
        assert factors() == {"air_short_haul": Decimal("0.255"), "air_medium_haul": Decimal("0.156"),
                             "air_long_haul": Decimal("0.15"), "rail": Decimal("0.003"), "coach": Decimal("0.03"),
                             "car_sharing": Decimal("0.109")}

    def test_existing_rows_are_unverified_with_an_empty_source(self, upgraded):
        band = rows.read_row("distance_bands", "id", BAND["id"], {"verified": sa.Boolean(), "source": sa.Text()})
        assert band == {"verified": False, "source": ""}

    def test_a_funding_line_keeps_its_values(self, upgraded):
        assert rows.read_back("funding_lines", "id", LINE) == LINE

    def test_host_lines_are_accepted_and_unknown_kinds_still_refused(self, upgraded):
        insert_line({**LINE, "id": 72, "kind": "staff_hosting"})
        with pytest.raises(sa.exc.IntegrityError):
            insert_line({**LINE, "id": 73, "kind": "champagne"})

    def test_a_leg_and_a_dated_rate_can_be_stored(self, upgraded):
        rows.insert("travel_legs", {"id": 1, "application_id": rows.APPLICATION_ID, "position": 0,
                                    "origin_city": "Québec", "origin_country": "CA", "destination_city": "Lyon",
                                    "destination_country": "FR", "mode": "air", "entered": True,
                                    "distance_km": 5605, "co2_kg": Decimal("1681.5")})
        with pytest.raises(sa.exc.IntegrityError):
            rows.insert("travel_legs", {"id": 2, "application_id": rows.APPLICATION_ID, "position": 1,
                                        "origin_city": "Paris", "origin_country": "FR", "destination_city": "Lyon",
                                        "destination_country": "FR", "mode": "bicycle", "entered": True})

    def test_the_call_has_no_eur_rate_yet_and_the_application_no_province(self, upgraded):
        assert rows.read_row("calls", "id", rows.CALL_ID, {"eur_to_cad": sa.Numeric()}) == {"eur_to_cad": None}
        assert rows.read_row("applications", "id", rows.APPLICATION_ID,
                             {"destination_subdivision": sa.String()}) == {"destination_subdivision": None}


class TestDowngrade:
    def test_the_0003_factors_come_back(self, downgraded):
        assert factors() == {mode: Decimal(value).normalize() for mode, value in FACTORS.items()}

    def test_the_new_tables_and_columns_are_gone(self, downgraded):
        assert not {"travel_legs", "dated_rates", "host_rates", "cap_exceptions",
                    "rate_table_confirmations"} & rows.table_names()
        assert "verified" not in rows.column_names("distance_bands")
        assert "eur_to_cad" not in rows.column_names("calls")

    def test_a_funding_line_keeps_its_values(self, downgraded):
        assert rows.read_back("funding_lines", "id", LINE) == LINE

"""The reference loader reads the real CSVs in portal/data."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from portal.funding.rates import FlatTier, RateTable
from portal.funding.reference import (
    EUR_TO_CAD,
    eur_to_cad_cents,
    load_programs,
    load_reference_rate_table,
    parse_flat_tiers,
)
from portal.funding.types import FundingModel, ParticipantKind

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

DATA = Path(__file__).resolve().parents[3] / "portal" / "data"


@pytest.fixture(scope="module")
def rates():
    return load_reference_rate_table(DATA)


def test_bands_converted_from_eur(rates):
    assert EUR_TO_CAD == Decimal("1.50")
    got = [(b.min_km, b.max_km, b.standard_cents, b.green_cents) for b in rates.bands.bands]
    assert got == [
        (10, 99, 4200, 8400),  # 2024: 28 € × 1.5 = 42 $; 56 € × 1.5 = 84 $
        (100, 499, 31700, 42800),  # 211 × 1.5 = 316.5 → 317 $; 285 × 1.5 = 427.5 → 428 $
        (500, 1999, 46400, 62600),  # 309 × 1.5 = 463.5 → 464 $; 417 × 1.5 = 625.5 → 626 $
        (2000, 2999, 59300, 80300),  # 395 × 1.5 = 592.5 → 593 $; 535 × 1.5 = 802.5 → 803 $
        (3000, 3999, 79500, 91500),  # 2024 unverified → 2021-23: 530 × 1.5 = 795; 610 × 1.5 = 915
        (4000, 7999, 123000, None),  # 2021-23: 820 × 1.5 = 1 230 $, no green amount
        (8000, 19999, 225000, None),  # 2021-23: 1 500 × 1.5 = 2 250 $
    ]
    assert eur_to_cad_cents("211") == 31700


def test_daily_nightly_caps_and_carbon(rates):
    assert rates.default_nightly_cents == 12600
    assert rates.default_daily_cents == 4625
    assert rates.nightly_for("FR") == 12600 and rates.daily_for("mx") == 4625
    assert rates.caps.per_participant_cents == 200000
    assert rates.caps.min_days == 7
    assert rates.caps.flat_tiers == (FlatTier(7, 14, 250000), FlatTier(15, None, 300000))
    assert rates.carbon.air_short_haul == Decimal("0.255")
    assert rates.carbon.air_medium_haul == Decimal("0.156")
    assert rates.carbon.air_long_haul == Decimal("0.150")
    assert rates.carbon.rail == Decimal("0.003")
    assert rates.carbon.coach == Decimal("0.030")
    assert rates.carbon.car_sharing == Decimal("0.109")
    assert (rates.carbon.short_haul_limit_km, rates.carbon.long_haul_from_km) == (1500, 3700)
    assert rates.eur_to_cad == Decimal("1.50")
    assert rates.offset_cents_per_tonne == 4200
    assert "per call" in rates.source


def test_rate_table_json_round_trip(rates):
    data = json.loads(json.dumps(rates.to_dict()))
    assert RateTable.from_dict(data) == rates
    assert RateTable.from_dict(data).to_dict() == rates.to_dict()
    data["nightly_cents"] = {"fr": 15000}
    assert RateTable.from_dict(data).nightly_for("FR") == 15000
    bad = dict(data, default_daily_cents=46.25)
    with pytest.raises(TypeError):
        RateTable.from_dict(bad)
    overlapping = dict(data, bands=data["bands"] + [data["bands"][0]])
    with pytest.raises(ValueError):
        RateTable.from_dict(overlapping)


def test_programs():
    programs = load_programs(DATA)
    students, staff = programs["fp-students"], programs["fp-staff"]
    assert students.funding_model is FundingModel.PER_PARTICIPANT_CAP
    assert students.per_participant_cap_cents == 200000
    assert students.participant_kinds == (ParticipantKind.STUDENT,)
    assert students.accompanying_allowed
    assert (students.min_days, students.max_travel_days, students.deadline) == (7, 2, "02-15")
    assert students.annual_envelope_cents is None  # "unverified"
    assert staff.funding_model is FundingModel.FLAT_BY_DURATION
    assert staff.flat_tiers == (FlatTier(7, 14, 250000), FlatTier(15, None, 300000))
    assert staff.participant_kinds == (
        ParticipantKind.TEACHER, ParticipantKind.PEDAGOGICAL_ADVISER, ParticipantKind.MANAGER)
    assert (staff.min_days, staff.max_travel_days, staff.stays_end_by) == (7, 2, "08-31")
    assert staff.annual_envelope_cents == 8_500_000
    assert staff.name("fr").startswith("Mobilité du personnel")
    assert staff.name("en") == "Vocational staff mobility"


def test_parse_flat_tiers():
    assert parse_flat_tiers("flat by duration: 5-9 days 1000.50; 10+ days 2000") == (
        FlatTier(5, 9, 100050), FlatTier(10, None, 200000))
    with pytest.raises(ValueError):
        parse_flat_tiers("flat by duration: nothing")

"""Carbon estimate rules and aggregation: per leg, flights by length only."""
from decimal import Decimal

import pytest

from portal.funding.carbon import estimate_carbon, factor_for, sum_carbon
from portal.funding.rates import CarbonFactors
from portal.funding.types import Coordinates, Place, Vehicle

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

F = CarbonFactors(air_short_haul=Decimal("0.255"), air_medium_haul=Decimal("0.156"),
                  air_long_haul=Decimal("0.150"), rail=Decimal("0.003"), coach=Decimal("0.030"),
                  car_sharing=Decimal("0.109"))


def test_flights_are_classed_by_length_only():
    assert factor_for(F, Vehicle.AIR, 1499) == ("air_short_haul", Decimal("0.255"))
    assert factor_for(F, Vehicle.AIR, 1500)[0] == "air_medium_haul"
    assert factor_for(F, Vehicle.AIR, 3699)[0] == "air_medium_haul"
    assert factor_for(F, Vehicle.AIR, 3700)[0] == "air_long_haul"


def test_land_modes_have_their_own_factor_whatever_the_length():
    assert factor_for(F, Vehicle.RAIL, 3700)[0] == "rail"
    assert factor_for(F, Vehicle.COACH, 10)[0] == "coach"
    assert factor_for(F, "car_sharing", 10) == ("car_sharing", Decimal("0.109"))


def test_a_domestic_long_flight_is_long_haul():
    # Montréal → Vancouver, 3 680 km… stays medium; Halifax → Victoria (≈ 4 480 km) is long haul, same country
    halifax = Place("Halifax", "CA", Coordinates(44.6488, -63.5752))
    victoria = Place("Victoria", "CA", Coordinates(48.4284, -123.3656))
    est = estimate_carbon(halifax, victoria, 1, Vehicle.AIR, factors=F, offset_cents_per_tonne=0)
    assert est.distance_km > 3700 and est.factor_key == "air_long_haul"


def test_sum_and_zero():
    here = Place("A", "FR", Coordinates(45.0, 4.0))
    zero = estimate_carbon(here, here, 5, Vehicle.AIR, factors=F, offset_cents_per_tonne=4200)
    assert zero.kg_co2e == 0 and zero.offset_cents == 0
    one = estimate_carbon(Place("A", "FR", Coordinates(0, 0)), Place("B", "FR", Coordinates(0, 1)), 1,
                          Vehicle.AIR, factors=F, offset_cents_per_tonne=4200)
    # 1° of longitude on the equator: 111.19 km → 111 km × 0.255 × 1 × 2 = 56.61 → 56.6 kg; 0.0566 t × 42 $ → 238 ¢
    assert (one.distance_km, one.kg_co2e, one.offset_cents) == (111, Decimal("56.6"), 238)
    total = sum_carbon([one, one, zero])
    assert (total.kg_co2e, total.offset_cents, total.trips, total.participants) == (
        Decimal("113.2"), 476, 3, 7)
    assert total.participant_km == 2 * 2 * 111
    assert sum_carbon([]).kg_co2e == 0
    with pytest.raises(ValueError):
        estimate_carbon(here, here, -1, Vehicle.AIR, factors=F, offset_cents_per_tonne=1)

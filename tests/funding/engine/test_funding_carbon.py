"""Carbon estimate rules and aggregation."""
from decimal import Decimal

import pytest

from portal.funding.carbon import estimate_carbon, factor_for, sum_carbon
from portal.funding.rates import CarbonFactors
from portal.funding.types import Vehicle

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

F = CarbonFactors(Decimal("0.255"), Decimal("0.156"), Decimal("0.150"), Decimal("0.003"),
                  Decimal("0.030"))


def test_haul_selection():
    assert factor_for(F, Vehicle.AIR, 5000, domestic=True) == ("air_domestic", Decimal("0.255"))
    assert factor_for(F, Vehicle.AIR, 3699, domestic=False)[0] == "air_short_haul"
    assert factor_for(F, Vehicle.AIR, 3700, domestic=False)[0] == "air_long_haul"
    assert factor_for(F, Vehicle.RAIL, 3700, domestic=False)[0] == "rail"
    assert factor_for(F, Vehicle.COACH, 10, domestic=True)[0] == "coach"


def test_short_haul_example():
    # Lyon → Paris-like 392 km by air, international: 392 × 0.156 × 3 × 2 = 366.912 → 366.9 kg;
    # offset 0.366912 t × 4 200 ¢ = 1 541.0304 → 1 541 ¢
    est = estimate_carbon(392, 3, Vehicle.AIR, domestic=False, factors=F, offset_cents_per_tonne=4200)
    assert (est.kg_co2e, est.offset_cents, est.legs) == (Decimal("366.9"), 1541, 2)


def test_sum_and_zero():
    zero = estimate_carbon(0, 5, Vehicle.AIR, domestic=False, factors=F, offset_cents_per_tonne=4200)
    assert zero.kg_co2e == 0 and zero.offset_cents == 0
    one = estimate_carbon(1000, 1, Vehicle.AIR, domestic=True, factors=F, offset_cents_per_tonne=4200)
    # 1 000 × 0.255 × 1 × 2 = 510.0 kg → 0.510 t × 42 $ = 21.42 $
    assert (one.kg_co2e, one.offset_cents) == (Decimal("510.0"), 2142)
    total = sum_carbon([one, one, zero])
    assert (total.kg_co2e, total.offset_cents, total.trips, total.participants) == (
        Decimal("1020.0"), 4284, 3, 7)
    assert total.participant_km == 2 * 2000
    assert total.tonnes_co2e == Decimal("1.020")
    assert sum_carbon([]).kg_co2e == 0
    with pytest.raises(ValueError):
        estimate_carbon(-1, 1, Vehicle.AIR, domestic=True, factors=F, offset_cents_per_tonne=1)

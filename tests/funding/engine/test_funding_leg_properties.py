"""Hypothesis properties of legs and dated rates."""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.funding import (
    Coordinates,
    DatedRate,
    Leg,
    LineKind,
    Participant,
    Place,
    TripInput,
    compute_budget,
    estimate_legs,
    load_reference_rate_table,
)

pytestmark = pytest.mark.no_db

REFERENCE = load_reference_rate_table(Path(__file__).resolve().parents[3] / "portal" / "data")
coords = st.builds(Coordinates, st.floats(-60, 70, allow_nan=False), st.floats(-180, 180, allow_nan=False))


@st.composite
def leg_lists(draw):
    """Legs inside one country (land modes allowed everywhere) or flights anywhere."""
    points = draw(st.lists(coords, min_size=2, max_size=6))
    legs = []
    for a, b in zip(points, points[1:]):
        mode = draw(st.sampled_from(["air", "rail", "coach", "car_sharing"]))
        legs.append(Leg(Place("A", "FR", a), Place("B", "FR", b), mode))
    return tuple(legs)


@settings(deadline=None)
@given(leg_lists(), st.integers(0, 40))
def test_a_leg_lists_co2_equals_the_sum_of_its_legs(legs, participants):
    whole = estimate_legs(legs, participants, factors=REFERENCE.carbon, offset_cents_per_tonne=4_200)
    one_by_one = [estimate_legs((leg,), participants, factors=REFERENCE.carbon, offset_cents_per_tonne=4_200)
                  for leg in legs]
    assert whole.kg_co2e == sum((part.kg_co2e for part in one_by_one), Decimal("0.0"))
    assert whole.distance_km == sum(part.distance_km for part in one_by_one)
    assert sum(whole.kg_by_mode().values(), Decimal("0.0")) == whole.kg_co2e


@st.composite
def seasons(draw):
    """Contiguous or gapped nightly periods over 2027 for one destination."""
    day, rows = date(2027, 1, 1), []
    for _ in range(draw(st.integers(0, 6))):
        day += timedelta(days=draw(st.integers(0, 30)))
        length = draw(st.integers(0, 60))
        rows.append(DatedRate("CA-ON", "nightly", day, day + timedelta(days=length), draw(st.integers(0, 40_000))))
        day += timedelta(days=length + 1)
    return tuple(rows)


@settings(deadline=None)
@given(seasons(), st.integers(0, 400), st.integers(0, 60), st.integers(1, 5))
def test_each_night_is_priced_once_at_the_rate_of_its_date(dated, offset, length, n):
    rates = replace(REFERENCE, dated=dated)
    start = date(2027, 1, 1) + timedelta(days=offset)
    place = Place("Toronto", "CA", Coordinates(43.7, -79.4), "CA-ON")
    trip = TripInput(place, replace(place, name="Ottawa"), start, start + timedelta(days=length), "air",
                     tuple(Participant(f"p{i}", "student") for i in range(n)), "per_participant_cap")
    lodging = compute_budget(trip, rates, "en").lines_of(LineKind.LODGING)[0]
    nights = [start + timedelta(days=i) for i in range(length)]
    assert lodging.amount_cents == n * sum(rates.nightly_on(night, "CA", "CA-ON") for night in nights)
    assert lodging.amount_cents == lodging.count * lodging.quantity * lodging.unit_cents

"""Hand-computed cases of issue 13: incoming stays, legs, Canadian stays, dated rates, caps and travel days.

Reference rate table from portal/data (see test_funding_examples.py) unless a case sets its own call values:
band 500–1 999 km 464 $ / green 626 $; band 4 000–7 999 km 1 230 $ (no green); nightly 126 $; daily 46,25 $;
cap 2 000 $ per participant; carbon kg/passenger-km: air short 0.255 (< 1 500 km), medium 0.156, long 0.150
(≥ 3 700 km), rail 0.003, coach 0.030; offset 42 $/t.
"""
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portal.funding import (
    BandTable,
    DatedRate,
    DistanceBand,
    HostRates,
    Leg,
    LineKind,
    OceanCrossing,
    Participant,
    TripInput,
    check_requested,
    compute_budget,
    load_reference_rate_table,
    resolve_place,
)

pytestmark = pytest.mark.no_db

DATA = Path(__file__).resolve().parents[3] / "portal" / "data"
REFERENCE = load_reference_rate_table(DATA)


def norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def amounts(budget):
    return {line.kind: line.amount_cents for line in budget.lines}


def students(n: int) -> tuple[Participant, ...]:
    return tuple(Participant(f"s{i}", "student") for i in range(n))


QUEBEC, RIMOUSKI = resolve_place("Québec", "CA"), resolve_place("Rimouski", "CA")
MONTREAL, LYON, PARIS = resolve_place("Montréal", "CA"), resolve_place("Lyon", "FR"), resolve_place("Paris", "FR")
TORONTO = replace(resolve_place("Toronto", "CA"), subdivision="CA-ON")


# --- incoming ------------------------------------------------------------------------------------------------------

HOST = HostRates(local_transport_daily_cents=1_200, activities_daily_cents=2_000, staff_hosting_nightly_cents=12_600)


def incoming_from_lyon():
    visitors = students(8) + (Participant("t1", "teacher"), Participant("a1", "accompanying"))
    return TripInput(RIMOUSKI, LYON, date(2027, 4, 12), date(2027, 4, 21), "air", visitors, "per_participant_cap",
                     direction="incoming")


def test_incoming_group_to_rimouski_from_lyon_funds_host_lines_only():
    # 10 visitors (8 students, 2 accompanying staff), 12 → 21 April: 10 days, 9 nights
    # local transport 10 × 10 × 12 $ = 1 200 $; activities 10 × 10 × 20 $ = 2 000 $;
    # hosting of the 2 accompanying staff 2 × 9 × 126 $ = 2 268 $; total 5 468 $ ≤ cap 10 × 2 000 $
    budget = compute_budget(incoming_from_lyon(), replace(REFERENCE, host=HOST), "fr")
    assert amounts(budget) == {LineKind.LOCAL_TRANSPORT: 120_000, LineKind.ACTIVITIES: 200_000,
                               LineKind.STAFF_HOSTING: 226_800}
    assert budget.total_cents == 546_800
    assert [norm(line.explanation) for line in budget.lines] == [
        "10 visiteur·euse·s × 10 jours × 12,00 $ = 1 200,00 $",
        "10 visiteur·euse·s × 10 jours × 20,00 $ = 2 000,00 $",
        "2 accompagnateur·trice·s × 9 nuits × 126,00 $ = 2 268,00 $",
    ]


def test_incoming_visitors_get_no_quebec_line():
    budget = compute_budget(incoming_from_lyon(), replace(REFERENCE, host=HOST), "en")
    assert not budget.lines_of(LineKind.TRANSPORT) + budget.lines_of(LineKind.LODGING) + \
        budget.lines_of(LineKind.SUBSISTENCE)
    assert {p.total_cents for p in budget.per_participant} == {0}


def test_incoming_carbon_is_the_visitors_trip_reported_apart():
    # Lyon (45.74906, 4.84789) → Rimouski (48.44879, −68.52396): 5 342.8 km → 5 342 km, long haul
    # 5 342 × 0.150 × 10 × 2 = 16 026.0 kg; 16.026 t × 42 $ = 673.092 $ → 67 309 ¢
    carbon = compute_budget(incoming_from_lyon(), replace(REFERENCE, host=HOST), "fr").carbon
    assert carbon.visitors
    assert [(leg.leg.origin.name, leg.leg.destination.name) for leg in carbon.per_leg] == [("Lyon", "Rimouski")]
    assert (carbon.distance_km, carbon.factor_key, carbon.kg_co2e, carbon.offset_cents) == (
        5342, "air_long_haul", Decimal("16026.0"), 67_309)


def test_a_call_without_host_rates_funds_nothing_for_an_incoming_stay():
    assert compute_budget(incoming_from_lyon(), REFERENCE, "fr").total_cents == 0


# --- legs ----------------------------------------------------------------------------------------------------------

def test_quebec_to_lyon_by_air_to_paris_then_rail():
    # legs: Québec → Paris by air 5 274.2 km → 5 274 km (long haul); Paris → Lyon by rail 393.2 → 393 km
    # air 5 274 × 0.150 × 2 × 2 = 3 164.4 kg; rail 393 × 0.003 × 2 × 2 = 4.716 → 4.7 kg; total 3 169.1 kg
    # offset 3.1691 t × 42 $ = 133.1022 $ → 13 310 ¢
    legs = (Leg(QUEBEC, PARIS, "air"), Leg(PARIS, LYON, "rail"))
    trip = TripInput(QUEBEC, LYON, date(2025, 5, 4), date(2025, 5, 17), "green", students(2), "per_participant_cap",
                     legs=legs)
    budget = compute_budget(trip, REFERENCE, "en")
    assert [(leg.distance_km, leg.factor_key, leg.co2_kg) for leg in budget.legs] == [
        (5274, "air_long_haul", Decimal("3164.4")), (393, "rail", Decimal("4.7"))]
    assert (budget.carbon.kg_co2e, budget.carbon.offset_cents) == (Decimal("3169.1"), 13_310)
    # the band is the direct distance Québec → Lyon (5 605 km): 1 230 $; a flight leg: not green, standard amount
    assert not budget.green and budget.lines[0].amount_cents == 2 * 123_000
    assert "Québec → Paris → Lyon" in budget.lines[0].explanation
    assert "green travel only when every leg is by land" in budget.lines[0].explanation


def test_rail_or_coach_across_an_ocean_is_refused():
    for mode in ("rail", "coach", "car_sharing"):
        with pytest.raises(OceanCrossing):
            Leg(QUEBEC, PARIS, mode)


CANADA_BANDS = BandTable((DistanceBand(10, 499, 15_000, 18_000), DistanceBand(500, 1_999, 30_000, 35_000),
                          DistanceBand(2_000, 6_000, 60_000, None)))


def test_montreal_to_toronto_by_train_with_canadian_bands_and_ontario_rates():
    # 501.6 km → 501 km, Canadian band 500–1 999: green 350 $; Ontario: 150 $ a night, 60 $ a day
    # per student 350 + 6 × 150 (900) + 7 × 60 (420) = 1 670 $ ≤ 2 000 $; 4 students = 6 680 $
    # rail 501 × 0.003 × 4 × 2 = 12.024 → 12.0 kg
    rates = replace(REFERENCE, canada_bands=CANADA_BANDS, dated=(
        DatedRate("CA-ON", "nightly", date(2025, 1, 1), date(2025, 12, 31), 15_000),
        DatedRate("CA-ON", "daily", date(2025, 1, 1), date(2025, 12, 31), 6_000)))
    trip = TripInput(MONTREAL, TORONTO, date(2025, 4, 7), date(2025, 4, 13), "green", students(4),
                     "per_participant_cap", legs=(Leg(MONTREAL, TORONTO, "rail"),))
    budget = compute_budget(trip, rates, "fr")
    assert (budget.distance_km, budget.band.standard_cents, budget.band.green_cents) == (501, 30_000, 35_000)
    assert amounts(budget) == {LineKind.TRANSPORT: 140_000, LineKind.LODGING: 360_000,
                               LineKind.SUBSISTENCE: 168_000}
    assert budget.total_cents == 668_000 and budget.green
    assert (budget.carbon.factor_key, budget.carbon.kg_co2e) == ("rail", Decimal("12.0"))


def test_green_legs_give_extra_travel_days_not_money():
    # 9-day stay with 5 travel days: by air 2 count → 9 − 3 = 6 days < 7; by train 2 + 4 = 6 count → 9 days
    air = TripInput(MONTREAL, TORONTO, date(2025, 4, 7), date(2025, 4, 15), "air", students(1),
                    "per_participant_cap", travel_days=5)
    green = replace(air, travel_mode="green", legs=(Leg(MONTREAL, TORONTO, "coach"),))
    by_air, by_coach = compute_budget(air, REFERENCE, "en"), compute_budget(green, REFERENCE, "en")
    assert (by_air.counted_days, by_air.allowed_travel_days, by_air.eligible) == (6, 2, False)
    assert (by_coach.counted_days, by_coach.allowed_travel_days, by_coach.eligible) == (9, 6, True)
    assert norm(by_air.day_count) == "9-day stay with 5 travel days; at most 2 travel days count: 6 days counted"
    # the money is the band's green amount either way only when every leg is green; lodging is unchanged
    assert by_coach.lines_of(LineKind.LODGING) == by_air.lines_of(LineKind.LODGING)


# --- dated rates ---------------------------------------------------------------------------------------------------

SEASONS = (DatedRate("CA-ON", "nightly", date(2026, 11, 1), date(2027, 5, 31), 12_600),
           DatedRate("CA-ON", "nightly", date(2027, 6, 1), date(2027, 10, 31), 13_800))


def test_a_stay_across_31_may_and_1_june_prices_each_night_at_its_date():
    # 27 May → 5 June 2027: nights of 27, 28, 29, 30, 31 May at 126 $, of 1, 2, 3, 4 June at 138 $
    # 5 × 126 = 630 $ + 4 × 138 = 552 $ = 1 182 $ per participant; 2 participants = 2 364 $
    trip = TripInput(MONTREAL, TORONTO, date(2027, 5, 27), date(2027, 6, 5), "air", students(2),
                     "per_participant_cap")
    budget = compute_budget(trip, replace(REFERENCE, dated=SEASONS), "fr")
    lodging = budget.lines_of(LineKind.LODGING)[0]
    assert lodging.amount_cents == 236_400
    assert norm(lodging.explanation) == (
        "2 participant·e·s × (5 nuits × 126,00 $ + 4 nuits × 138,00 $) = 2 × 1 182,00 $ = 2 364,00 $")
    assert norm(compute_budget(trip, replace(REFERENCE, dated=SEASONS), "en").lines_of(LineKind.LODGING)[0]
                .explanation) == "2 participants × (5 nights × $126.00 + 4 nights × $138.00) = 2 × $1,182.00 = $2,364.00"


def test_a_stay_inside_one_season_keeps_the_simple_wording():
    trip = TripInput(MONTREAL, TORONTO, date(2027, 6, 1), date(2027, 6, 8), "air", students(1), "per_participant_cap")
    lodging = compute_budget(trip, replace(REFERENCE, dated=SEASONS), "en").lines_of(LineKind.LODGING)[0]
    assert lodging.explanation == "1 participant × 7 nights × $138.00 = $966.00"


def test_overlapping_dated_rates_are_refused():
    with pytest.raises(ValueError):
        replace(REFERENCE, dated=(SEASONS[0], replace(SEASONS[1], valid_from=date(2027, 5, 31))))


# --- caps ----------------------------------------------------------------------------------------------------------

def test_a_student_quote_above_the_cap_needs_an_approved_exception():
    # Rimouski → Puebla, quoted 2 600 $ + 7 × 126 (882) + 8 × 46,25 (370) = 3 852 $ → capped at 2 000 $
    puebla = resolve_place("Puebla", "MX")
    trip = TripInput(RIMOUSKI, puebla, date(2026, 3, 1), date(2026, 3, 8), "quoted", students(1),
                     "per_participant_cap", quoted_cost_cents=260_000, justification="Aucun vol moins cher")
    budget = compute_budget(trip, REFERENCE, "en")
    assert budget.total_cents == 200_000
    assert norm(check_requested(385_200, budget)[0]) == (
        "The requested amount ($3,852.00) exceeds the cap ($2,000.00) by $1,852.00: only an exception approved "
        "by the ministry allows more.")
    assert check_requested(385_200, budget, approved_exception_cents=185_200) == []

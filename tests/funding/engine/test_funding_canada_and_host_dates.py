"""Hand-computed cases of issue 13 (continued): a Canadian stay priced from the call's Canadian bands, and the
host-side lines of an incoming stay priced per day at the host rate valid on its date."""
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.funding import (
    BandTable,
    DatedRate,
    DistanceBand,
    HostRates,
    Leg,
    LineKind,
    Participant,
    TripInput,
    compute_budget,
    load_reference_rate_table,
    resolve_place,
)

pytestmark = pytest.mark.no_db

REFERENCE = load_reference_rate_table(Path(__file__).resolve().parents[3] / "portal" / "data")
MONTREAL, RIMOUSKI, LYON = resolve_place("Montréal", "CA"), resolve_place("Rimouski", "CA"), resolve_place("Lyon", "FR")
TORONTO = replace(resolve_place("Toronto", "CA"), subdivision="CA-ON")
CANADA_BANDS = BandTable((DistanceBand(10, 499, 15_000, 18_000), DistanceBand(500, 1_999, 30_000, 35_000),
                          DistanceBand(2_000, 6_000, 60_000, None)))
ONTARIO = (DatedRate("CA-ON", "nightly", date(2025, 1, 1), date(2025, 12, 31), 15_000),
           DatedRate("CA-ON", "daily", date(2025, 1, 1), date(2025, 12, 31), 6_000))


def norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def students(n: int) -> tuple[Participant, ...]:
    return tuple(Participant(f"s{i}", "student") for i in range(n))


def montreal_toronto_by_train():
    trip = TripInput(MONTREAL, TORONTO, date(2025, 4, 7), date(2025, 4, 13), "green", students(4),
                     "per_participant_cap", legs=(Leg(MONTREAL, TORONTO, "rail"),))
    return compute_budget(trip, replace(REFERENCE, canada_bands=CANADA_BANDS, dated=ONTARIO), "fr")


def test_montreal_to_toronto_by_train_hand_computed():
    """Montréal → Toronto by VIA Rail, 4 students, 7 → 13 April 2025 (7 days, 6 nights).

    Reference figures: gazetteer coordinates Montréal (45.50884, −73.58781), Toronto (43.70643, −79.39864);
    haversine on R = 6 371.0088 km: 501.6 km → 501 km (floored). The call's Canadian bands (distance inside
    Canada): 500–1 999 km, 300 $ standard, 350 $ green. Ontario's dated rates: 150 $ a night, 60 $ a day. Cap
    2 000 $ per participant. Rail factor 0.003 kg CO2e per passenger-km (portal/data/carbon.csv,
    rail_high_speed); offset 42 $ per tonne.

    Per student: transport 350 $ (every leg by land: green amount) + lodging 6 × 150 $ = 900 $ + subsistence
    7 × 60 $ = 420 $ = 1 670 $ ≤ 2 000 $. Four students: transport 1 400 $, lodging 3 600 $, subsistence
    1 680 $, total 6 680 $.
    CO2 of the one rail leg: 501 km × 0.003 × 4 participants × 2 (round trip) = 12.024 → 12.0 kg;
    offset 0.0120 t × 42 $ = 0.504 $ → 50 ¢.
    """
    budget = montreal_toronto_by_train()
    assert (budget.distance_km, budget.band.min_km, budget.band.max_km) == (501, 500, 1_999)
    assert {line.kind: line.amount_cents for line in budget.lines} == {
        LineKind.TRANSPORT: 140_000, LineKind.LODGING: 360_000, LineKind.SUBSISTENCE: 168_000}
    assert [p.total_cents for p in budget.per_participant] == [167_000] * 4
    assert budget.total_cents == 668_000
    [leg] = budget.legs
    assert (leg.mode, leg.distance_km, leg.factor_key, leg.co2_kg) == ("rail", 501, "rail", Decimal("12.0"))
    assert (budget.carbon.kg_co2e, budget.carbon.offset_cents) == (Decimal("12.0"), 50)


def test_the_explanation_says_the_canadian_band_was_used_and_names_no_euro_rate():
    assert norm(montreal_toronto_by_train().lines[0].explanation) == (
        "4 participant·e·s × 350,00 $ (transport vert, bande canadienne 500–1 999 km, "
        "Montréal → Toronto 501 km) = 1 400,00 $")


def test_a_stay_abroad_never_uses_the_canadian_bands():
    paris = resolve_place("Paris", "FR")
    trip = TripInput(MONTREAL, paris, date(2025, 4, 7), date(2025, 4, 13), "air", students(1), "per_participant_cap")
    budget = compute_budget(trip, replace(REFERENCE, canada_bands=CANADA_BANDS), "en")
    assert budget.band == REFERENCE.bands.band_for(budget.distance_km)
    assert "Canadian" not in budget.lines[0].explanation


# --- host-side lines dated ----------------------------------------------------------------------------------------

HOST = HostRates(local_transport_daily_cents=1_200, activities_daily_cents=2_000, staff_hosting_nightly_cents=12_600)
SUMMER = (DatedRate("CA-QC", "local_transport", date(2027, 4, 17), date(2027, 10, 31), 1_400),
          DatedRate("CA-QC", "staff_hosting", date(2027, 4, 17), date(2027, 10, 31), 13_800))


def incoming_from_lyon(rates=None, locale="fr"):
    visitors = students(8) + (Participant("t1", "teacher"), Participant("a1", "accompanying"))
    trip = TripInput(RIMOUSKI, LYON, date(2027, 4, 12), date(2027, 4, 21), "air", visitors, "per_participant_cap",
                     direction="incoming")
    return compute_budget(trip, rates or replace(REFERENCE, host=HOST, dated=SUMMER), locale)


def test_host_lines_across_a_rate_change_are_priced_at_each_days_rate():
    """Incoming group from Lyon in Rimouski, 12 → 21 April 2027: 10 days, 9 nights; 10 visitors of whom 2
    accompanying staff. Host rates of the call: local transport 12 $ a visitor-day, 14 $ from 17 April; activities
    20 $ a visitor-day (undated); hosting of accompanying staff 126 $ a night, 138 $ from 17 April.

    Local transport: days 12–16 April = 5 × 12 $ = 60 $; days 17–21 April = 5 × 14 $ = 70 $; 130 $ a visitor,
    × 10 = 1 300 $. Activities: 10 × 10 days × 20 $ = 2 000 $. Staff hosting: nights of 12–16 April = 5 × 126 $ =
    630 $; nights of 17–20 April = 4 × 138 $ = 552 $; 1 182 $ a person, × 2 = 2 364 $. Total 5 664 $ (cap 10 ×
    2 000 $ = 20 000 $ not reached).
    """
    budget = incoming_from_lyon()
    assert {line.kind: line.amount_cents for line in budget.lines} == {
        LineKind.LOCAL_TRANSPORT: 130_000, LineKind.ACTIVITIES: 200_000, LineKind.STAFF_HOSTING: 236_400}
    assert budget.total_cents == 566_400
    assert [norm(line.explanation) for line in budget.lines] == [
        "10 visiteur·euse·s × (5 jours × 12,00 $ + 5 jours × 14,00 $) = 10 × 130,00 $ = 1 300,00 $",
        "10 visiteur·euse·s × 10 jours × 20,00 $ = 2 000,00 $",
        "2 accompagnateur·trice·s × (5 nuits × 126,00 $ + 4 nuits × 138,00 $) = 2 × 1 182,00 $ = 2 364,00 $",
    ]


def test_host_lines_across_a_rate_change_in_english():
    lines = incoming_from_lyon(locale="en").lines
    assert norm(lines[2].explanation) == (
        "2 accompanying staff members × (5 nights × $126.00 + 4 nights × $138.00) = 2 × $1,182.00 = $2,364.00")


def test_a_dated_host_rate_alone_funds_its_line_on_its_dates_only():
    # no undated activities rate; 25 $ from 17 April: days 12–16 at 0 $, 17–21 at 25 $ → 10 × 125 $ = 1 250 $
    rates = replace(REFERENCE, host=HostRates(), dated=(
        DatedRate("CA-QC", "activities", date(2027, 4, 17), date(2027, 10, 31), 2_500),))
    [line] = incoming_from_lyon(rates).lines
    assert (line.kind, line.amount_cents) == (LineKind.ACTIVITIES, 125_000)


def test_a_host_rate_must_be_for_quebec():
    with pytest.raises(ValueError):
        DatedRate("CA-ON", "activities", date(2027, 4, 17), date(2027, 10, 31), 2_500)


@st.composite
def host_seasons(draw):
    day, rows = date(2027, 1, 1), []
    for _ in range(draw(st.integers(0, 5))):
        day += timedelta(days=draw(st.integers(0, 20)))
        length = draw(st.integers(0, 40))
        rows.append(DatedRate("CA-QC", "local_transport", day, day + timedelta(days=length),
                              draw(st.integers(0, 5_000))))
        day += timedelta(days=length + 1)
    return tuple(rows)


@settings(deadline=None)
@given(host_seasons(), st.integers(0, 200), st.integers(0, 30))
def test_each_host_day_is_priced_once_at_the_rate_of_its_date(dated, offset, length):
    rates = replace(REFERENCE, host=HOST, dated=dated)
    start = date(2027, 1, 1) + timedelta(days=offset)
    trip = TripInput(RIMOUSKI, LYON, start, start + timedelta(days=length), "air", students(3),
                     "per_participant_cap", direction="incoming")
    line = compute_budget(trip, rates, "en").lines_of(LineKind.LOCAL_TRANSPORT)[0]
    days = [start + timedelta(days=i) for i in range(length + 1)]
    assert line.amount_cents == 3 * sum(rates.host_on(day, "local_transport") for day in days)
    assert line.amount_cents == line.count * line.quantity * line.unit_cents

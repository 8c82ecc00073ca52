"""Worked examples with hand-checked figures (reference rate table from portal/data).

Reference rates used below (see test_funding_reference.py):
  band 500–1 999 km: 464 $ standard / 626 $ green; band 4 000–7 999 km: 1 230 $ (no green)
  nightly 126,00 $; daily 46,25 $; cap 2 000 $ per participant;
  staff flat 2 500 $ (7–14 days) / 3 000 $ (15+ days); offset 42 $/t.
Distances: haversine d = 2R·asin(√h), h = sin²(Δφ/2) + cosφ1·cosφ2·sin²(Δλ/2),
R = 6 371.0088 km, with the gazetteer coordinates quoted in each test, and
checked again below with the spherical law of cosines (an independent formula).
"""
import json
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portal.funding import (
    Coordinates,
    LineKind,
    OceanCrossing,
    Participant,
    Place,
    TripInput,
    budget_to_dict,
    check_requested,
    compute_budget,
    load_reference_rate_table,
    resolve_place,
    sum_carbon,
)

pytestmark = pytest.mark.no_db  # pure functions: no database transaction

DATA = Path(__file__).resolve().parents[3] / "portal" / "data"


def norm(text: str) -> str:
    """Babel uses no-break spaces (U+00A0, sometimes U+202F): compare with plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def law_of_cosines_km(a: Coordinates, b: Coordinates) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


@pytest.fixture(scope="module")
def rates():
    return load_reference_rate_table(DATA)


def people(students: int, adults: tuple[str, ...] = ()) -> tuple[Participant, ...]:
    return tuple(Participant(f"s{i}", "student") for i in range(students)) + tuple(
        Participant(f"a{i}", kind) for i, kind in enumerate(adults))


def amounts(budget):
    return {line.kind: line.amount_cents for line in budget.lines}


def test_a_quebec_lyon_group_by_air(rates):
    # Québec (46.81228, −71.21454) → Lyon (45.74906, 4.84789)
    # Δφ = −1.06322°, Δλ = 76.06243°; sin²(Δφ/2) = 0.0000861; cosφ1·cosφ2 = 0.477569;
    # sin²(Δλ/2) = 0.379568; h = 0.0000861 + 0.477569 × 0.379568 = 0.181356
    # 2·asin(√0.181356) = 0.879823 rad × 6 371.0088 = 5 605.4 km → 5 605 km, band 4 000–7 999
    origin, dest = resolve_place("Québec", "CA"), resolve_place("Lyon", "FR")
    assert law_of_cosines_km(origin.coordinates, dest.coordinates) == pytest.approx(5605.4, abs=1)
    trip = TripInput(origin, dest, date(2025, 5, 4), date(2025, 5, 17), "air",
                     people(10, ("teacher", "accompanying")), "per_participant_cap")
    b = compute_budget(trip, rates, "fr")
    assert (b.distance_km, b.band.min_km, b.band.max_km) == (5605, 4000, 7999)
    assert (trip.days, trip.nights) == (14, 13)  # 4 → 17 May inclusive
    # transport 12 × 1 230 = 14 760 $; lodging 12 × 13 × 126 = 19 656 $;
    # subsistence 12 × 14 × 46,25 = 7 770 $; per person 1 230 + 1 638 + 647,50 = 3 515,50 $
    # → 1 515,50 $ above the 2 000 $ cap; reduction 12 × 1 515,50 = 18 186 $
    assert amounts(b) == {LineKind.TRANSPORT: 1_476_000, LineKind.LODGING: 1_965_600,
                          LineKind.SUBSISTENCE: 777_000, LineKind.CAP_REDUCTION: -1_818_600}
    assert b.total_cents == b.cap_cents == 2_400_000  # 42 186 − 18 186 = 24 000 $ = 12 × 2 000
    # accompanying adults are funded exactly like the students
    assert {p.total_cents for p in b.per_participant} == {200_000}
    assert {p.reduction_cents for p in b.per_participant} == {-151_550}
    assert [norm(line.explanation) for line in b.lines] == [
        "12 participant·e·s × 1 230,00 $ (bande 4 000–7 999 km, Québec → Lyon 5 605 km, 1 EUR = 1,50 $) "
        "= 14 760,00 $",
        "12 participant·e·s × 13 nuits × 126,00 $ = 19 656,00 $",
        "12 participant·e·s × 14 jours × 46,25 $ = 7 770,00 $",
        "Plafond de 2 000,00 $ par participant·e : 12 participant·e·s × −1 515,50 $ = −18 186,00 $",
    ]
    en = compute_budget(trip, rates, "en")
    assert [line.explanation for line in en.lines] == [
        "12 participants × $1,230.00 (band 4,000–7,999 km, Québec → Lyon 5,605 km, EUR 1 = $1.50) = $14,760.00",
        "12 participants × 13 nights × $126.00 = $19,656.00",
        "12 participants × 14 days × $46.25 = $7,770.00",
        "Cap of $2,000.00 per participant: 12 participants × −$1,515.50 = −$18,186.00",
    ]
    assert [line.label for line in en.lines] == ["Transport", "Lodging", "Subsistence", "Cap reduction"]
    # carbon: long haul (≥ 3 700 km), 5 605 × 0.150 × 12 × 2 = 20 178.0 kg;
    # offset 20.178 t × 42 $ = 847.476 $ → 84 748 ¢
    assert b.carbon.factor_key == "air_long_haul"
    assert (b.carbon.kg_co2e, b.carbon.offset_cents) == (Decimal("20178.0"), 84_748)
    # requests: below computed OK, above the cap only with an exception the ministry approved
    assert check_requested(2_000_000, b) == []
    assert check_requested(2_400_000, b) == []
    assert norm(check_requested(2_400_100, en)[0]) == (
        "The requested amount ($24,001.00) exceeds the cap ($24,000.00) by $1.00: only an exception approved by "
        "the ministry allows more.")
    assert "exception approuvée par le ministère" in check_requested(2_400_100, b)[0]
    assert check_requested(2_400_100, b, 100) == []
    assert check_requested(2_400_101, b, 100) != []
    assert check_requested(-1, b) != []
    snapshot = json.loads(json.dumps(budget_to_dict(b)))
    assert snapshot["total_cents"] == 2_400_000 and len(snapshot["lines"]) == 4
    assert snapshot["carbon"]["kg_co2e"] == "20178.0"


def test_b_montreal_stuttgart_staff_flat(rates):
    # Montréal (45.50884, −73.58781) → Stuttgart (48.78232, 9.17702)
    # Δφ = 3.27348°, Δλ = 82.76483°; sin²(Δφ/2) = 0.0008158; cosφ1·cosφ2 = 0.461772;
    # sin²(Δλ/2) = 0.437029; h = 0.0008158 + 0.461772 × 0.437029 = 0.202623
    # 2·asin(√0.202623) = 0.933838 rad × 6 371.0088 = 5 949.5 km → 5 949 km, band 4 000–7 999
    origin, dest = resolve_place("Montréal", "CA"), resolve_place("Stuttgart", "DE")
    assert law_of_cosines_km(origin.coordinates, dest.coordinates) == pytest.approx(5949.5, abs=1)
    teacher = (Participant("t1", "teacher"),)
    trip = TripInput(origin, dest, date(2025, 10, 6), date(2025, 10, 12), "air", teacher,
                     "flat_by_duration")
    b = compute_budget(trip, rates, "fr")
    assert trip.days == 7 and b.distance_km == 5949 and b.band.min_km == 4000
    # 7 days is in the 7–14 tier → 1 × 2 500 $
    assert [(ln.kind, ln.amount_cents) for ln in b.lines] == [(LineKind.FLAT, 250_000)]
    assert b.total_cents == b.cap_cents == 250_000 and b.eligible
    assert norm(b.lines[0].explanation) == (
        "1 participant·e × 2 500,00 $ (forfait 7 à 14 jours, séjour de 7 jours) = 2 500,00 $")
    assert compute_budget(trip, rates, "en").lines[0].explanation == (
        "1 participant × $2,500.00 (flat rate for 7–14 days, 7-day stay) = $2,500.00")
    # carbon: 5 949 × 0.150 × 1 × 2 = 1 784.7 kg; 1.7847 t × 42 $ = 74.9574 $ → 7 496 ¢
    assert (b.carbon.kg_co2e, b.carbon.offset_cents) == (Decimal("1784.7"), 7_496)

    # 15 days → 3 000 $; 14 days → still 2 500 $
    long = TripInput(origin, dest, date(2025, 10, 6), date(2025, 10, 20), "air", teacher,
                     "flat_by_duration")
    assert compute_budget(long, rates, "fr").total_cents == 300_000
    assert compute_budget(TripInput(origin, dest, date(2025, 10, 6), date(2025, 10, 19), "air",
                                    teacher, "flat_by_duration"), rates, "fr").total_cents == 250_000
    # 6 days → not eligible, 0 with a reason
    short = TripInput(origin, dest, date(2025, 10, 6), date(2025, 10, 11), "air", teacher,
                      "flat_by_duration")
    s = compute_budget(short, rates, "fr")
    assert (s.total_cents, s.cap_cents, s.eligible) == (0, 0, False)
    assert norm(s.reasons[0]) == "séjour de 6 jours : non admissible, minimum 7 jours"
    assert norm(s.lines[0].explanation) == (
        "1 participant·e × 0,00 $ (séjour de 6 jours : non admissible, minimum 7 jours) = 0,00 $")
    assert compute_budget(short, rates, "en").reasons == ("6-day stay: not eligible, minimum 7 days",)
    assert check_requested(0, s) == [] and len(check_requested(1, s)) == 1


def test_c_rimouski_puebla_by_air(rates):
    # Rimouski (48.44879, −68.52396) → Puebla (19.04778, −98.20723)
    # Δφ = −29.40101°, Δλ = −29.68327°; sin²(Δφ/2) = 0.0643974; cosφ1·cosφ2 = 0.626972;
    # sin²(Δλ/2) = 0.065612; h = 0.0643974 + 0.626972 × 0.065612 = 0.105534
    # 2·asin(√0.105534) = 0.661728 rad × 6 371.0088 = 4 215.9 km → 4 215 km, band 4 000–7 999
    origin, dest = resolve_place("Rimouski", "CA"), resolve_place("Puebla", "MX")
    assert law_of_cosines_km(origin.coordinates, dest.coordinates) == pytest.approx(4215.9, abs=1)
    trip = TripInput(origin, dest, date(2026, 3, 1), date(2026, 3, 8), "air", people(2),
                     "per_participant_cap")
    b = compute_budget(trip, rates, "en")
    assert (b.distance_km, b.band.min_km, trip.days, trip.nights) == (4215, 4000, 8, 7)
    # per student: 1 230 + 7 × 126 (882) + 8 × 46.25 (370) = 2 482 $ → 482 $ over the cap
    assert amounts(b) == {LineKind.TRANSPORT: 246_000, LineKind.LODGING: 176_400,
                          LineKind.SUBSISTENCE: 74_000, LineKind.CAP_REDUCTION: -96_400}
    assert b.total_cents == 400_000  # 2 × 2 000 $
    # carbon: 4 215 km ≥ 3 700 → long haul; 4 215 × 0.150 × 2 × 2 = 2 529.0 kg;
    # 2.529 t × 42 $ = 106.218 $ → 10 622 ¢
    assert (b.carbon.factor_key, b.carbon.kg_co2e, b.carbon.offset_cents) == (
        "air_long_haul", Decimal("2529.0"), 10_622)


def test_c2_rimouski_puebla_quoted_fare(rates):
    origin = Place("Rimouski", "CA", Coordinates(48.44879, -68.52396))
    dest = Place("Puebla", "MX", Coordinates(19.04778, -98.20723))
    trip = TripInput(origin, dest, date(2026, 3, 1), date(2026, 3, 8), "quoted", people(1),
                     "per_participant_cap", quoted_cost_cents=260_000,
                     justification="Aucun vol à moins de 2 600 $ en mars")
    b = compute_budget(trip, rates, "fr")
    # caps are caps, quoted fare included: 2 600 + 882 + 370 = 3 852 $ → 1 852 $ above the 2 000 $ cap
    assert amounts(b) == {LineKind.TRANSPORT: 260_000, LineKind.LODGING: 88_200,
                          LineKind.SUBSISTENCE: 37_000, LineKind.CAP_REDUCTION: -185_200}
    assert b.total_cents == b.cap_cents == 200_000
    transport = b.lines_of(LineKind.TRANSPORT)[0]
    assert transport.needs_review and b.needs_review
    assert transport.justification == "Aucun vol à moins de 2 600 $ en mars"
    assert norm(transport.explanation) == (
        "1 participant·e × 2 600,00 $ (coût soumis, Rimouski → Puebla 4 215 km; "
        "justification : Aucun vol à moins de 2 600 $ en mars) = 2 600,00 $")
    # the quote's justification does not lift the cap: only an approved exception does
    assert check_requested(200_000, b) == [] and check_requested(385_200, b) != []
    assert check_requested(385_200, b, 185_200) == []
    assert compute_budget(trip, rates, "en").lines_of(LineKind.CAP_REDUCTION)[0].explanation.startswith(
        "Cap of $2,000.00 per participant (quoted transport included): ")
    with pytest.raises(ValueError):
        TripInput(origin, dest, date(2026, 3, 1), date(2026, 3, 8), "quoted", people(1),
                  "per_participant_cap", quoted_cost_cents=260_000, justification="  ")


def test_d_montreal_toronto_green_train(rates):
    # Montréal (45.50884, −73.58781) → Toronto (43.70643, −79.39864), VIA Rail
    # Δφ = −1.80241°, Δλ = −5.81083°; sin²(Δφ/2) = 0.0002474; cosφ1·cosφ2 = 0.506600;
    # sin²(Δλ/2) = 0.002569; h = 0.0002474 + 0.506600 × 0.002569 = 0.001549
    # 2·asin(√0.001549) = 0.078734 rad × 6 371.0088 = 501.6 km → 501 km, band 500–1 999
    origin, dest = resolve_place("Montréal", "CA"), resolve_place("Toronto", "CA")
    assert law_of_cosines_km(origin.coordinates, dest.coordinates) == pytest.approx(501.6, abs=1)
    trip = TripInput(origin, dest, date(2025, 4, 7), date(2025, 4, 13), "green", people(4),
                     "per_participant_cap")
    b = compute_budget(trip, rates, "fr")
    assert (b.distance_km, b.band.min_km, b.band.max_km) == (501, 500, 1999)
    # per student: green 626 + 6 × 126 (756) + 7 × 46,25 (323,75) = 1 705,75 $ < 2 000 $
    assert amounts(b) == {LineKind.TRANSPORT: 250_400, LineKind.LODGING: 302_400,
                          LineKind.SUBSISTENCE: 129_500}
    assert b.total_cents == 682_300  # 4 × 1 705,75
    assert norm(b.lines[0].explanation) == (
        "4 participant·e·s × 626,00 $ (transport vert, bande 500–1 999 km, "
        "Montréal → Toronto 501 km, 1 EUR = 1,50 $) = 2 504,00 $")
    # rail: 501 × 0.003 × 4 × 2 = 12.024 → 12.0 kg (the sum of the legs); 0.0120 t × 4 200 ¢ = 50.4 → 50 ¢
    assert (b.carbon.factor_key, b.carbon.kg_co2e, b.carbon.offset_cents) == (
        "rail", Decimal("12.0"), 50)
    # by coach: 501 × 0.030 × 4 × 2 = 120.24 → 120.2 kg; 0.1202 × 4 200 = 504.84 → 505 ¢
    coach = compute_budget(TripInput(origin, dest, trip.start, trip.end, "green", people(4),
                                     "per_participant_cap", vehicle="coach"), rates, "fr")
    assert (coach.carbon.kg_co2e, coach.carbon.offset_cents) == (Decimal("120.2"), 505)
    # by air it is a short-haul flight (501 km < 1 500 km): 501 × 0.255 × 4 × 2 = 1 022.04 → 1 022.0 kg
    air = compute_budget(TripInput(origin, dest, trip.start, trip.end, "air", people(4),
                                   "per_participant_cap"), rates, "en")
    assert (air.carbon.factor_key, air.carbon.kg_co2e) == ("air_short_haul", Decimal("1022.0"))
    assert air.lines[0].amount_cents == 4 * 46_400
    total = sum_carbon([b.carbon, coach.carbon, air.carbon])
    assert total.kg_co2e == Decimal("1154.2") and total.offset_cents == 50 + 505 + air.carbon.offset_cents
    assert (total.trips, total.participants) == (3, 12)


def test_rail_across_an_ocean_is_refused(rates):
    origin = Place("Québec", "CA", Coordinates(46.81228, -71.21454))
    dest = Place("Lyon", "FR", Coordinates(45.74906, 4.84789))
    trip = TripInput(origin, dest, date(2025, 5, 4), date(2025, 5, 17), "green", people(1),
                     "per_participant_cap", vehicle="rail")
    with pytest.raises(OceanCrossing):
        compute_budget(trip, rates, "en")


def test_green_without_green_amount_falls_back_to_standard(rates):
    # Lisbon → Novosibirsk by rail, one land mass, band 4 000–7 999 km has no green amount
    origin = Place("Lisboa", "PT", Coordinates(38.7223, -9.1393))
    dest = Place("Novosibirsk", "RU", Coordinates(55.0084, 82.9357))
    trip = TripInput(origin, dest, date(2025, 5, 4), date(2025, 5, 17), "green", people(1),
                     "per_participant_cap", vehicle="rail")
    b = compute_budget(trip, rates, "en")
    assert b.lines[0].amount_cents == 123_000
    assert "no green amount for this band, standard amount" in b.lines[0].explanation


def test_below_first_band_and_short_stay(rates):
    a = Place("Centre A", "CA", Coordinates(46.80, -71.20))
    c = Place("Centre B", "CA", Coordinates(46.83, -71.22))  # ≈ 3.7 km away
    trip = TripInput(a, c, date(2025, 1, 6), date(2025, 1, 10), "air", people(3),
                     "per_participant_cap")
    b = compute_budget(trip, rates, "fr")
    assert b.band is None and b.lines[0].amount_cents == 0
    assert "sous la première bande (10 km)" in norm(b.lines[0].explanation)
    # 5 days < 7: amounts still shown but flagged ineligible
    assert not b.eligible and norm(b.reasons[0]) == "séjour de 5 jours : non admissible, minimum 7 jours"
    assert b.total_cents == 3 * (4 * 12_600 + 5 * 4_625)
    assert check_requested(1, b) != []


def test_invalid_trips():
    p = Place("X", "CA", Coordinates(0, 0))
    with pytest.raises(ValueError):
        TripInput(p, p, date(2025, 1, 2), date(2025, 1, 1), "air", people(1), "per_participant_cap")
    with pytest.raises(ValueError):
        TripInput(p, p, date(2025, 1, 1), date(2025, 1, 9), "air",
                  (Participant("x", "student"), Participant("x", "teacher")), "per_participant_cap")
    with pytest.raises(ValueError):
        TripInput(p, p, date(2025, 1, 1), date(2025, 1, 9), "air", people(1), "per_participant_cap",
                  quoted_cost_cents=100)
    with pytest.raises(ValueError):
        TripInput(p, p, date(2025, 1, 1), date(2025, 1, 9), "rocket", people(1), "per_participant_cap")

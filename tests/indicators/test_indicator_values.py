"""Indicator values against the hand-counted fixture of conftest.py."""
from __future__ import annotations

from decimal import Decimal

from portal.extensions import db
from portal.indicators import activity, carbon, equity, money, outcomes, stages
from portal.indicators.filters import Filters
from portal.models import TravelLeg

ALL = Filters()


def test_applications_by_status(counted):
    assert activity.status_counts(ALL) == {"approved": 2, "completed": 1, "draft": 1, "withdrawn": 1}


def test_beneficiaries_count_only_stays_that_happen(counted):
    rows = {(r.direction, r.kind): r.participants for r in activity.participants(ALL)}
    assert rows == {("outgoing", "student"): 4, ("outgoing", "accompanying"): 1, ("incoming", "teacher"): 1}


def test_reach_splits_the_cmm(counted):
    reach = activity.reach(ALL)
    assert (reach.centres, reach.all_centres, reach.service_centres, reach.centres_outside_cmm) == (2, 3, 2, 1)
    assert (reach.participants_in_cmm, reach.participants_outside_cmm) == (4, 2)
    assert (reach.countries, reach.partners) == (2, 1)


def test_money(counted):
    assert money.totals(ALL) == money.Money(requested=350_000, approved=240_000, committed=300_000,
                                            released=40_000, spent=80_000, returned=10_000)


def test_envelope_use(counted):
    [envelope] = money.envelopes(Filters(year=2031))
    assert (envelope.envelope, envelope.committed, envelope.remaining, envelope.use) == (
        1_000_000, 300_000, 700_000, 0.3)


def test_time_in_each_stage_median_and_p90(counted):
    result = {s.stage: (s.decisions, s.median_days, s.p90_days) for s in stages.stage_times(ALL)}
    assert result == {"coordinator": (2, 3.0, 3.8), "ministry": (2, 2.0, 2.8)}


def test_reciprocity_answered(counted):
    assert outcomes.reciprocity(ALL) == outcomes.Reciprocity(outgoing=2, answered=1)


def test_partner_balance_counts_participants_sent_and_received(counted):
    [balance] = outcomes.partner_balances(ALL)
    assert (balance.sent, balance.received, balance.balance) == (5, 1, 4)


def test_satisfaction_withholds_means_under_three_reports(counted):
    rows = {s.group: s for s in outcomes.satisfaction(ALL)}
    inside, outside, overall = rows["in_cmm"], rows["outside_cmm"], rows["all"]
    assert (inside.participants, inside.reports, inside.withheld, inside.means["overall"]) == (4, 3, False, 4.0)
    assert inside.means["preparation"] == 4.0
    assert inside.response_rate == 0.75
    assert (outside.participants, outside.reports, outside.withheld, outside.means["overall"]) == (2, 2, True, None)
    assert (overall.participants, overall.reports, overall.means["overall"]) == (6, 5, 3.0)


def test_satisfaction_distribution(counted):
    assert outcomes.distribution(ALL)["overall"] == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}


def test_distribution_is_withheld_under_three_reports(counted):
    assert outcomes.distribution(Filters(cmm="out")) == {}


def test_carbon_by_mode(counted):
    rows = {r.key: (r.trips, r.not_computed, r.kg, r.offset_cents) for r in carbon.by_mode(ALL)}
    assert rows == {"air": (2, 1, Decimal("100.0"), 500), "green": (1, 1, Decimal("0.0"), 0)}


def test_participants_per_region(counted):
    rows = {r.code: (r.participants, r.share) for r in equity.by_region(ALL) if r.participants}
    assert rows == {"06": (4, 4 / 6), "01": (2, 2 / 6)}


def test_filters_restrict_every_figure(counted):
    assert activity.status_counts(Filters(cmm="in")) == {"approved": 2}
    assert activity.reach(Filters(country="DE")).participants_outside_cmm == 2
    assert money.totals(Filters(region="06")).approved == 150_000


def _leg(application, position, mode, km, kg):
    db.session.add(TravelLeg(application_id=application.id, position=position, mode=mode, origin_city="A",
                             origin_country="CA", destination_city="B", destination_country="FR",
                             distance_km=km, co2_kg=kg))


def test_carbon_by_mode_counts_each_leg_in_its_own_mode(counted, factories):
    """app6 (2 participants) flies Montréal → Paris (5 520 km, long haul 0.150) then takes the train Paris → Lyon
    (392 km, 0.003): air 5 520 × 0.150 × 2 participants × 2 = 3 312.0 kg, rail 392 × 0.003 × 2 × 2 = 4.7 kg.
    app7's coach leg has no figures yet. At 42,00 $ a tonne: air 500 (app1, no legs) + 3 312.0 × 4.2 = 14 410
    cents, rail 4.7 × 4.2 = 19.74 → 20 cents. app1 and app3 keep their single mode (air), app2 its own (green)."""
    call = counted["call"]
    call.offset_cents_per_tonne = 4_200
    app6 = factories.application(counted["a"], call_obj=call, status="approved", travel_mode="air",
                                 co2_kg=Decimal("3316.7"), offset_cents=13_930)
    app7 = factories.application(counted["b"], call_obj=call, status="in_progress", travel_mode="green")
    _leg(app6, 0, "air", 5_520, Decimal("3312.0"))
    _leg(app6, 1, "rail", 392, Decimal("4.7"))
    _leg(app7, 0, "coach", None, None)
    db.session.flush()
    rows = {r.key: (r.trips, r.not_computed, r.kg, r.offset_cents, r.km) for r in carbon.by_mode(ALL)}
    assert rows == {"air": (3, 1, Decimal("3412.0"), 14_410, 5_520),
                    "rail": (1, 0, Decimal("4.7"), 20, 392),
                    "coach": (1, 1, Decimal("0.0"), 0, 0),
                    "green": (1, 1, Decimal("0.0"), 0, 0)}


def test_carbon_by_mode_follows_the_filters(counted, factories):
    app6 = factories.application(counted["b"], call_obj=counted["call"], status="approved", travel_mode="air")
    _leg(app6, 0, "rail", 300, Decimal("3.6"))
    db.session.flush()
    assert {r.key: r.kg for r in carbon.by_mode(Filters(cmm="out"))} == {"green": Decimal("0.0"),
                                                                         "rail": Decimal("3.6")}

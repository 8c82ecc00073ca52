"""Suggestion ranking on a hand-built fixture (pure: no database, no Flask)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from portal.partners.pairing.suggestions import ApplicationProfile, PartnerProfile, ReasonCode, suggest

pytestmark = pytest.mark.no_db

APPLICATION = ApplicationProfile(
    id=1, centre_id=7, direction="outgoing", trade_code="5298", trade_sector="10", languages=frozenset({"fr"}),
    participants=10, start=date(2027, 3, 1), end=date(2027, 3, 14), destination_country="FR",
    allowed_countries=frozenset({"FR", "DE", "MX", "GB", "BE"}),
)


def partner(id, name, country, **fields) -> PartnerProfile:
    values = dict(id=id, name=name, country_code=country, active=True, trades=frozenset(), sectors=frozenset(),
                  languages=(), capacity_per_year=None, booked_in_year=0)
    values.update(fields)
    return PartnerProfile(**values)


PARTNERS = [
    partner(1, "Lyon", "FR", trades=frozenset({"5298"}), sectors=frozenset({"10"}), languages=("fr",),
            capacity_per_year=40, booked_in_year=10, successful_stays_with_centre=1),
    partner(2, "Stuttgart", "DE", trades=frozenset({"S10"}), sectors=frozenset({"10"}), languages=("de", "en"),
            capacity_per_year=12, booked_in_year=5, person_days_sent=50, person_days_received=250),
    partner(3, "Puebla", "MX", trades=frozenset({"5311"}), sectors=frozenset({"03"}), languages=("es", "fr"),
            person_days_received=120),
    partner(4, "Manchester", "GB", trades=frozenset({"5298"}), languages=("en",), active=False),
    partner(5, "Madrid", "ES", trades=frozenset({"5298"}), languages=("es", "fr")),
    partner(6, "Anvers", "BE", trades=frozenset({"5298"}), sectors=frozenset({"10"}), languages=("nl", "fr"),
            capacity_per_year=20, agreement_end=date(2027, 2, 1)),
]


def codes(suggestion) -> list[str]:
    return [str(reason.code) for reason in suggestion.reasons]


def test_partners_are_ranked_by_their_reasons():
    ranked = suggest(APPLICATION, PARTNERS)
    assert [(s.partner.name, s.score) for s in ranked] == [("Lyon", 75), ("Anvers", 45), ("Puebla", 27),
                                                            ("Stuttgart", 10)]


def test_each_suggestion_carries_its_reasons_with_their_points():
    ranked = {s.partner.name: s for s in suggest(APPLICATION, PARTNERS)}
    lyon = {r.code: (r.points, r.params) for r in ranked["Lyon"].reasons}
    assert lyon == {
        ReasonCode.SAME_TRADE: (40, {"trade": "5298"}),
        ReasonCode.LANGUAGE: (15, {"languages": ("fr",)}),
        ReasonCode.PLANNED_COUNTRY: (5, {"country": "FR"}),
        ReasonCode.CAPACITY_LEFT: (10, {"left": 30, "needed": 10, "year": 2027}),
        ReasonCode.PAST_STAYS: (5, {"count": 1}),
    }
    assert codes(ranked["Stuttgart"]) == ["same_sector", "no_shared_language", "capacity_short", "reciprocity_owed"]
    assert ranked["Stuttgart"].reasons[-1].params == {"person_days": 200}
    assert ranked["Stuttgart"].reasons[-1].points == 20  # capped
    assert codes(ranked["Puebla"]) == ["no_trade_match", "language", "capacity_unknown", "reciprocity_owed"]
    assert ranked["Puebla"].reasons[-1].points == 12
    assert codes(ranked["Anvers"])[-1] == "agreement_gap"


def test_inactive_partners_and_countries_the_program_does_not_fund_are_left_out():
    names = {s.partner.name for s in suggest(APPLICATION, PARTNERS)}
    assert "Manchester" not in names  # inactive
    assert "Madrid" not in names  # ES not allowed


def test_a_program_without_a_country_list_allows_every_country():
    names = {s.partner.name for s in suggest(replace(APPLICATION, allowed_countries=frozenset()), PARTNERS)}
    assert "Madrid" in names


def test_for_an_incoming_stay_partners_that_hosted_more_than_they_sent_come_first():
    incoming = replace(APPLICATION, direction="incoming")
    owes_us = partner(10, "Host", "FR", person_days_sent=300, person_days_received=100)
    we_owe = partner(11, "Guest", "FR", person_days_sent=0, person_days_received=300)
    ranked = suggest(incoming, [we_owe, owes_us])
    assert [s.partner.name for s in ranked] == ["Host", "Guest"]
    assert codes(ranked[0])[-1] == "reciprocity_owed"
    assert "reciprocity_owed" not in codes(ranked[1])


def test_equal_scores_are_ordered_by_name():
    twins = [partner(20, "beta", "FR"), partner(21, "Alpha", "FR")]
    assert [s.partner.name for s in suggest(APPLICATION, twins)] == ["Alpha", "beta"]


def test_past_stays_points_are_capped():
    many = partner(30, "Old friend", "FR", successful_stays_with_centre=9)
    reason = next(r for r in suggest(APPLICATION, [many])[0].reasons if r.code == ReasonCode.PAST_STAYS)
    assert reason.points == 15


def test_a_profile_begins_with_the_registry_fields_in_their_order():
    from portal.partners.pairing.inputs import RegistryPartner, partner_profile

    registry = RegistryPartner(7, "Lyon", "FR", True, frozenset({"5298"}), frozenset({"10"}), ("fr",), 40,
                               date(2026, 1, 1), date(2030, 12, 31))
    profile = partner_profile(registry, booked=3, successful=2)
    assert profile[:len(registry)] == registry
    assert PartnerProfile._fields[:len(RegistryPartner._fields)] == RegistryPartner._fields
    assert (profile.booked_in_year, profile.successful_stays_with_centre) == (3, 2)
    assert (profile.person_days_sent, profile.person_days_received) == (0, 0)

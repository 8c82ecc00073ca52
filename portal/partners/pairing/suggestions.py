"""Ranked partner suggestions for one application. Pure: plain values in, plain values out.

Each suggestion carries its reasons as codes with parameters (the views put them into words, translated); the
score is the sum of the reasons' points. Weights, and why:

    same program of study ................ +40   hosting the very trade is what makes a stay useful
    same training sector only ............ +20   a neighbouring trade is often workable
    (neither) ............................   0   shown, but last: the coordinator may know better
    shared language ...................... +15   the group can follow the training
    in the application's planned country .  +5   the budget was computed for that destination
    capacity left for the stay's year .... +10   enough places for the whole group
    capacity unknown .....................   0
    not enough capacity left ............. -30   kept visible: capacities are often negotiable
    past successful stays with the centre.  +5 each, at most +15   a relationship that already works
    reciprocity: person-days owed ........  +1 per 10 person-days owed, at most +20   partners owed a visit first
    agreement not covering the stay ...... -20   it must be renewed first

Excluded: inactive partners, and partners in a country the program does not fund.
Ties are broken by name, then id, so the order is stable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import NamedTuple


class ReasonCode(StrEnum):
    SAME_TRADE = "same_trade"
    SAME_SECTOR = "same_sector"
    NO_TRADE_MATCH = "no_trade_match"
    LANGUAGE = "language"
    NO_SHARED_LANGUAGE = "no_shared_language"
    PLANNED_COUNTRY = "planned_country"
    CAPACITY_LEFT = "capacity_left"
    CAPACITY_UNKNOWN = "capacity_unknown"
    CAPACITY_SHORT = "capacity_short"
    PAST_STAYS = "past_stays"
    RECIPROCITY_OWED = "reciprocity_owed"
    AGREEMENT_GAP = "agreement_gap"


WEIGHTS = {
    ReasonCode.SAME_TRADE: 40,
    ReasonCode.SAME_SECTOR: 20,
    ReasonCode.NO_TRADE_MATCH: 0,
    ReasonCode.LANGUAGE: 15,
    ReasonCode.NO_SHARED_LANGUAGE: 0,
    ReasonCode.PLANNED_COUNTRY: 5,
    ReasonCode.CAPACITY_LEFT: 10,
    ReasonCode.CAPACITY_UNKNOWN: 0,
    ReasonCode.CAPACITY_SHORT: -30,
    ReasonCode.AGREEMENT_GAP: -20,
}
POINTS_PER_PAST_STAY, MAX_PAST_STAY_POINTS = 5, 15
PERSON_DAYS_PER_POINT, MAX_RECIPROCITY_POINTS = 10, 20


@dataclass(frozen=True)
class ApplicationProfile:
    id: int
    centre_id: int
    direction: str  # "outgoing" | "incoming"
    trade_code: str
    trade_sector: str | None
    languages: frozenset[str]
    participants: int
    start: date | None
    end: date | None
    destination_country: str | None
    allowed_countries: frozenset[str]  # empty: every country


# Tuples, not dataclasses: the pairing page builds a profile, a few reasons and a suggestion for each of a thousand
# partners, and a frozen dataclass costs four times as much to build.
class PartnerProfile(NamedTuple):
    id: int
    name: str
    country_code: str
    active: bool
    trades: frozenset[str]  # program codes
    sectors: frozenset[str]  # sectors listed, or of the programs listed
    languages: tuple[str, ...]
    capacity_per_year: int | None
    agreement_start: date | None = None
    agreement_end: date | None = None
    booked_in_year: int = 0  # participants of other applications already paired for the stay's year
    successful_stays_with_centre: int = 0
    person_days_sent: int = 0  # Québec → partner (outgoing stays), all years
    person_days_received: int = 0  # partner → Québec (incoming stays), all years


class Reason(NamedTuple):
    code: ReasonCode
    points: int
    params: dict[str, object]


_points = attrgetter("points")


class Suggestion(NamedTuple):
    partner: PartnerProfile
    reasons: tuple[Reason, ...]
    score: int  # the sum of the reasons' points

    @classmethod
    def of(cls, partner: PartnerProfile, reasons: tuple[Reason, ...]) -> Suggestion:
        return cls(partner, reasons, sum(map(_points, reasons)))


def _reason(code: ReasonCode, **params: object) -> Reason:
    return Reason(code, WEIGHTS[code], params)


def is_eligible(application: ApplicationProfile, partner: PartnerProfile) -> bool:
    if not partner.active:
        return False
    return not application.allowed_countries or partner.country_code.upper() in application.allowed_countries


def owed_person_days(application: ApplicationProfile, partner: PartnerProfile) -> int:
    """How far this application would bring the partner's balance back into line (0 when it would not).

    An outgoing stay answers a partner that has sent more people to Québec than it received; an incoming one
    answers a partner that has hosted more than it sent."""
    if application.direction == "incoming":
        return max(partner.person_days_sent - partner.person_days_received, 0)
    return max(partner.person_days_received - partner.person_days_sent, 0)


class _Rules:
    """The rules, for one application. The reasons that do not depend on the partner's own figures are built once
    per application, the language and capacity reasons once per language list and per number of places left: a
    pairing page ranks a thousand partners. The reasons are read, never changed, so partners may share them."""

    def __init__(self, application: ApplicationProfile) -> None:
        self.application = application
        self.trade_code = application.trade_code.strip().upper()
        self.year = application.start.year if application.start else None
        self.destination = (application.destination_country or "").upper() or None
        self.same_trade = _reason(ReasonCode.SAME_TRADE, trade=self.trade_code)
        self.same_sector = _reason(ReasonCode.SAME_SECTOR, sector=application.trade_sector)
        self.no_trade_match = _reason(ReasonCode.NO_TRADE_MATCH)
        self.no_shared_language = _reason(ReasonCode.NO_SHARED_LANGUAGE)
        self.planned_country = _reason(ReasonCode.PLANNED_COUNTRY, country=self.destination)
        self.capacity_unknown = _reason(ReasonCode.CAPACITY_UNKNOWN)
        self._languages: dict[tuple[str, ...], Reason] = {}
        self._capacities: dict[int, Reason] = {}  # by places left

    def trade(self, partner: PartnerProfile) -> Reason:
        if self.trade_code and self.trade_code in partner.trades:
            return self.same_trade
        if self.application.trade_sector and self.application.trade_sector in partner.sectors:
            return self.same_sector
        return self.no_trade_match

    def language(self, partner: PartnerProfile) -> Reason:
        reason = self._languages.get(partner.languages)
        if reason is None:
            shared = tuple(code for code in partner.languages if code in self.application.languages)
            reason = _reason(ReasonCode.LANGUAGE, languages=shared) if shared else self.no_shared_language
            self._languages[partner.languages] = reason
        return reason

    def capacity(self, partner: PartnerProfile) -> Reason:
        if partner.capacity_per_year is None:
            return self.capacity_unknown
        left = max(partner.capacity_per_year - partner.booked_in_year, 0)
        reason = self._capacities.get(left)
        if reason is None:
            needed = self.application.participants
            code = ReasonCode.CAPACITY_LEFT if left >= needed else ReasonCode.CAPACITY_SHORT
            reason = self._capacities[left] = _reason(code, left=left, needed=needed, year=self.year)
        return reason

    def agreement_covers(self, partner: PartnerProfile) -> bool:
        start, end = self.application.start, self.application.end
        if start is None or end is None:
            return True
        if partner.agreement_start and start < partner.agreement_start:
            return False
        return not (partner.agreement_end and end > partner.agreement_end)

    def reasons(self, partner: PartnerProfile) -> tuple[Reason, ...]:
        reasons = [self.trade(partner), self.language(partner)]
        if self.destination and partner.country_code.upper() == self.destination:
            reasons.append(self.planned_country)
        reasons.append(self.capacity(partner))
        if partner.successful_stays_with_centre:
            points = min(POINTS_PER_PAST_STAY * partner.successful_stays_with_centre, MAX_PAST_STAY_POINTS)
            reasons.append(Reason(ReasonCode.PAST_STAYS, points, {"count": partner.successful_stays_with_centre}))
        owed = owed_person_days(self.application, partner)
        if owed:
            points = min(owed // PERSON_DAYS_PER_POINT, MAX_RECIPROCITY_POINTS)
            reasons.append(Reason(ReasonCode.RECIPROCITY_OWED, points, {"person_days": owed}))
        if not self.agreement_covers(partner):
            reasons.append(_reason(ReasonCode.AGREEMENT_GAP, start=partner.agreement_start,
                                   end=partner.agreement_end))
        return tuple(reasons)


def reasons_for(application: ApplicationProfile, partner: PartnerProfile) -> tuple[Reason, ...]:
    return _Rules(application).reasons(partner)


def rank(suggestion: Suggestion) -> tuple[int, str, int]:
    """The order of the suggestions: best score first, then name and id (a page cursor carries it)."""
    return -suggestion.score, suggestion.partner.name.casefold(), suggestion.partner.id


def suggest(application: ApplicationProfile, partners: list[PartnerProfile]) -> list[Suggestion]:
    """Eligible partners, best first."""
    rules = _Rules(application)
    suggestions = [Suggestion.of(partner, rules.reasons(partner))
                   for partner in partners if is_eligible(application, partner)]
    return sorted(suggestions, key=rank)

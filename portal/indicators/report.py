"""Every indicator of the page, gathered once per request with a fixed number of queries, and their codes in the
ministry's strategic plan (where the plan has one)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.indicators import activity, carbon, equity, figures, money, outcomes, stages
from portal.indicators.filters import Filters

# Indicator key → (plan code or "", label). The plan codes are those the program's strategic plan counts.
CATALOGUE: dict[str, tuple[str, object]] = {
    "statuses": ("", _l("Applications by status")),
    "participants": ("2.C.2", _l("Beneficiaries per year, by direction and kind")),
    "centres": ("1.A.3", _l("Participating schools (vocational-training centres)")),
    "service_centres": ("1.A.3", _l("School service centres taking part")),
    "outside_cmm": ("", _l("Participants and centres outside the CMM")),
    "countries": ("", _l("Destination countries and partners")),
    "money": ("", _l("Money: requested, approved, committed, released, spent, returned")),
    "envelopes": ("", _l("Envelope use per call")),
    "stages": ("", _l("Time in each review stage")),
    "reciprocity": ("", _l("Reciprocity: outgoing stays answered by an incoming one")),
    "satisfaction": ("2.D.1", _l("Participant satisfaction (inside and outside the CMM)")),
    "carbon": ("2.D.2", _l("Travel CO2 and offsets")),
    "regions": ("", _l("Regional equity: participants per region against vocational enrolment")),
}


def code(key: str) -> str:
    return CATALOGUE[key][0]


def label(key: str) -> str:
    return str(CATALOGUE[key][1])


@dataclass
class Indicators:
    filters: Filters
    statuses: dict[str, int]
    participants: list[activity.ParticipantRow]
    reach: activity.Reach
    countries: list[tuple[str, int]]
    money: money.Money
    envelopes: list[money.Envelope]
    stages: list[stages.StageTime]
    reciprocity: outcomes.Reciprocity
    partner_balances: list[outcomes.PartnerBalance]
    satisfaction: list[outcomes.Satisfaction]
    distribution: dict[str, dict[int, int]]
    carbon_by_mode: list[carbon.CarbonRow]
    carbon_by_year: list[carbon.CarbonRow]
    offsets_purchased: list[carbon.Purchased]
    regions: list[equity.RegionRow]
    as_of: datetime | None = None  # when these figures were computed (read back from indicator_figures)

    def participants_per_year(self) -> dict[int, int]:
        result: dict[int, int] = {}
        for row in self.participants:
            result[row.year] = result.get(row.year, 0) + row.participants
        return dict(sorted(result.items()))


def collect(filters: Filters) -> Indicators:
    return Indicators(
        filters=filters, statuses=activity.status_counts(filters), participants=activity.participants(filters),
        reach=activity.reach(filters), countries=activity.participants_by_country(filters),
        money=money.totals(filters), envelopes=money.envelopes(filters), stages=stages.stage_times(filters),
        reciprocity=outcomes.reciprocity(filters), partner_balances=outcomes.partner_balances(filters),
        satisfaction=outcomes.satisfaction(filters), distribution=outcomes.distribution(filters),
        carbon_by_mode=carbon.by_mode(filters), carbon_by_year=carbon.by_year(filters),
        offsets_purchased=carbon.purchased(filters), regions=equity.by_region(filters))


# What the stored figures are made of (portal/indicators/figures.py decodes only these).
STORED = (Indicators, Filters, activity.ParticipantRow, activity.Reach, money.Money, money.Envelope, stages.StageTime,
          outcomes.Reciprocity, outcomes.PartnerBalance, outcomes.Satisfaction, carbon.CarbonRow, carbon.Purchased,
          equity.RegionRow)


def current(filters: Filters) -> Indicators:
    """collect(filters), read from the figures stored at the current version of the data when there are some,
    else computed and stored (the view commits)."""
    return versioned(filters)[0]


def versioned(filters: Filters) -> tuple[Indicators, int | None]:
    """current(filters) and the version of the data they were stored under (None: not stored)."""
    data, as_of, version = figures.stored_or_computed(figures.key_of("indicators", asdict(filters)),
                                                      lambda: collect(filters), STORED)
    return replace(data, as_of=as_of), version

"""Anonymised aggregates of the submitted participant reports, for the yearly indicators.

Groups by application, centre, partner, destination country or call year. Only counts and means leave this
module: no names, no e-mail, no free text. Means and distributions of a group with fewer than
MIN_REPORTS_FOR_MEANS submitted reports are withheld (`withheld` is set): one or two answers would be a person's
own answers, readable by the centre that knows who reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Call, Participant, ReportStatus, StayReport
from portal.models.reports import SATISFACTION_ITEMS

MIN_REPORTS_FOR_MEANS = 3

DIMENSIONS = {
    "application": Application.id,
    "centre": Application.organisation_id,
    "partner": Application.partner_id,
    "country": Application.destination_country,
    "year": Call.year,
}


@dataclass
class Aggregate:
    key: object
    participants: int = 0
    reports: int = 0
    quote_consents: int = 0
    satisfaction: dict[str, float | None] = field(default_factory=dict)
    language_progress: float | None = None
    language_progress_counts: dict[int, int] = field(default_factory=dict)  # scale value → number of reports
    withheld: bool = False  # too few reports: means and distribution not given

    @property
    def response_rate(self) -> float | None:
        return self.reports / self.participants if self.participants else None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def aggregate(dimension: str, min_reports: int = MIN_REPORTS_FOR_MEANS, **filters: object) -> list[Aggregate]:
    """One Aggregate per value of `dimension`; `filters` restrict on the same names (e.g. year=2027). Groups with
    fewer than `min_reports` submitted reports keep their counts only."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    query = (select(DIMENSIONS[dimension], StayReport, Participant.id)
             .select_from(Participant)
             .join(Application, Application.id == Participant.application_id)
             .join(Call, Call.id == Application.call_id)
             .outerjoin(StayReport, StayReport.participant_id == Participant.id))
    for name, value in filters.items():
        if name not in DIMENSIONS:
            raise ValueError(f"unknown filter {name!r}")
        query = query.where(DIMENSIONS[name] == value)
    groups: dict[object, dict[str, list]] = {}
    for key, report, _participant_id in db.session.execute(query):
        group = groups.setdefault(key, {"participants": [], "reports": []})
        group["participants"].append(1)
        if report is not None and report.status == ReportStatus.SUBMITTED:
            group["reports"].append(report)
    result = []
    for key, group in groups.items():
        reports: list[StayReport] = group["reports"]
        progress = [r.language_progress for r in reports if r.language_progress is not None]
        counts: dict[int, int] = {}
        for value in progress:
            counts[value] = counts.get(value, 0) + 1
        row = Aggregate(key=key, participants=len(group["participants"]), reports=len(reports),
                        quote_consents=sum(1 for r in reports if r.quote_consent))
        if len(reports) < min_reports:
            row.withheld = True
            row.satisfaction = {item: None for item in SATISFACTION_ITEMS}
        else:
            row.satisfaction = {item: _mean([v for r in reports if (v := getattr(r, f"satisfaction_{item}")) is not None])
                                for item in SATISFACTION_ITEMS}
            row.language_progress = _mean(progress)
            row.language_progress_counts = dict(sorted(counts.items()))
        result.append(row)
    return sorted(result, key=lambda a: (a.key is None, str(a.key)))

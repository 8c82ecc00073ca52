"""What the stays gave: reciprocity answered, and the participants' own reports (satisfaction, competencies).

The participants and their reports are read from the indicators summary (portal/indicators/summary.py), where each
item's answers are counts per scale value. Only counts and means leave the database; a group with fewer than MIN_REPORTS_FOR_MEANS submitted reports keeps
its counts and loses its means and distribution (the rule of portal.reports.aggregates).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.indicators.activity import T, counted, people
from portal.indicators.filters import Centre, Filters, summarised
from portal.models import Direction, Organisation
from portal.models.reports import SATISFACTION_ITEMS
from portal.reports.aggregates import MIN_REPORTS_FOR_MEANS

SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Reciprocity:
    outgoing: int  # obligations due: counted outgoing stays
    answered: int  # met: answered by an incoming stay


def reciprocity(filters: Filters) -> Reciprocity:
    query = summarised(select(func.count(), func.count(case((T.answered.is_(True), 1)))).select_from(T), filters,
                       lean=True)
    outgoing, met = db.session.execute(query.where(counted(), T.direction == Direction.OUTGOING)).one()
    return Reciprocity(outgoing=outgoing, answered=met)


@dataclass(frozen=True)
class PartnerBalance:
    partner_id: int
    name: str
    sent: int  # participants of outgoing counted stays
    received: int  # participants of incoming counted stays

    @property
    def balance(self) -> int:
        return self.sent - self.received


def partner_balances(filters: Filters, limit: int = 15) -> list[PartnerBalance]:
    """Participants sent to and received from each partner, largest imbalance first (bounded list)."""
    outgoing = T.direction == Direction.OUTGOING
    sent = func.sum(case((outgoing, people()), else_=0))
    received = func.sum(case((~outgoing, people()), else_=0))
    query = (summarised(select(Organisation.id, Organisation.name, sent, received).select_from(T), filters, lean=True)
             .join(Organisation, Organisation.id == T.partner_id).where(counted())
             .group_by(Organisation.id, Organisation.name).having(func.sum(people()) > 0)
             .order_by(func.abs(sent - received).desc(), Organisation.id).limit(limit))
    return [PartnerBalance(partner, name, int(out), int(back)) for partner, name, out, back in db.session.execute(query)]


@dataclass
class Satisfaction:
    group: str  # "in_cmm", "outside_cmm" or "all"
    participants: int
    reports: int
    means: dict[str, float | None] = field(default_factory=dict)
    language_progress: float | None = None
    withheld: bool = False

    @property
    def response_rate(self) -> float | None:
        return self.reports / self.participants if self.participants else None


def _answers(item: str):
    return [getattr(T, f"{item}_{value}") for value in SCALE]


def _mean(weighted, answers):
    """sum / count of the submitted answers, as the database's avg would give (None without any answer)."""
    return func.sum(weighted) * 1.0 / func.nullif(func.sum(answers), 0)


def _report_columns():
    columns = [func.coalesce(func.sum(people()), 0), func.coalesce(func.sum(T.reports), 0)]
    for item in SATISFACTION_ITEMS:
        answers = _answers(item)
        columns.append(_mean(sum((value * a for value, a in zip(SCALE, answers, strict=True)), start=0),
                             sum(answers, start=0)))
    columns.append(_mean(T.language_sum, T.language_answers))
    return columns


def _reports_query(filters: Filters, *group):
    return summarised(select(*group, *_report_columns()).select_from(T), filters, lean=not group).where(counted())


def satisfaction(filters: Filters) -> list[Satisfaction]:
    """Participants of counted stays, their submitted reports and the means: inside the CMM, outside, overall."""
    rows = {bool(row[0]): row[1:] for row in db.session.execute(
        _reports_query(filters, Centre.in_cmm).group_by(Centre.in_cmm).having(func.sum(people()) > 0))}
    result = [_satisfaction("in_cmm" if key else "outside_cmm", values)
              for key, values in sorted(rows.items(), reverse=True)]
    overall = db.session.execute(_reports_query(filters)).one()
    result.append(_satisfaction("all", overall))
    return result


def _satisfaction(group: str, values) -> Satisfaction:
    participants, reports, *means = values
    row = Satisfaction(group=group, participants=int(participants), reports=int(reports))
    if reports < MIN_REPORTS_FOR_MEANS:
        row.withheld = True
        row.means = {item: None for item in SATISFACTION_ITEMS}
        return row
    row.means = {item: _rounded(value) for item, value in zip(SATISFACTION_ITEMS, means, strict=False)}
    row.language_progress = _rounded(means[-1])
    return row


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 2)


def distribution(filters: Filters) -> dict[str, dict[int, int]]:
    """Answers per scale value for each satisfaction item; empty when fewer than the minimum reports."""
    columns = [func.coalesce(func.sum(T.reports), 0)]
    columns += [func.coalesce(func.sum(answer), 0) for item in SATISFACTION_ITEMS for answer in _answers(item)]
    query = summarised(select(*columns).select_from(T), filters, lean=True).where(counted())
    total, *counts = (int(value) for value in db.session.execute(query).one())
    if total < MIN_REPORTS_FOR_MEANS:
        return {}
    return {item: dict(zip(SCALE, counts[i * len(SCALE):(i + 1) * len(SCALE)], strict=True))
            for i, item in enumerate(SATISFACTION_ITEMS)}

"""Time spent in each review stage: median and 90th percentile, in days, computed by the database.

A decision closes the time its stage took: from the previous decision on the same application (or from the
submission for the first one) to this one. The applications' side (submission, filters) is read from the
indicators summary's narrow rows. PostgreSQL answers with percentile_cont; SQLite, which has no
percentile function, gets the same linear interpolation written with window functions.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, func, literal, select

from portal.extensions import db
from portal.indicators.activity import T
from portal.indicators.filters import Filters, summarised
from portal.models import Decision

PERCENTILES = (0.5, 0.9)


@dataclass(frozen=True)
class StageTime:
    stage: str
    decisions: int
    median_days: float | None
    p90_days: float | None


def _days(later, earlier):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _durations(filters: Filters):
    previous = func.lag(Decision.created_at).over(partition_by=Decision.application_id,
                                                  order_by=(Decision.created_at, Decision.id))
    started = func.coalesce(previous, T.submitted_at)
    query = summarised(select(Decision.stage.label("stage"), _days(Decision.created_at, started).label("days"))
                       .select_from(Decision).join(T, T.application_id == Decision.application_id), filters)
    return query.where(T.submitted_at.is_not(None)).subquery()


def stage_times(filters: Filters) -> list[StageTime]:
    durations = _durations(filters)
    if db.session.get_bind().dialect.name == "postgresql":
        query = (select(durations.c.stage, func.count(),
                        *(func.percentile_cont(p).within_group(durations.c.days) for p in PERCENTILES))
                 .where(durations.c.days.is_not(None)).group_by(durations.c.stage))
    else:
        query = _interpolated(durations)
    rows = db.session.execute(query.order_by(query.selected_columns[0])).all()
    return [StageTime(stage, count, _round(median), _round(p90)) for stage, count, median, p90 in rows]


def _interpolated(durations):
    """percentile_cont in plain SQL: rank the values per stage, then weigh the two around 1 + p·(n − 1)."""
    ranked = (select(durations.c.stage, durations.c.days,
                     func.row_number().over(partition_by=durations.c.stage, order_by=durations.c.days).label("rn"),
                     func.count().over(partition_by=durations.c.stage).label("n"))
              .where(durations.c.days.is_not(None)).subquery())
    columns = []
    for p in PERCENTILES:
        position = 1 + literal(p) * (ranked.c.n - 1)
        low = cast(position, Integer)  # positions are >= 1: the cast is the floor
        weight = position - low
        columns.append(func.sum(case((ranked.c.rn == low, ranked.c.days * (1 - weight)),
                                     (ranked.c.rn == low + 1, ranked.c.days * weight), else_=0)))
    return (select(ranked.c.stage.label("stage"), func.count(), *columns)
            .group_by(ranked.c.stage))


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)

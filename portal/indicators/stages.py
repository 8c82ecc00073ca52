"""Time spent in each review stage: median and 90th percentile, in days, computed by the database.

A decision closes the time its stage took: from the previous decision on the same application (or from the
submission for the first one) to this one. Each decision keeps when its stage began (``stage_started_at``, the
previous decision's time, NULL for the first): after every flush that adds, moves or removes decisions, the
applications concerned get theirs set again from their own few decisions (one UPDATE), so a request reads a column
instead of running lag() over every decision. The applications' side (submission, filters) is read from the
indicators summary's narrow rows. PostgreSQL answers with percentile_cont; SQLite, which has no
percentile function, gets the same linear interpolation written with window functions.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, case, cast, event, func, inspect, literal, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.indicators.activity import T
from portal.indicators.filters import Filters, summarised
from portal.models import Application, Decision, ReviewStage

PERCENTILES = (0.5, 0.9)


@dataclass(frozen=True)
class StageTime:
    stage: str
    decisions: int
    median_days: float | None
    p90_days: float | None


def _days(later, earlier):
    if db.session.get_bind().dialect.name == "postgresql":
        # date_part gives a double; EXTRACT gives a numeric, several times slower over half a million decisions.
        return func.date_part("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _durations(filters: Filters):
    started = func.coalesce(Decision.stage_started_at, T.submitted_at)
    query = summarised(select(Decision.stage.label("stage"), _days(Decision.created_at, started).label("days"))
                       .select_from(Decision).join(T, T.application_id == Decision.application_id), filters,
                       lean=True)
    return query.where(T.submitted_at.is_not(None)).subquery()


def stage_times(filters: Filters) -> list[StageTime]:
    durations = _durations(filters)
    if db.session.get_bind().dialect.name == "postgresql":
        return _percentiles(durations)
    query = _interpolated(durations)
    rows = db.session.execute(query.order_by(query.selected_columns[0])).all()
    return [StageTime(stage, count, _round(median), _round(p90)) for stage, count, median, p90 in rows]


def _percentiles(durations) -> list[StageTime]:
    """One row: per stage, its count and percentile_cont of both percentiles over its own rows (FILTER), so the
    rows are not sorted by stage first (a GROUP BY spilled half a million rows to disk)."""
    known = durations.c.days.is_not(None)
    columns = []
    for stage in ReviewStage:
        mine = known & (durations.c.stage == str(stage))
        columns += [func.count().filter(mine),
                    func.percentile_cont(postgresql.array([literal(p) for p in PERCENTILES]))
                    .within_group(durations.c.days).filter(mine)]
    row = db.session.execute(select(*columns)).one()
    result = []
    for index, stage in enumerate(ReviewStage):
        count, values = row[2 * index], row[2 * index + 1]
        if count:
            result.append(StageTime(str(stage), count, *(_round(value) for value in values)))
    return sorted(result, key=lambda time: time.stage)


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


# Migration 0014 fills every decision with the same statement; {where} restricts it to some applications.
_SET = ("UPDATE decisions SET stage_started_at = w.previous"
        " FROM (SELECT id, lag(created_at) OVER (PARTITION BY application_id ORDER BY created_at, id) AS previous"
        " FROM decisions{where}) w WHERE w.id = decisions.id")
RESTART = _SET.format(where=" WHERE application_id IN :ids")
EVERY = _SET.format(where="")
PENDING = "indicator_stage_applications"


def _moved(instance: Decision) -> bool:
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in ("created_at", "application_id"))


def touched(session: Session) -> set[int]:
    """Applications whose decisions this flush adds, moves (in time or to another application) or removes."""
    applications: set[int] = set()
    for instance in session.new | session.dirty | session.deleted:
        if isinstance(instance, Decision) and (instance in session.new or instance in session.deleted
                                               or _moved(instance)):
            history = inspect(instance).attrs.application_id.history
            applications.update(i for i in (*history.deleted, instance.application_id) if i is not None)
    return applications


def restart(session: Session, applications: set[int]) -> None:
    """Set again when each decision's stage began, for every decision of these applications."""
    ids = sorted(applications)
    connection = session.connection()
    # In one order, as the summary does: a second transaction adding a decision to the same application waits for
    # this one to commit, then its own statement sees this one's decision.
    connection.execute(select(Application.id).where(Application.id.in_(ids)).order_by(Application.id)
                       .with_for_update())
    connection.execute(text(RESTART).bindparams(bindparam("ids", expanding=True)), {"ids": ids})
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Decision) and instance.application_id in applications:
            session.expire(instance, ["stage_started_at"])


def _after_flush(session: Session, _context) -> None:
    applications = touched(session)
    if applications:
        session.info.setdefault(PENDING, set()).update(applications)


def _after_flush_postexec(session: Session, _context) -> None:
    applications = session.info.pop(PENDING, None)
    if applications:
        restart(session, applications)


def keep_current() -> None:
    """Hook the decisions' stage clock to every ORM session's flush (create_app calls it; once is enough)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_flush_postexec", _after_flush_postexec)


def rebuild(session: Session | None = None) -> int:
    """Set every decision's stage start again (after bulk SQL, ``flask refresh-totals``); returns the rows written."""
    return (session or db.session).execute(text(EVERY)).rowcount

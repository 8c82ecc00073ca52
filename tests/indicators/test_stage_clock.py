"""Each decision keeps when the stage it closes began (the application's previous decision), set after the flush
that adds it, whatever order the decisions arrive in; the stage times read it."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import DateTime, func, select

from portal.extensions import db
from portal.indicators import stages
from portal.models import Decision

DAY0 = datetime(2031, 3, 1, 9, 0)


def _decision(application, days, stage="coordinator") -> Decision:
    decision = Decision(application_id=application.id, stage=stage, action="decide", from_status="submitted",
                        to_status="recommended", created_at=DAY0 + timedelta(days=days))
    db.session.add(decision)
    return decision


def _started(*decisions) -> list[datetime | None]:
    return [db.session.get(Decision, d.id).stage_started_at for d in decisions]


def test_the_first_decision_has_no_start_and_the_next_starts_at_it(factories):
    application = factories.application(status="submitted", submitted_at=DAY0)
    first = _decision(application, 2)
    db.session.flush()
    second = _decision(application, 5)
    db.session.flush()
    assert _started(first, second) == [None, DAY0 + timedelta(days=2)]


def test_decisions_added_in_one_flush_in_any_order(factories):
    application = factories.application(status="submitted", submitted_at=DAY0)
    later, earlier = _decision(application, 7), _decision(application, 3)
    db.session.flush()
    assert _started(earlier, later) == [None, DAY0 + timedelta(days=3)]


def test_a_decision_dated_between_two_others_restarts_the_later_one(factories):
    application = factories.application(status="submitted", submitted_at=DAY0)
    first, last = _decision(application, 1), _decision(application, 9)
    db.session.flush()
    middle = _decision(application, 4)
    db.session.flush()
    assert _started(first, middle, last) == [None, DAY0 + timedelta(days=1), DAY0 + timedelta(days=4)]


def test_other_applications_keep_their_own_clock(factories):
    one = factories.application(status="submitted", submitted_at=DAY0)
    other = factories.application(status="submitted", submitted_at=DAY0)
    mine = _decision(one, 2)
    db.session.flush()
    theirs = _decision(other, 6)
    db.session.flush()
    assert _started(mine, theirs) == [None, None]


def test_the_stored_starts_equal_lag_over_every_decision(counted):
    previous = func.lag(Decision.created_at, type_=DateTime).over(partition_by=Decision.application_id,
                                                  order_by=(Decision.created_at, Decision.id))
    expected = dict(db.session.execute(select(Decision.id, previous)).all())
    assert dict(db.session.execute(select(Decision.id, Decision.stage_started_at)).all()) == expected
    assert any(value is not None for value in expected.values())


def test_rebuild_sets_every_start_again(counted):
    db.session.execute(Decision.__table__.update().values(stage_started_at=None))
    stages.rebuild()
    db.session.expire_all()
    result = {s.stage: (s.decisions, s.median_days, s.p90_days) for s in stages.stage_times(stages.Filters())}
    assert result == {"coordinator": (2, 3.0, 3.8), "ministry": (2, 2.0, 2.8)}

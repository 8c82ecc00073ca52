"""A hand-counted fixture: every figure the indicators tests expect is worked out in the comments below."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Decision, FinalReport, FundingLine, StayReport

DAY0 = datetime(2031, 2, 1, 12, 0)


def _reports(participants, scores):
    for person, (overall, preparation) in zip(participants, scores, strict=True):
        db.session.add(StayReport(participant_id=person.id, status="submitted", satisfaction_overall=overall,
                                  satisfaction_preparation=preparation, language_progress=3))


def _decide(application, stage, days):
    db.session.add(Decision(application_id=application.id, stage=stage, action="decide", from_status="submitted",
                            to_status="approved", created_at=DAY0 + timedelta(days=days)))


@pytest.fixture
def counted(factories):
    """Centres A (inside the CMM, region 06) and B (outside, region 01) take part; centre Z does not.

    app1 A approved outgoing FR, 3 students, 3 reports (overall 5, 4, 3), air 100.0 kg / 5.00 $
    app2 B completed outgoing DE, 2 participants, 2 reports (overall 2, 1), green, carbon not computed,
         accepted final report spending 800 $ of 900 $ approved (returned 100 $)
    app3 A approved incoming, answers app1, 1 teacher, air, carbon not computed
    app4 B draft (not submitted, not counted), 1 participant
    app5 B withdrawn after approval of 400 $ (released)
    """
    f = factories
    f.region("06", "Montréal")
    a = f.centre(region_code="06", in_cmm=True, parent_body="CSS A")
    b = f.centre(region_code="01", in_cmm=False, parent_body="CSS B")
    f.centre(region_code="01", parent_body="CSS Z")
    partner = f.partner()
    call = f.call(year=2031, envelope_cents=1_000_000, committed_cents=300_000)
    common = {"call_obj": call, "partner_id": partner.id, "submitted_at": DAY0}
    app1 = f.application(a, status="approved", requested_total_cents=200_000, approved_total_cents=150_000,
                         co2_kg=Decimal("100.0"), offset_cents=500, travel_mode="air", **common)
    app2 = f.application(b, status="completed", destination_country="DE", requested_total_cents=100_000,
                         approved_total_cents=90_000, travel_mode="green", **common)
    app3 = f.application(a, status="approved", direction="incoming", answers_application_id=app1.id, **common)
    app4 = f.application(b, call_obj=call, status="draft", requested_total_cents=999)
    f.application(b, status="withdrawn", requested_total_cents=50_000, approved_total_cents=40_000, **common)
    people1 = [f.participant(app1, first_name="=HYPERLINK(\"http://x\")") for _ in range(3)]
    people2 = [f.participant(app2), f.participant(app2, kind="accompanying")]
    f.participant(app3, kind="teacher")
    f.participant(app4)
    _reports(people1, [(5, 5), (4, 5), (3, 2)])
    _reports(people2, [(2, 1), (1, 1)])
    db.session.add(FinalReport(application_id=app2.id, status="accepted"))
    for kind, actual in (("transport", 60_000), ("lodging", 20_000)):
        db.session.add(FundingLine(application_id=app2.id, kind=kind, computed_cents=actual, actual_cents=actual))
    _decide(app1, "coordinator", 2)
    _decide(app1, "ministry", 5)
    _decide(app2, "coordinator", 4)
    _decide(app2, "ministry", 5)
    db.session.flush()
    return {"a": a, "b": b, "partner": partner, "call": call, "apps": (app1, app2, app3, app4)}

"""A crash in the middle of an approval (lines and envelope already changed and flushed, decision not yet written)
is undone whole by the rollback of the request; the same approval then goes through cleanly."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Call, FundingLine
from portal.workflow import review
from tests.workflow.review.conftest import state_of


def database_view(application_id: int, call_id: int) -> tuple:
    """What another transaction would read: status and version, approved amounts, committed total."""
    db.session.expire_all()
    row = db.session.execute(select(Application.status, Application.version)
                             .where(Application.id == application_id)).one()
    approved = db.session.scalars(select(FundingLine.approved_cents).where(FundingLine.application_id ==
                                                                          application_id).order_by(FundingLine.id))
    return tuple(row), list(approved), db.session.get(Call, call_id).committed_cents


@pytest.mark.parametrize("failing", ["record", "_add_money_to_audit"])
def test_a_crash_mid_approval_leaves_status_lines_and_envelope_unchanged(failing, factories, make_application,
                                                                        officer, monkeypatch):
    call = factories.call(envelope_cents=500_000, committed_cents=20_000)
    application = make_application(status="recommended", call=call)
    before = state_of(application)
    original = getattr(review, failing)
    seen = {}

    def crash(*args, **kwargs):
        seen["in_transaction"] = database_view(application.id, call.id)
        raise OSError("disk full")

    monkeypatch.setattr(review, failing, crash)
    request_transaction = db.session.begin_nested()  # stands for the request's transaction
    with pytest.raises(OSError):
        review.approve(application, officer)
    request_transaction.rollback()

    # The crash came after the lines and the envelope were written to the transaction …
    assert seen["in_transaction"][1:] == ([60_000, 40_000], 120_000)
    # … and the rollback undid all of it: no decision, no audit event, no mail.
    assert database_view(application.id, call.id) == (("recommended", before[0][1]), [None, None], 20_000)
    assert state_of(application) == before

    monkeypatch.setattr(review, failing, original)
    review.approve(db.session.get(Application, application.id), officer)
    assert database_view(application.id, call.id) == (("approved", before[0][1] + 1), [60_000, 40_000], 120_000)

"""envelopes.summary: envelope, committed, remaining and pending (recommended, not yet approved)."""
from __future__ import annotations

from portal.funding import envelopes


def test_envelope_summary_arithmetic(factories):
    call = factories.call(envelope_cents=1_000_000, committed_cents=250_000)
    recommended = factories.application(call_obj=call, status="recommended")
    factories.budget_line(recommended, computed_cents=300_000, requested_cents=200_000)
    factories.budget_line(recommended, computed_cents=50_000)  # no request: the computed amount counts
    factories.budget_line(recommended, kind="cap_reduction", computed_cents=-10_000, requested_cents=-10_000)
    submitted = factories.application(call_obj=call, status="submitted")
    factories.budget_line(submitted, computed_cents=999_000, requested_cents=999_000)  # not pending yet
    elsewhere = factories.application(status="recommended")
    factories.budget_line(elsewhere, computed_cents=70_000, requested_cents=70_000)  # another call

    summary = envelopes.summary(call)

    assert summary == envelopes.EnvelopeSummary(envelope_cents=1_000_000, committed_cents=250_000,
                                                remaining_cents=750_000, pending_cents=240_000)
    assert summary.remaining_after_pending_cents == 510_000

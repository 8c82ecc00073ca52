"""The carbon report sums the figures stored on each application in the database: buckets by status, NULL carbon
counted apart as not computed, drafts and withdrawn projects left out."""
from __future__ import annotations

from decimal import Decimal

from portal.extensions import db
from portal.funding import carbon_report


def _make(factories, call, status, kg, offset):
    factories.application(call_obj=call, status=status, co2_kg=kg, offset_cents=offset)


def test_stored_figures_are_summed_per_bucket_and_null_is_not_computed(factories):
    call = factories.call()
    _make(factories, call, "submitted", Decimal("100.5"), 302)
    _make(factories, call, "recommended", Decimal("50.0"), 150)
    _make(factories, call, "approved", Decimal("200.0"), 600)
    _make(factories, call, "closed", Decimal("1.0"), 3)
    _make(factories, call, "submitted", None, None)
    _make(factories, call, "draft", Decimal("999.0"), 999)
    db.session.flush()
    [line] = [line for line in carbon_report.carbon_by_call() if line.call.id == call.id]
    assert (line.under_review.kg_co2e, line.under_review.offset_cents, line.under_review.trips) == (
        Decimal("150.5"), 452, 2)
    assert (line.approved.kg_co2e, line.approved.offset_cents, line.approved.trips) == (Decimal("201.0"), 603, 2)
    assert line.not_computed == 1 and line.total_kg == Decimal("351.5")


def test_years_add_their_calls_and_a_year_filter_keeps_one(factories):
    first, second = factories.call(year=2031), factories.call(year=2031)  # two programs, one year
    other = factories.call(year=2032)
    for call in (first, second, other):
        _make(factories, call, "approved", Decimal("10.0"), 30)
    db.session.flush()
    years = {line.year: line for line in carbon_report.carbon_by_year(carbon_report.carbon_by_call())}
    assert years[2031].approved.kg_co2e == Decimal("20.0") and years[2031].approved.trips == 2
    assert {line.call.id for line in carbon_report.carbon_by_call(2032)} == {other.id}

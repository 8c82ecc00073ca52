"""Queries that read no column of the call or the centre join them only when a filter needs them: every figure is the
same as with both joined, whatever the filter."""
from __future__ import annotations

import pytest

from portal.indicators import activity, carbon, filters, money, outcomes, report, stages
from portal.indicators.filters import Filters

LEAN_USERS = (activity, carbon, money, outcomes, stages)


@pytest.mark.parametrize("chosen", [Filters(), Filters(year=2031), Filters(year=2030), Filters(region="06"),
                                    Filters(cmm="in"), Filters(cmm="out"), Filters(country="DE"),
                                    Filters(direction="incoming"), Filters(year=2031, cmm="out")])
def test_every_figure_is_the_same_with_both_joins(counted, monkeypatch, chosen):
    lean = report.collect(chosen)
    joined = filters.summarised

    def always_joined(query, applied, *, lean=False):
        return joined(query, applied)

    for module in LEAN_USERS:
        monkeypatch.setattr(module, "summarised", always_joined)
    assert report.collect(chosen) == lean

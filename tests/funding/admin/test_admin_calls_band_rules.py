"""portal.funding.rate_tables.band_problems: the band table rules, without the web layer."""
from __future__ import annotations

from portal import funding
from portal.funding.rate_tables import BandRow, band_problems


def test_contiguous_bands_in_any_order_are_accepted_and_match_the_engine():
    rows = [BandRow(100, 499, 21_100, 28_500), BandRow(10, 99, 2_800), BandRow(500, 1_999, 30_900)]
    assert band_problems(rows) == []
    table = funding.BandTable(tuple(funding.DistanceBand(r.min_km, r.max_km, r.standard_cents, r.green_cents)
                                    for r in rows))
    assert table.band_for(499.9).min_km == 100 and table.band_for(500).min_km == 500  # one band per boundary


def test_touching_bounds_overlap_and_a_missing_kilometre_is_a_gap():
    assert len(band_problems([BandRow(0, 500, 1), BandRow(500, 900, 1)])) == 1  # 500 in both
    assert "doit commencer à 501 km" in band_problems([BandRow(0, 500, 1), BandRow(502, 900, 1)])[0]


def test_bounds_and_amounts_are_checked_row_by_row():
    problems = band_problems([BandRow(10, 10, 1), BandRow(11, 20, -1), BandRow(21, 30, 1, -5)])
    assert len(problems) == 3
    assert band_problems([]) == ["Saisissez au moins une tranche de distance."]  # French by default

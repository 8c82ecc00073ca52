"""Distance band tables: validation, floor rounding, coverage."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.funding.bands import BandTable, DistanceBand, whole_km

pytestmark = pytest.mark.no_db  # pure functions: no database transaction


def _table(edges):
    """Contiguous bands from sorted edges [e0, e1, ...]: e0..e1-1, e1..e2-1, ..."""
    return BandTable(tuple(
        DistanceBand(lo, hi - 1, 100 * i, None) for i, (lo, hi) in enumerate(zip(edges, edges[1:]))
    ))


edges_strategy = st.lists(st.integers(0, 30_000), min_size=2, max_size=10, unique=True).map(sorted)


@given(edges_strategy, st.data())
def test_every_km_in_range_belongs_to_exactly_one_band(edges, data):
    table = _table(edges)
    km = data.draw(st.integers(table.min_km, table.max_km))
    containing = [b for b in table.bands if b.contains(km)]
    assert len(containing) == 1
    assert table.band_for(km) == containing[0]
    # a fractional distance inside the same whole km stays in that band (floor)
    assert table.band_for(km + 0.999) == containing[0]


@given(edges_strategy)
def test_each_boundary_in_exactly_one_band(edges):
    table = _table(edges)
    for band in table.bands:
        for km in (band.min_km, band.max_km):
            assert sum(b.contains(km) for b in table.bands) == 1


def test_reference_shape_and_edges():
    table = BandTable((
        DistanceBand(100, 499, 31700, 42800),
        DistanceBand(10, 99, 4200, 8400),  # given out of order: sorted on creation
        DistanceBand(500, 1999, 46400, 62600),
    ))
    assert [b.min_km for b in table.bands] == [10, 100, 500]
    assert table.band_for(9.99) is None  # below the first band → no transport
    assert table.band_for(10).min_km == 10
    assert table.band_for(99.99).min_km == 10  # floor: 99.99 → 99
    assert table.band_for(100).min_km == 100
    assert table.band_for(499.5).min_km == 100
    assert table.band_for(500).min_km == 500
    assert table.band_for(19_000).min_km == 500  # beyond the last band → last band


def test_overlap_and_gap_rejected():
    with pytest.raises(ValueError, match="overlap"):
        BandTable((DistanceBand(10, 100, 1), DistanceBand(100, 499, 2)))
    with pytest.raises(ValueError, match="gap"):
        BandTable((DistanceBand(10, 98, 1), DistanceBand(100, 499, 2)))
    with pytest.raises(ValueError):
        BandTable(())
    with pytest.raises(ValueError):
        DistanceBand(10, 9, 1)
    with pytest.raises(TypeError):
        DistanceBand(10, 99, 12.5)  # money must be int cents


def test_whole_km_is_floor():
    assert whole_km(5605.99) == 5605
    assert whole_km(0) == 0
    with pytest.raises(ValueError):
        whole_km(-1)

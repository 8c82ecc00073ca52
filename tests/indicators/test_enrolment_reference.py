"""The regions' enrolment shares: read from the reference CSV, checked, loaded, and compared on the page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.core.errors import InvalidInput
from portal.indicators import equity
from portal.indicators.filters import Filters
from portal.indicators.reference import ENROLMENT_CSV, load_enrolment_shares, read_shares

HEADER = "# source: test\ncode,school_year,enrolment_share,status\n"


def test_the_shipped_file_names_all_17_regions():
    assert sorted(read_shares(ENROLMENT_CSV)) == [f"{n:02d}" for n in range(1, 18)]


def test_shares_are_loaded_and_the_gap_computed(tmp_path, counted):
    path = tmp_path / "shares.csv"
    path.write_text(HEADER + "06,2024-2025,25.0,test\n01,2024-2025,2.5,test\n", encoding="utf-8")
    assert load_enrolment_shares(path) == 2
    rows = {r.code: r for r in equity.by_region(Filters())}
    assert rows["06"].enrolment_share == Decimal("25.0")
    assert rows["06"].gap == round(4 / 6 * 100 - 25.0, 1)


@pytest.mark.parametrize("line", ["06,,abc,x\n", "06,,120,x\n", "06,,-1,x\n"])
def test_a_bad_share_is_refused(tmp_path, line):
    path = tmp_path / "shares.csv"
    path.write_text(HEADER + line, encoding="utf-8")
    with pytest.raises(InvalidInput):
        read_shares(path)


def test_shares_above_100_in_total_are_refused(tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text(HEADER + "01,,60,x\n02,,50,x\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        read_shares(path)

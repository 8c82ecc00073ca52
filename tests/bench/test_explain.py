"""The bench's reading of PostgreSQL plans: big tables read by sequential scan."""
from __future__ import annotations

import pytest

from bench import explain

pytestmark = pytest.mark.no_db

PLAN = {"Node Type": "Limit", "Plans": [
    {"Node Type": "Hash Join", "Plans": [
        {"Node Type": "Seq Scan", "Relation Name": "funding_lines"},
        {"Node Type": "Hash", "Plans": [{"Node Type": "Seq Scan", "Relation Name": "calls"}]}]},
    {"Node Type": "Index Scan", "Relation Name": "applications"}]}


def test_every_seq_scan_of_the_plan_tree_is_found():
    assert explain.seq_scanned(PLAN) == {"funding_lines", "calls"}


def test_index_scans_are_not_seq_scans():
    assert explain.seq_scanned({"Node Type": "Index Scan", "Relation Name": "audit_events"}) == set()


def test_only_big_tables_are_reported_biggest_first():
    rows = {"funding_lines": 274_000, "calls": 20, "audit_events": 1_800_000}
    assert explain.big_tables({"funding_lines", "calls", "audit_events"}, rows, 10_000) == [
        "audit_events (1800000)", "funding_lines (274000)"]

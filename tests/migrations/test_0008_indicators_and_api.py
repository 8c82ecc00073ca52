"""Revision 0008 (indicators and API) adds the offset_purchases and api_tokens tables and regions.enrolment_share
(NULL); rows loaded at 0004 keep their values, and the downgrade drops the new tables and column only."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.migrations import rows

pytestmark = pytest.mark.no_db


@pytest.fixture
def loaded_at_0004(migration_app):
    upgrade(revision="0004")
    rows.load_rows()
    return migration_app


def test_the_upgrade_adds_the_tables_and_leaves_the_region_share_unknown(loaded_at_0004):
    upgrade(revision="0008")
    assert {"offset_purchases", "api_tokens"} <= rows.table_names()
    region = rows.read_row("regions", "code", "06", {"name": sa.String(), "enrolment_share": sa.Numeric(5, 2)})
    assert region == {"name": "Montréal", "enrolment_share": None}
    assert rows.count("applications") == 1


def test_the_downgrade_drops_only_what_the_revision_added(loaded_at_0004):
    upgrade(revision="0008")
    rows.execute("UPDATE regions SET enrolment_share = 24.5 WHERE code = '06'")
    downgrade(revision="0004")
    assert rows.current_revision() == "0004"
    assert not {"offset_purchases", "api_tokens"} & rows.table_names()
    assert "enrolment_share" not in rows.column_names("regions")
    assert rows.row_of("regions", "06")["name"] == "Montréal"

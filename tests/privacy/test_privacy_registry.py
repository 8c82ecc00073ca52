"""Every column holding personal data is declared (with its retention kind) and covered by a person's export.

Fails when a new model column looks personal (its name, or info={"personal": ...}) and is neither declared in
portal/privacy/registry.py nor declared not personal; or when a table holding declared personal data is not linked
to the person in the export (portal/privacy/rights.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import JSON, Date, String, Text

from portal.extensions import db
from portal.privacy import registry, rights


def _looks_personal(column) -> bool:
    if column.info.get("personal"):
        return True
    if column.foreign_keys or column.primary_key or column.name.endswith("_id"):
        return False
    if not isinstance(column.type, (String, Text, Date, JSON)):
        return False
    return any(hint in column.name for hint in registry.PERSONAL_NAME_HINTS)


def _columns():
    for table in db.Model.metadata.sorted_tables:
        for column in table.columns:
            yield table.name, column


@pytest.mark.no_db
def test_every_column_that_looks_personal_is_declared():
    undeclared = [f"{table}.{column.name}" for table, column in _columns()
                  if _looks_personal(column) and (table, column.name) not in registry.PERSONAL_COLUMNS
                  and (table, column.name) not in registry.NOT_PERSONAL]
    assert undeclared == [], "declare these in portal/privacy/registry.py (PERSONAL_COLUMNS or NOT_PERSONAL)"


@pytest.mark.no_db
def test_a_marked_column_has_the_declared_kind():
    for table, column in _columns():
        if column.info.get("personal"):
            assert registry.PERSONAL_COLUMNS.get((table, column.name)) == column.info["personal"], (table, column.name)


@pytest.mark.no_db
def test_every_declared_column_exists_and_has_a_known_kind():
    tables = db.Model.metadata.tables
    for (table, column), kind in registry.PERSONAL_COLUMNS.items():
        assert column in tables[table].columns, f"{table}.{column}"
        assert kind in registry.KINDS


@pytest.mark.no_db
def test_every_table_holding_personal_data_is_in_the_export():
    tables = {table for table, _column in registry.PERSONAL_COLUMNS}
    assert tables - set(rights.PERSON_LINKS) - rights.PROJECT_TABLES == set()


@pytest.mark.no_db
def test_the_heuristic_catches_a_new_personal_column():
    from sqlalchemy import Column, MetaData, Table

    probe = Table("probe", MetaData(), Column("guardian_phone", String(40)), Column("score", String(4)))
    assert _looks_personal(probe.c.guardian_phone) and not _looks_personal(probe.c.score)

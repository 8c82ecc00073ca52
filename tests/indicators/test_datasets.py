"""Exports read in keyset batches: every row once, in order, whatever the batch size."""
from __future__ import annotations

from sqlalchemy import event, select

from portal.extensions import db
from portal.indicators.datasets import keyset
from portal.models import Organisation


def test_keyset_walks_every_row_once_in_small_batches(factories):
    made = sorted(factories.partner().id for _ in range(5))
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        seen = [row[0] for row in keyset(select(Organisation.id).where(Organisation.id.in_(made)),
                                         Organisation.id, batch=2)]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert seen == made
    assert len(statements) == 3  # 2 + 2 + 1: never the whole table at once

"""The demo content gives each queue something to decide, once, however often seed-demo runs."""
from __future__ import annotations

from portal.core.clock import utcnow
from portal.demo.review import seed_demo_review
from portal.models import Role
from portal.review.queries import QueueFilters, ministry_page, page_of_queue
from portal.workflow import snapshots


def test_demo_fills_both_queues_once(factories):
    centre, call = factories.centre(), factories.call()
    partners = [factories.partner() for _ in range(3)]
    staff, coordinator = factories.user(Role.STAFF, organisation=centre), factories.user(Role.COORDINATOR)
    for _ in range(2):
        seed_demo_review(centre, partners, call, staff, coordinator)
    queue = page_of_queue(QueueFilters(call_id=call.id), utcnow())
    assert [row[0].title for row in queue.items] == ["Stage en soudage à Stuttgart (démo)"]
    [group] = [group for group in ministry_page(call.id).groups if group.call.id == call.id]
    assert [row[0].title for row in group.rows] == ["Stage en électromécanique à Puebla (démo)"]
    assert group.envelope.pending_cents == group.rows[0][1] > 0
    assert all(snapshots.latest(row[0]) is not None for row in queue.items + group.rows)

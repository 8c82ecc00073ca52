"""The queue's query: each filter, each sort, pagination; the ministry's grouping by call."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.clock import utcnow
from portal.extensions import db
from portal.review.queries import QueueFilters, days_in_queue, ministry_groups, page_of_queue, queue_query


def ids(filters: QueueFilters, now=None) -> list[int]:
    return [row[0].id for row in db.session.execute(queue_query(filters, now or utcnow()))]


@pytest.fixture
def three(factories, make_application):
    """Three submitted applications that differ in every filtered and sorted column."""
    program = factories.program()
    call_a, call_b = factories.call(program), factories.call()
    montreal = factories.centre(name="Azur CFP de Montréal", region_code="06", in_cmm=True)
    gaspe = factories.centre(name="cfp de Gaspé", region_code="11")
    start = utcnow().date() + timedelta(days=40)
    old = make_application("submitted", call=call_a, centre_org=montreal, days_ago=20, lines=(30_000,),
                           destination_country="MX", start_date=start + timedelta(days=30))
    middle = make_application("submitted", call=call_a, centre_org=gaspe, days_ago=8, lines=(90_000, 10_000),
                              destination_country="FR", start_date=start)
    new = make_application("submitted", call=call_b, days_ago=1, lines=(50_000,), destination_country="FR",
                           start_date=start + timedelta(days=10))
    return old, middle, new


def test_default_is_submitted_oldest_first(three, make_application):
    make_application("recommended")
    make_application("draft", snapshot=False)
    old, middle, new = three
    assert ids(QueueFilters()) == [old.id, middle.id, new.id]


def test_status_filter_and_every_status_but_draft(three, make_application):
    recommended = make_application("recommended")
    draft = make_application("draft", snapshot=False)
    assert ids(QueueFilters(status="recommended")) == [recommended.id]
    everything = ids(QueueFilters(status=""))
    assert recommended.id in everything and draft.id not in everything and len(everything) == 4


def test_call_and_program_filters(three):
    old, middle, new = three
    assert ids(QueueFilters(call_id=old.call_id)) == [old.id, middle.id]
    assert ids(QueueFilters(program_id=new.call.program_id)) == [new.id]


def test_region_and_cmm_filters(three):
    old, middle, new = three
    assert ids(QueueFilters(region_code="11")) == [middle.id]
    assert ids(QueueFilters(in_cmm=True)) == [old.id]
    assert ids(QueueFilters(in_cmm=False)) == [middle.id, new.id]


def test_destination_country_filter(three):
    old, middle, new = three
    assert ids(QueueFilters(country="fr")) == [middle.id, new.id]
    assert ids(QueueFilters(country="MX")) == [old.id]


def test_age_in_queue_bounds_are_included(three):
    old, middle, new = three
    now = utcnow()
    assert ids(QueueFilters(min_age_days=8), now) == [old.id, middle.id]
    assert ids(QueueFilters(max_age_days=8), now) == [middle.id, new.id]
    assert ids(QueueFilters(min_age_days=2, max_age_days=19), now) == [middle.id]
    assert days_in_queue(middle, now) == 8


@pytest.mark.parametrize("sort, descending, expected", [
    ("age", False, "old middle new"), ("age", True, "new middle old"),
    ("centre", False, "old middle new"),  # Azur, cfp de Gaspé (case ignored), CFP test …
    ("amount", False, "old new middle"), ("amount", True, "middle new old"),
    ("start", False, "middle new old"), ("start", True, "old new middle"),
])
def test_sorting(three, sort, descending, expected):
    by_name = dict(zip(("old", "middle", "new"), three))
    assert ids(QueueFilters(sort=sort, descending=descending)) == [by_name[n].id for n in expected.split()]


def test_requested_amount_is_the_sum_of_the_lines(three):
    old, middle, new = three
    rows = {row[0].id: row[1] for row in db.session.execute(queue_query(QueueFilters(), utcnow()))}
    assert rows == {old.id: 30_000, middle.id: 100_000, new.id: 50_000}


def test_pagination(three):
    page = page_of_queue(QueueFilters(), utcnow(), page=2, per_page=2)
    assert (page.total, page.pages, [row[0].id for row in page.items]) == (3, 2, [three[2].id])
    assert page_of_queue(QueueFilters(), utcnow(), page=9, per_page=2).items == []


def test_ministry_groups_recommended_applications_by_call_with_their_envelope(factories, make_application):
    call = factories.call(envelope_cents=1_000_000, committed_cents=250_000)
    first = make_application("recommended", call=call, days_ago=5, lines=(100_000, 20_000))
    second = make_application("recommended", call=call, days_ago=2, lines=(30_000,))
    make_application("submitted", call=call)
    other = make_application("recommended")
    groups = {group.call.id: group for group in ministry_groups()}
    group = groups[call.id]
    assert [row[0].id for row in group.rows] == [first.id, second.id]
    assert [row[1] for row in group.rows] == [120_000, 30_000]
    assert (group.envelope.committed_cents, group.envelope.remaining_cents, group.envelope.pending_cents) == (
        250_000, 750_000, 150_000)
    assert [row[0].id for row in groups[other.call_id].rows] == [other.id]

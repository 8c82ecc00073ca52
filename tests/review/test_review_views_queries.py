"""The queue's query: each filter, each sort, pagination; the ministry's grouping by call."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.clock import Clock, utcnow
from portal.extensions import db
from portal.review.queries import QueueFilters, days_in_queue, ministry_page, page_of_queue, queue_query


def ids(filters: QueueFilters, now=None) -> list[int]:
    return [row[0].id for row in db.session.execute(queue_query(filters, now or utcnow()))]


@pytest.fixture
def three(factories, make_application):
    """Three submitted applications that differ in every filtered and sorted column."""
    program = factories.program()
    call_a, call_b = factories.call(program), factories.call()
    montreal = factories.centre(name="Azur CFP de Montréal", region_code="06", in_cmm=True)
    gaspe = factories.centre(name="cfp de Gaspé", region_code="11")
    start = Clock().today() + timedelta(days=40)
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


def test_pagination_walks_forward_and_back_by_cursor(three):
    first = page_of_queue(QueueFilters(), utcnow(), per_page=2)
    assert ([row[0].id for row in first.items], first.has_prev, first.total) == ([three[0].id, three[1].id], False, 3)
    second = page_of_queue(QueueFilters(), utcnow(), first.next_cursor, per_page=2)
    assert ([row[0].id for row in second.items], second.has_next) == ([three[2].id], False)
    back = page_of_queue(QueueFilters(), utcnow(), second.prev_cursor, per_page=2)
    assert ([row[0].id for row in back.items], back.has_prev, back.has_next) == (
        [three[0].id, three[1].id], False, True)


@pytest.mark.parametrize("sort", ["age", "centre", "amount", "start"])
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_through_every_row_once_in_order(three, make_application, sort, descending):
    make_application("submitted", lines=(30_000,))  # ties on the amount: the id decides
    filters = QueueFilters(sort=sort, descending=descending)
    expected, seen, cursor = ids(filters), [], None
    while True:
        page = page_of_queue(filters, utcnow(), cursor, per_page=1)
        seen += [row[0].id for row in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == expected and len(seen) == 4


@pytest.mark.parametrize("cursor", ["garbage!", "WyJuZXh0IiwgWzFdXQ", "WyJuZXh0IixbInRleHQiLDFdXQ"])
def test_a_forged_cursor_is_invalid_input(three, cursor):
    from portal.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        page_of_queue(QueueFilters(), utcnow(), cursor)


def test_to_pair_lists_outgoing_recommended_or_approved_without_a_live_pairing(factories, make_application):
    from portal.models import Pairing

    waiting = make_application("recommended")
    approved = make_application("approved")
    paired = make_application("recommended")
    declined = make_application("approved")
    make_application("submitted")
    partner = factories.centre(name="Partenaire")
    db.session.add_all([Pairing(application_id=paired.id, partner_id=partner.id, status="confirmed"),
                        Pairing(application_id=declined.id, partner_id=partner.id, status="declined")])
    db.session.flush()
    assert sorted(ids(QueueFilters(status="", to_pair=True))) == sorted([waiting.id, approved.id, declined.id])


def test_ministry_groups_recommended_applications_by_call_with_their_envelope(factories, make_application):
    call = factories.call(envelope_cents=1_000_000, committed_cents=250_000)
    first = make_application("recommended", call=call, days_ago=5, lines=(100_000, 20_000))
    second = make_application("recommended", call=call, days_ago=2, lines=(30_000,))
    make_application("submitted", call=call)
    other = make_application("recommended")
    groups = {group.call.id: group for group in ministry_page().groups}
    group = groups[call.id]
    assert [row[0].id for row in group.rows] == [first.id, second.id]
    assert [row[1] for row in group.rows] == [120_000, 30_000]
    assert (group.envelope.committed_cents, group.envelope.remaining_cents, group.envelope.pending_cents) == (
        250_000, 750_000, 150_000)
    assert [row[0].id for row in groups[other.call_id].rows] == [other.id]


def test_ministry_queue_pages_by_cursor_and_filters_by_call(factories, make_application):
    call = factories.call()
    mine = [make_application("recommended", call=call, days_ago=9 - n) for n in range(3)]
    make_application("recommended")
    first = ministry_page(call.id, per_page=2)
    assert [row[0].id for row in first.page.items] == [mine[0].id, mine[1].id]
    second = ministry_page(call.id, first.page.next_cursor, per_page=2)
    assert ([row[0].id for row in second.page.items], second.page.has_next) == ([mine[2].id], False)

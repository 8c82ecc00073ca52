"""page_of_sorted: pages of a list ranked in Python, with the same cursors and links as the database's keyset pages."""
from __future__ import annotations

import pytest

from portal.core.errors import InvalidInput
from portal.models import paging

pytestmark = pytest.mark.no_db

ITEMS = [(score, f"name {n:02d}", n) for n, score in enumerate([-9, -9, -7, -5, -5, -5, -1])]  # sorted ascending
KINDS = (int, str, int)


def page(cursor=None, per_page=3):
    return paging.page_of_sorted(ITEMS, lambda item: item, KINDS, cursor=cursor, per_page=per_page)


def test_the_first_page_has_a_next_link_and_no_previous_one():
    first = page()
    assert (first.items, first.has_prev, first.has_next) == (ITEMS[:3], False, True)


def test_next_then_previous_come_back_to_the_same_rows():
    second = page(page().next_cursor)
    assert (second.items, second.has_prev, second.has_next) == (ITEMS[3:6], True, True)
    assert page(second.prev_cursor).items == ITEMS[:3]


def test_the_last_page_has_no_next_link():
    last = page(page(page().next_cursor).next_cursor)
    assert (last.items, last.has_next, last.has_prev) == (ITEMS[6:], False, True)


def test_a_list_that_fits_one_page_has_no_links():
    only = page(per_page=10)
    assert (only.items, only.has_prev, only.has_next) == (ITEMS, False, False)


def test_an_empty_list_has_no_rows_and_no_links():
    empty = paging.page_of_sorted([], lambda item: item, KINDS, cursor=None, per_page=3)
    assert (empty.items, empty.has_prev, empty.has_next) == ([], False, False)


@pytest.mark.parametrize("cursor", ["not-a-cursor", paging.encode("next", [1, 2, 3]), paging.encode("next", [1])])
def test_a_cursor_of_the_wrong_shape_is_refused(cursor):
    with pytest.raises(InvalidInput):
        page(cursor)

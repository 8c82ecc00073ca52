"""The bench's reading of pages: CSRF token, "next" links of numbered and cursor lists, the walk to the deep page."""
from __future__ import annotations

import pytest

from bench import pages

pytestmark = pytest.mark.no_db

NUMBERED = """<nav><ul class="pagination">
<li class="page-item"><a class="page-link" href="/journal/?page=1&amp;action=x">Newer</a></li>
<li class="page-item disabled"><span class="page-link">Page 2 of 37</span></li>
<li class="page-item"><a class="page-link" href="/journal/?page=3&amp;action=x">Older</a></li></ul></nav>"""


def test_csrf_token_of_a_form():
    assert pages.csrf_token('<input type="hidden" name="csrf_token" value="abc.def">') == "abc.def"


def test_csrf_token_missing():
    assert pages.csrf_token("<form></form>") is None


def test_rel_next_wins():
    html = '<a href="/x?page=9">9</a><a rel="next" href="/x?after=Zm9v">Suivant</a>'
    assert pages.next_link(html, "/x") == "/x?after=Zm9v"


def test_link_element_in_the_head_counts():
    assert pages.next_link('<link rel="next" href="/examen/?cursor=abc">', "/examen/") == "/examen/?cursor=abc"


def test_next_of_a_numbered_list_is_the_following_page_number():
    assert pages.next_link(NUMBERED, "/journal/?page=2&action=x") == "/journal/?page=3&action=x"


def test_next_by_id():
    html = '<a id="page-next" class="page-link" href="/examen/?k=2025-01-01.17">Next</a>'
    assert pages.next_link(html, "/examen/") == "/examen/?k=2025-01-01.17"


def test_next_by_its_words_when_nothing_else_says_it():
    assert pages.next_link('<a href="/journal/?before=123">Plus anciennes</a>', "/journal/") == "/journal/?before=123"


def test_no_next_on_the_last_page():
    assert pages.next_link('<a href="/journal/?page=1">Newer</a>', "/journal/?page=2") is None


def test_page_count_in_either_language():
    assert pages.page_count(NUMBERED) == 37
    assert pages.page_count("<span>Page 1 sur 12</span>") == 12


def test_numbered_list_jumps_to_its_last_page():
    fetched = []

    def fetch(url):
        fetched.append(url)
        return NUMBERED.replace("Page 2 of", "Page 1 of")

    deep = pages.deepest(fetch, "/journal/?action=x")
    assert deep.url == "/journal/?action=x&page=37"
    assert deep.depth == 37
    assert fetched == ["/journal/?action=x"]


def cursor_list(last_page):
    def fetch(url):
        number = int(url.rsplit("=", 1)[1]) if "after=" in url else 1
        return "" if number == last_page else f'<a rel="next" href="/q?after={number + 1}">Next</a>'
    return fetch


def test_cursor_list_is_walked_to_its_end():
    deep = pages.deepest(cursor_list(5), "/q")
    assert (deep.url, deep.depth, deep.how) == ("/q?after=5", 5, "last page by next links")


def test_cursor_walk_stops_at_its_bound():
    deep = pages.deepest(cursor_list(1000), "/q", max_steps=10)
    assert deep.depth == 10
    assert deep.url == "/q?after=10"
    assert deep.how.startswith("stopped after 10")


def test_a_rel_last_link_is_used_as_is():
    html = '<a rel="next" href="/q?after=2">Next</a><a rel="last" href="/q?last=1">Last</a>'
    assert pages.deepest(lambda url: html, "/q").url == "/q?last=1"


def test_a_single_page_list_is_its_own_deep_page():
    assert pages.deepest(lambda url: "<p>3 rows</p>", "/q") == pages.Deep("/q", 1, "single page")

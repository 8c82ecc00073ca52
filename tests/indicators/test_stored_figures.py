"""The page's figures are stored per filters and version of the data: a second request reads them, a commit that
changes what they are computed from makes the next request compute them again, and a session with uncommitted
changes computes without storing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.indicators import figures, report
from portal.indicators.filters import Filters
from portal.models import IndicatorFigures, Participant, Role
from tests.helpers import login

PAGE = "/indicateurs/"


@pytest.fixture
def reader(client, factories, counted):
    client.user = factories.user(Role.COORDINATOR)  # held: see test_indicator_pages.coordinator_client
    login(client, client.user)
    db.session.commit()  # the fixture's rows, as a view would have committed them
    return client


def _statements(action) -> tuple[list[str], object]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements, result


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _in_cmm(html: str) -> str:
    return re.search(r'id="reach-in-cmm">(\d+)<', html).group(1)


def test_a_second_request_reads_the_stored_figures(reader):
    computed, first = _statements(lambda: reader.get(PAGE))
    read, second = _statements(lambda: reader.get(PAGE))
    assert first.status_code == second.status_code == 200
    assert _main(second.get_data(as_text=True)) == _main(first.get_data(as_text=True))
    assert len(read) <= len(computed) - 14  # the figures' GROUP BY queries are not run again
    assert not any("indicator_totals" in statement for statement in read)


def test_the_page_says_when_its_figures_were_computed(reader):
    assert 'id="figures-as-of"' in reader.get(PAGE).get_data(as_text=True)


def test_a_committed_change_is_counted_by_the_next_request(reader, counted):
    assert _in_cmm(reader.get(PAGE).get_data(as_text=True)) == "4"
    db.session.add(Participant(application_id=counted["apps"][0].id, first_name="N", last_name="P", kind="student"))
    db.session.commit()
    assert _in_cmm(reader.get(PAGE).get_data(as_text=True)) == "5"


def test_uncommitted_changes_are_computed_and_never_stored(reader, counted):
    reader.get(PAGE)  # stores the committed figures
    db.session.add(Participant(application_id=counted["apps"][0].id, first_name="N", last_name="P", kind="student"))
    db.session.flush()
    assert report.current(Filters()).reach.participants_in_cmm == 5
    db.session.rollback()
    assert report.current(Filters()).reach.participants_in_cmm == 4


def test_only_a_commit_that_changes_a_source_bumps_the_version(reader, factories, counted):
    before = figures.current_version()
    factories.user(Role.MINISTRY)  # no organisation: users are not counted
    db.session.commit()
    assert figures.current_version() == before
    counted["apps"][0].title = "Renamed"
    db.session.commit()
    assert figures.current_version() == before + 1


def test_one_row_per_set_of_filters_for_the_figures_and_one_per_language_for_their_html(reader):
    for url in (PAGE, PAGE, PAGE + "?year=2031", PAGE + "?year=2031"):
        reader.get(url)
    keys = db.session.scalars(select(IndicatorFigures.key)).all()
    assert sorted(key.split(":")[1] for key in keys) == ["indicators"] * 2 + ["indicators-html-fr"] * 2


def test_a_stored_page_reads_one_row_and_runs_no_figure_query(reader):
    reader.get(PAGE)
    statements, response = _statements(lambda: reader.get(PAGE))
    assert response.status_code == 200
    assert sum("indicator_figures" in statement for statement in statements) == 1
    assert not any(re.search(r"\b(indicator_totals|decisions|travel_legs)\b", s) for s in statements)


def test_the_annual_report_reads_the_same_stored_html(reader):
    reader.get(PAGE + "?year=2031")
    html = reader.get("/indicateurs/rapport-annuel?year=2031").get_data(as_text=True)
    assert 'id="reach-in-cmm">4<' in html and 'id="figures-as-of"' in html


def test_stored_figures_read_back_equal_to_the_computed_ones(counted):
    db.session.commit()
    computed = report.collect(Filters())
    figures.stored_or_computed("test", lambda: computed, report.STORED)
    db.session.commit()
    read, _at, _version = figures.stored_or_computed("test", lambda: pytest.fail("computed again"), report.STORED)
    assert read == computed


def test_every_table_the_figures_read_bumps_the_version(counted):
    statements, _ = _statements(lambda: report.collect(Filters()))
    read = {table for table in db.metadata.tables
            if any(re.search(rf"\b{table}\b", statement) for statement in statements)}
    assert read and read <= figures.SOURCES

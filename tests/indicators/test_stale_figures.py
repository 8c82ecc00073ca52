"""Figures stay served for INDICATORS_STALE_SECONDS after the data changed (the page says when they were computed),
then the next request computes them again; rows no lookup can read any more are removed when figures are stored."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import IndicatorFigures, Participant, Role
from tests.helpers import login

PAGE = "/indicateurs/"


@pytest.fixture
def reader(app, client, factories, counted, monkeypatch):
    monkeypatch.setitem(app.config, "INDICATORS_STALE_SECONDS", 300)
    client.user = factories.user(Role.COORDINATOR)
    login(client, client.user)
    db.session.commit()
    return client


def _in_cmm(client) -> str:
    return re.search(r'id="reach-in-cmm">(\d+)<', client.get(PAGE).get_data(as_text=True)).group(1)


def _add_participant(counted) -> None:
    db.session.add(Participant(application_id=counted["apps"][0].id, first_name="N", last_name="P", kind="student"))
    db.session.commit()


def _age_stored_figures(seconds: int) -> None:
    """Computed `seconds` earlier, as the portal writes a time (SQLite's own arithmetic would store a number)."""
    for row in db.session.scalars(select(IndicatorFigures)):
        row.computed_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_within_the_window_a_change_waits_for_the_next_computation(reader, counted):
    assert _in_cmm(reader) == "4"
    _add_participant(counted)
    assert _in_cmm(reader) == "4"


def test_after_the_window_the_change_is_counted(reader, counted):
    assert _in_cmm(reader) == "4"
    _add_participant(counted)
    _age_stored_figures(301)
    assert _in_cmm(reader) == "5"


def test_without_a_window_a_change_is_counted_at_once(reader, counted, app, monkeypatch):
    monkeypatch.setitem(app.config, "INDICATORS_STALE_SECONDS", 0)
    assert _in_cmm(reader) == "4"
    _add_participant(counted)
    assert _in_cmm(reader) == "5"


def test_the_page_says_when_the_served_figures_were_computed(reader, counted):
    reader.get(PAGE)
    _add_participant(counted)
    assert 'id="figures-as-of"' in reader.get(PAGE).get_data(as_text=True)


def test_rows_older_than_an_hour_go_when_figures_are_stored(reader):
    db.session.add(IndicatorFigures(key="2:indicators:{\"forgotten\":1}", version=1,
                                    computed_at=utcnow() - timedelta(hours=2), figures="[]"))
    db.session.commit()
    reader.get(PAGE)
    keys = db.session.scalars(select(IndicatorFigures.key)).all()
    assert keys and not any("forgotten" in key for key in keys)
    assert db.session.scalar(select(func.min(IndicatorFigures.computed_at))) >= utcnow() - timedelta(hours=1)

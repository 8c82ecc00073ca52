"""Anonymised aggregates of the submitted reports: counts and means per application, centre, country, year."""
from __future__ import annotations

import dataclasses

import pytest

from portal.extensions import db
from portal.models import StayReport
from portal.reports.aggregates import MIN_REPORTS_FOR_MEANS, aggregate


def submit(participant, overall, progress, status="submitted", consent=False):
    db.session.add(StayReport(participant_id=participant.id, status=status, satisfaction_overall=overall,
                              satisfaction_host=5, language_progress=progress, quote_consent=consent))


@pytest.fixture
def two_stays(make_stay, factories):
    first = make_stay(status="completed", participants=({"email": "a@x.org"}, {"email": "b@x.org"},
                                                        {"email": "c@x.org"}))
    second = make_stay(status="completed", participants=({"email": "d@x.org"},))
    second.destination_country = "MX"
    a, b, c = first.participants
    submit(a, 4, 3, consent=True)
    submit(b, 5, 5)
    submit(c, 1, 1, status="draft")  # drafts do not count
    submit(second.participants[0], 2, None)
    db.session.flush()
    return first, second


def test_per_application_counts_and_means(two_stays):
    first, _second = two_stays
    [row] = aggregate("application", min_reports=1, application=first.id)
    assert (row.participants, row.reports, row.quote_consents) == (3, 2, 1)
    assert row.satisfaction["overall"] == 4.5 and row.satisfaction["host"] == 5
    assert row.satisfaction["lodging"] is None
    assert (row.language_progress, row.language_progress_counts) == (4.0, {3: 1, 5: 1})
    assert row.response_rate == pytest.approx(2 / 3)


def test_per_centre_and_per_country(two_stays):
    first, second = two_stays
    [centre] = aggregate("centre", centre=first.organisation_id)
    assert (centre.participants, centre.reports, centre.satisfaction["overall"]) == (4, 3, pytest.approx(3.67))
    by_country = {row.key: row for row in aggregate("country", min_reports=1, centre=first.organisation_id)}
    assert by_country["MX"].reports == 1 and by_country["FR"].reports == 2


def test_aggregates_carry_no_names_or_free_text(two_stays):
    first, _second = two_stays
    [row] = aggregate("application", application=first.id)
    values = repr(dataclasses.asdict(row))
    for participant in first.participants:
        assert participant.last_name not in values and participant.email not in values


def test_an_unknown_dimension_is_refused():
    with pytest.raises(ValueError):
        aggregate("name")


def test_means_of_too_few_reports_are_withheld_but_counts_remain(two_stays):
    first, _second = two_stays
    assert MIN_REPORTS_FOR_MEANS == 3
    [row] = aggregate("application", application=first.id)  # two submitted reports
    assert row.withheld and (row.participants, row.reports) == (3, 2)
    assert set(row.satisfaction.values()) == {None}
    assert (row.language_progress, row.language_progress_counts) == (None, {})


def test_means_are_given_from_the_minimum_number_of_reports(two_stays):
    first, _second = two_stays
    [centre] = aggregate("centre", centre=first.organisation_id)  # three submitted reports
    assert not centre.withheld and centre.satisfaction["overall"] == pytest.approx(3.67)

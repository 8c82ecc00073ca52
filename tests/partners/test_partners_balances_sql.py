"""The dashboard's balances are aggregated by the database: the same figures as the pure ledger, on stays across
the new year, for every year and for each one."""
from __future__ import annotations

from datetime import date

import pytest

from portal.partners import reciprocity

# (direction, start, end, participants, partner index or None, centre index, status)
STAYS = [
    ("outgoing", date(2026, 12, 28), date(2027, 1, 4), 5, 0, 0, "approved"),
    ("incoming", date(2026, 12, 30), date(2027, 1, 10), 3, 0, 0, "completed"),
    ("outgoing", date(2027, 5, 1), date(2027, 5, 14), 2, 1, 1, "in_progress"),
    ("incoming", date(2027, 6, 1), date(2027, 6, 7), 4, None, 1, "closed"),
    ("outgoing", date(2027, 6, 1), date(2027, 6, 7), 9, 1, 1, "submitted"),  # not counted
]


@pytest.fixture
def stays(factories):
    partners, centres = [factories.partner(), factories.partner()], [factories.centre(), factories.centre()]
    for direction, start, end, people, partner, centre, status in STAYS:
        application = factories.application(centres[centre], direction=direction, start_date=start, end_date=end,
                                            partner=partners[partner] if partner is not None else None,
                                            status=status)
        for _ in range(people):
            factories.participant(application)
    return partners, centres


@pytest.mark.parametrize("year", [None, 2026, 2027, 2028])
@pytest.mark.parametrize("owner", ["partner", "centre"])
def test_sql_balances_equal_the_pure_ledger(stays, owner, year):
    loaded = reciprocity.load_stays()
    ledger = reciprocity.by_partner(loaded) if owner == "partner" else reciprocity.by_centre(loaded)
    expected = [(owner_id, (b.sent, b.received)) for owner_id, b in
                reciprocity.most_out_of_line(reciprocity.totals(ledger, year)) if b.sent or b.received]
    got = [(owner_id, (b.sent, b.received)) for owner_id, b in reciprocity.ranked_balances(owner, year)]
    assert got == expected


def test_hand_computed_partner_figures(stays):
    partners, _ = stays
    # partner 0: sent 5 × 8 days = 40, received 3 × 12 days = 36; in 2027: 5 × 4 = 20 sent, 3 × 10 = 30 received
    assert dict((k, (b.sent, b.received)) for k, b in reciprocity.ranked_balances("partner"))[partners[0].id] == \
        (40, 36)
    assert dict((k, (b.sent, b.received)) for k, b in reciprocity.ranked_balances("partner", 2027))[
        partners[0].id] == (20, 30)
    assert reciprocity.partner_balances()[partners[1].id].sent == 28  # 2 × 14; the submitted stay does not count


def test_stay_years_span_the_counted_stays(stays):
    assert reciprocity.stay_years() == [2026, 2027]

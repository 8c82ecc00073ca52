"""Reciprocity ledger arithmetic: person-days split by calendar year, balances, ranking; what counts."""
from __future__ import annotations

import re
from datetime import date

import pytest

from portal.partners import reciprocity
from portal.partners.reciprocity import Stay
from tests.helpers import fresh_client, login

P, Q, C1, C2 = 100, 200, 1, 2

STAYS = [
    # outgoing, 28 Dec 2026 – 4 Jan 2027: 4 + 4 days, 5 participants
    Stay(1, C1, P, "outgoing", date(2026, 12, 28), date(2027, 1, 4), 5),
    # incoming, 30 Dec 2026 – 10 Jan 2027: 2 + 10 days, 3 participants
    Stay(2, C1, P, "incoming", date(2026, 12, 30), date(2027, 1, 10), 3),
    # another centre, another partner, within 2027: 14 days, 2 participants
    Stay(3, C2, Q, "outgoing", date(2027, 5, 1), date(2027, 5, 14), 2),
    # a stay without a partner counts for its centre only
    Stay(4, C2, None, "incoming", date(2027, 6, 1), date(2027, 6, 7), 4),
]


@pytest.mark.no_db
def test_days_are_split_by_calendar_year_inclusively():
    assert reciprocity.days_by_year(date(2026, 12, 28), date(2027, 1, 4)) == {2026: 4, 2027: 4}
    assert reciprocity.days_by_year(date(2028, 2, 28), date(2028, 3, 1)) == {2028: 3}  # leap year
    assert reciprocity.days_by_year(date(2027, 1, 2), date(2027, 1, 1)) == {}


@pytest.mark.no_db
def test_partner_ledger_per_year_with_stays_across_new_year():
    ledger = reciprocity.by_partner(STAYS)
    assert {year: (b.sent, b.received, b.balance) for year, b in ledger[P].items()} == {
        2026: (20, 6, 14), 2027: (20, 30, -10)}
    assert {year: (b.sent, b.received) for year, b in ledger[Q].items()} == {2027: (28, 0)}
    assert None not in ledger


@pytest.mark.no_db
def test_centre_ledger_and_totals():
    ledger = reciprocity.by_centre(STAYS)
    totals = reciprocity.totals(ledger)
    assert (totals[C1].sent, totals[C1].received, totals[C1].balance) == (40, 36, 4)
    assert (totals[C2].sent, totals[C2].received, totals[C2].balance) == (28, 28, 0)
    only_2026 = reciprocity.totals(ledger, 2026)
    assert (only_2026[C1].sent, only_2026[C1].received) == (20, 6)
    assert (only_2026[C2].sent, only_2026[C2].received) == (0, 0)


@pytest.mark.no_db
def test_most_out_of_line_comes_first_whatever_the_sign():
    ranked = reciprocity.most_out_of_line(reciprocity.totals(reciprocity.by_partner(STAYS)))
    assert [(owner, b.balance) for owner, b in ranked] == [(Q, 28), (P, 4)]
    per_2027 = reciprocity.most_out_of_line(reciprocity.totals(reciprocity.by_partner(STAYS), 2027), limit=1)
    assert [(owner, b.balance) for owner, b in per_2027] == [(Q, 28)]


def test_only_approved_ongoing_and_completed_stays_are_loaded(factories):
    centre, partner = factories.centre(), factories.partner()
    counted = {}
    for status in ("draft", "submitted", "recommended", "approved", "in_progress", "completed", "closed",
                   "rejected", "withdrawn"):
        application = factories.application(centre, status=status, partner=partner, start_date=date(2030, 12, 30))
        factories.participant(application)
        factories.participant(application)
        counted[application.id] = status
    stays = reciprocity.load_stays(partner_id=partner.id)
    assert sorted(counted[s.application_id] for s in stays) == ["approved", "closed", "completed", "in_progress"]
    stay = stays[0]
    assert (stay.participants, stay.centre_id, stay.partner_id) == (2, centre.id, partner.id)
    # 30 Dec 2030 – 12 Jan 2031 (factory: 14 days), 2 participants: 2×2 in 2030 and 2×12 in 2031
    assert reciprocity.person_days_by_year(stay) == {2030: 4, 2031: 24}


def test_a_partners_page_shows_its_balance_per_year_from_the_summary(app, factories, coordinator):
    centre, partner = factories.centre(), factories.partner()
    out = factories.application(centre, status="approved", partner=partner, start_date=date(2026, 12, 28),
                                end_date=date(2027, 1, 4))
    back = factories.application(centre, status="completed", direction="incoming", partner=partner,
                                 start_date=date(2027, 5, 1), end_date=date(2027, 5, 3))
    for application, people in ((out, 5), (back, 2)):
        for _ in range(people):
            factories.participant(application)
    assert reciprocity.owner_years("partner", partner.id) == (
        [(2026, reciprocity.Balance(20, 0)), (2027, reciprocity.Balance(20, 6))], reciprocity.Balance(40, 6))
    client = fresh_client(app)
    login(client, coordinator)
    ledger = client.get(f"/partenaires/{partner.id}").get_data(as_text=True).split('id="partner-ledger"')[1]
    body = ledger.split("<tbody>")[1].split("</tbody>")[0]
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)]
    assert rows == [["2026", "20", "0", "20"], ["2027", "20", "6", "14"], ["Total", "40", "6", "34"]]


def test_a_partner_without_counted_stay_has_no_balance(factories):
    partner = factories.partner()
    assert reciprocity.owner_years("partner", partner.id) == ([], None)

"""The indicators page, its exports and the annual report, through the web: access, content, query count."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from portal.extensions import db
from portal.indicators import carbon
from portal.indicators.filters import Filters
from portal.models import Application, Participant, Role
from tests.helpers import login, post


@pytest.fixture
def coordinator_client(client, factories):
    # Held so that it stays in the session's (weak) identity map: otherwise whether a request loads the logged-in
    # user again depends on the garbage collector, and the query count would vary by one.
    client.user = factories.user(Role.COORDINATOR)
    login(client, client.user)
    return client


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTICIPANT])
def test_other_roles_are_refused(client, factories, role):
    login(client, factories.user(role))
    assert client.get("/indicateurs/").status_code == 403


def test_the_page_shows_codes_and_hand_counted_figures(coordinator_client, counted):
    html = coordinator_client.get("/indicateurs/").get_data(as_text=True)
    for code in ("1.A.3", "2.C.2", "2.D.1", "2.D.2"):
        assert code in html
    assert 'id="reach-in-cmm">4<' in html and 'id="reach-outside-cmm">2<' in html
    assert "<svg" in html and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_a_bad_filter_is_a_400(coordinator_client):
    assert coordinator_client.get("/indicateurs/?year=abc").status_code == 400
    assert coordinator_client.get("/indicateurs/?cmm=maybe").status_code == 400


def _queries_for(client, url) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _rows(factories, call, centre, n):
    applications = [Application(call=call, organisation=centre, title=f"P{i}", status="approved",
                                submitted_at=datetime(2031, 1, 1), destination_country="FR") for i in range(n)]
    db.session.add_all(applications)
    db.session.flush()
    db.session.add_all(Participant(application_id=a.id, first_name="A", last_name="B", kind="student")
                       for a in applications)
    db.session.flush()


def test_the_query_count_does_not_grow_with_the_rows(coordinator_client, factories):
    call, centre = factories.call(), factories.centre()
    _rows(factories, call, centre, 10)
    small = _queries_for(coordinator_client, "/indicateurs/")
    _rows(factories, call, centre, 190)
    large = _queries_for(coordinator_client, "/indicateurs/")
    assert small == large
    print(f"indicators page: {large} queries")


def test_csv_export_with_semicolon_neutralises_formulas(coordinator_client, counted):
    response = coordinator_client.get("/indicateurs/export/participants.csv?sep=semicolon")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1 + 7
    assert sum(1 for row in rows if row[4] == "'=HYPERLINK(\"http://x\")") == 3


def test_ministry_exports_participants_without_personal_data(client, factories, counted):
    login(client, factories.user(Role.MINISTRY))
    rows = list(csv.reader(io.StringIO(client.get("/indicateurs/export/participants.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert all(row[4:7] == ["", "", ""] for row in rows[1:])


def test_filters_apply_to_the_xlsx_export(coordinator_client, counted):
    data = coordinator_client.get("/indicateurs/export/applications.xlsx?cmm=in").data
    sheet = load_workbook(io.BytesIO(data))["applications"]
    ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(ids) == sorted([counted["apps"][0].id, counted["apps"][2].id])


def test_stay_reports_export_is_anonymised(coordinator_client, counted):
    rows = list(csv.reader(io.StringIO(coordinator_client.get("/indicateurs/export/stay_reports.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 + 5
    assert "HYPERLINK" not in "".join(",".join(r) for r in rows)


def test_annual_report_xlsx_has_one_sheet_per_group_in_french_or_english(coordinator_client, counted):
    french = load_workbook(io.BytesIO(coordinator_client.get("/indicateurs/rapport-annuel.xlsx?year=2031").data))
    english = load_workbook(io.BytesIO(coordinator_client.get(
        "/indicateurs/rapport-annuel.xlsx?year=2031&lang=en").data))
    assert len(french.sheetnames) == 7
    assert "Money" in english.sheetnames and "Argent" in french.sheetnames


def test_annual_report_page_prints(coordinator_client, counted):
    response = coordinator_client.get("/indicateurs/rapport-annuel?year=2031")
    assert response.status_code == 200 and "@media print" in response.get_data(as_text=True)


def test_admin_records_an_offset_purchase(client, factories):
    login(client, factories.user(Role.ADMIN))
    response = post(client, "/indicateurs/compensations", {"year": "2031", "tonnes": "12.5", "amount": "400.00",
                                                           "supplier": "Planetair", "purchased_on": "2031-12-01"})
    assert response.status_code == 302
    [purchase] = carbon.purchased(Filters(year=2031))
    assert purchase.amount_cents == 40_000


def test_coordinators_cannot_record_offsets(coordinator_client):
    assert coordinator_client.get("/indicateurs/compensations").status_code == 403


def test_admins_get_adults_personal_data_but_not_minors(client, factories, counted):
    factories.participant(counted["apps"][0], first_name="Mineur", birth_date=date(2020, 1, 1))
    login(client, factories.user(Role.ADMIN))
    rows = list(csv.reader(io.StringIO(client.get("/indicateurs/export/participants.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    minors = [row for row in rows[1:] if row[3] == "1"]
    adults = [row for row in rows[1:] if row[3] == "0"]
    assert len(minors) == 1 and minors[0][4:8] == ["", "", "", ""]
    assert all(row[5] for row in adults)


def test_coordinators_get_minors_personal_data(coordinator_client, factories, counted):
    factories.participant(counted["apps"][0], first_name="Mineur", birth_date=date(2020, 1, 1))
    text = coordinator_client.get("/indicateurs/export/participants.csv").get_data(as_text=True)
    assert "Mineur" in text


def test_every_chart_has_a_summary_and_a_table(coordinator_client, counted):
    html = coordinator_client.get("/indicateurs/").get_data(as_text=True)
    for summary in ("envelopes-summary", "satisfaction-summary", "carbon-summary", "regions-summary",
                    "reciprocity-summary"):
        assert f'id="{summary}"' in html
    assert html.count('role="img"') == html.count("<svg")
    assert "Satisfaction globale de 3,0 sur 5" in html


# Rows of the hand-counted fixture: 5 applications (draft and withdrawn included), 3 + 2 + 1 + 1 participants,
# app2's 2 funding lines, 4 decisions, 5 stay reports.
EXPECTED_ROWS = {"applications": 5, "participants": 7, "funding_lines": 2, "decisions": 4, "stay_reports": 5}


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.mark.parametrize("dataset", sorted(EXPECTED_ROWS))
def test_every_export_opens_with_its_rows_in_csv_and_xlsx(coordinator_client, counted, dataset):
    rows = _csv_rows(coordinator_client.get(f"/indicateurs/export/{dataset}.csv"))
    sheet = load_workbook(io.BytesIO(coordinator_client.get(f"/indicateurs/export/{dataset}.xlsx").data)).active
    assert len(rows) - 1 == sheet.max_row - 1 == EXPECTED_ROWS[dataset]
    assert rows[0] == [cell.value for cell in sheet[1]]


def test_the_indicators_export_opens_in_csv_and_xlsx(coordinator_client, counted):
    rows = _csv_rows(coordinator_client.get("/indicateurs/export/indicators.csv?year=2031"))
    sheet = load_workbook(io.BytesIO(coordinator_client.get("/indicateurs/export/indicators.xlsx?year=2031")
                                     .data)).active
    assert len(rows) == sheet.max_row and len(rows) > 10
    assert any(row[2] == "2.D.2" for row in rows[1:])


@pytest.mark.parametrize("payload", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_title_comes_out_of_the_xlsx_as_text(coordinator_client, counted, payload):
    application = counted["apps"][0]
    application.title = payload
    db.session.flush()
    sheet = load_workbook(io.BytesIO(coordinator_client.get("/indicateurs/export/applications.xlsx").data)).active
    [cell] = [row[7] for row in sheet.iter_rows(min_row=2) if row[0].value == application.id]
    # (XML turns a stored carriage return into a line feed when read back)
    assert cell.data_type == "s" and cell.value == "'" + payload.replace("\r", "\n")


def test_a_formula_first_name_comes_out_of_the_xlsx_as_text(coordinator_client, counted):
    sheet = load_workbook(io.BytesIO(coordinator_client.get("/indicateurs/export/participants.xlsx").data)).active
    names = [row[4] for row in sheet.iter_rows(min_row=2) if row[4].value and "HYPERLINK" in row[4].value]
    assert len(names) == 3
    assert all(cell.data_type == "s" and cell.value.startswith("'=") for cell in names)

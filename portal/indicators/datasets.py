"""The exported data sets, with the indicators page's filters applied, read in keyset batches so a 100 000-row
export never holds more than one batch in memory.

Personal data of participants: coordinators see it (they follow every file); administrators see adults' only;
ministry officers get participants without names, e-mail or birth date. Minors' data never leaves the centre and
the coordinators. Stay reports are anonymised: scores only, no participant, no free text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal.extensions import db, services
from portal.i18n import status_label
from portal.indicators import report
from portal.indicators.filters import Centre, Filters, scoped
from portal.indicators.labels import label
from portal.models import Application, Call, Decision, FundingLine, Participant, Role, StayReport
from portal.models.applications import is_minor_on

BATCH = 1000


def keyset(query: Select, key, batch: int = BATCH) -> Iterator:
    """Rows of `query` in batches ordered by the unique `key`, each batch starting after the last key seen."""
    last = None
    while True:
        page = query.order_by(key).limit(batch)
        if last is not None:
            page = page.where(key > last)
        rows = db.session.execute(page).all()
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1][0]


@dataclass(frozen=True)
class Dataset:
    headers: tuple
    rows: Callable[[Filters, str], Iterator[tuple]]


def _applications(filters: Filters, role: str) -> Iterator[tuple]:
    query = scoped(select(Application.id, Call.year, Application.call_id, Application.organisation_id, Centre.name,
                          Centre.region_code, Centre.in_cmm, Application.title, Application.direction,
                          Application.status, Application.destination_country, Application.partner_id,
                          Application.start_date, Application.end_date, Application.travel_mode,
                          Application.requested_total_cents, Application.approved_total_cents,
                          Application.co2_kg, Application.offset_cents), filters)
    for row in keyset(query, Application.id):
        yield tuple(row)


def _participants(filters: Filters, role: str) -> Iterator[tuple]:
    query = scoped(select(Participant.id, Participant.application_id, Participant.kind, Participant.first_name,
                          Participant.last_name, Participant.email, Participant.birth_date, Application.start_date)
                   .select_from(Participant).join(Application, Application.id == Participant.application_id),
                   filters)
    for pid, application_id, kind, first, last, email, birth, start in keyset(query, Participant.id):
        minor = is_minor_on(birth, start or services.clock.today())
        personal = role == Role.COORDINATOR or (role == Role.ADMIN and not minor)
        if personal:
            yield (pid, application_id, kind, minor, first, last, email, birth)
        else:
            yield (pid, application_id, kind, minor, "", "", "", None)


def _funding_lines(filters: Filters, role: str) -> Iterator[tuple]:
    query = scoped(select(FundingLine.id, FundingLine.application_id, FundingLine.kind, FundingLine.computed_cents,
                          FundingLine.requested_cents, FundingLine.approved_cents, FundingLine.actual_cents)
                   .select_from(FundingLine).join(Application, Application.id == FundingLine.application_id),
                   filters)
    for row in keyset(query, FundingLine.id):
        yield tuple(row)


def _decisions(filters: Filters, role: str) -> Iterator[tuple]:
    query = scoped(select(Decision.id, Decision.application_id, Decision.stage, Decision.action,
                          Decision.from_status, Decision.to_status, Decision.created_at, Decision.comment)
                   .select_from(Decision).join(Application, Application.id == Decision.application_id), filters)
    for row in keyset(query, Decision.id):
        yield tuple(row)


def _stay_reports(filters: Filters, role: str) -> Iterator[tuple]:
    """No participant id, no text: a row is a report's scores and where the stay went."""
    query = scoped(select(StayReport.id, Call.year, Centre.region_code, Centre.in_cmm,
                          Application.destination_country, StayReport.status, StayReport.satisfaction_preparation,
                          StayReport.satisfaction_host, StayReport.satisfaction_lodging,
                          StayReport.satisfaction_overall, StayReport.language_progress)
                   .select_from(StayReport).join(Participant, Participant.id == StayReport.participant_id)
                   .join(Application, Application.id == Participant.application_id), filters)
    for row in keyset(query, StayReport.id):
        yield tuple(row[1:])


def _indicators(filters: Filters, role: str) -> Iterator[tuple]:
    for sheet, _headers, rows in indicator_sheets(report.collect(filters)):
        for row in rows:
            yield (sheet, *row)


DATASETS: dict[str, Dataset] = {
    "applications": Dataset((_l("Application"), _l("Year"), _l("Call"), _l("Centre no."), _l("Centre"),
                             _l("Region"), _l("Inside the CMM"), _l("Title"), _l("Direction"), _l("Status"),
                             _l("Country"), _l("Partner no."), _l("Start"), _l("End"), _l("Travel mode"),
                             _l("Requested (cents)"), _l("Approved (cents)"), _l("kg CO2e"),
                             _l("Offset cost (cents)")), _applications),
    "participants": Dataset((_l("Participant"), _l("Application"), _l("Kind"), _l("Minor"), _l("First name"),
                             _l("Last name"), _l("E-mail"), _l("Date of birth")), _participants),
    "funding_lines": Dataset((_l("Line"), _l("Application"), _l("Kind"), _l("Computed (cents)"),
                              _l("Requested (cents)"), _l("Approved (cents)"), _l("Actual (cents)")),
                             _funding_lines),
    "decisions": Dataset((_l("Decision"), _l("Application"), _l("Stage"), _l("Action"), _l("From"), _l("To"),
                          _l("When"), _l("Comment")), _decisions),
    "stay_reports": Dataset((_l("Year"), _l("Region"), _l("Inside the CMM"), _l("Country"), _l("Status"),
                             _l("Preparation"), _l("Host"), _l("Lodging"), _l("Overall"),
                             _l("Language progress")), _stay_reports),
    "indicators": Dataset((_l("Group"), _l("Indicator"), _l("Plan code"), _l("Value")), _indicators),
}


def indicator_sheets(data: report.Indicators) -> list[tuple[str, tuple, list[tuple]]]:
    """The indicators as (sheet title, headers, rows): one sheet per indicator group, for the annual report."""
    code = report.code
    reach = data.reach
    money = data.money
    sheets = [
        (str(_l("Activity")), (_l("Indicator"), _l("Plan code"), _l("Value")), [
            *((str(_l("Applications")) + f" — {status_label(status)}", "", n) for status, n in sorted(data.statuses.items())),
            *((f"{str(_l('Participants'))} {row.year} {label(row.direction)} {label(row.kind)}", code("participants"),
               row.participants) for row in data.participants),
            (str(_l("Centres taking part")), code("centres"), reach.centres),
            (str(_l("All active centres")), "", reach.all_centres),
            (str(_l("School service centres taking part")), code("service_centres"), reach.service_centres),
            (str(_l("Centres outside the CMM")), "", reach.centres_outside_cmm),
            (str(_l("Participants of centres inside the CMM")), "", reach.participants_in_cmm),
            (str(_l("Participants of centres outside the CMM")), "", reach.participants_outside_cmm),
            (str(_l("Destination countries")), "", reach.countries),
            (str(_l("Partners")), "", reach.partners)]),
        (str(_l("Money")), (_l("Indicator"), _l("Plan code"), _l("Value")), [
            *((str(label), "", getattr(money, key) / 100) for key, label in (
                ("requested", _l("Requested")), ("approved", _l("Approved")), ("committed", _l("Committed")),
                ("released", _l("Released")), ("spent", _l("Spent (final reports)")), ("returned", _l("Returned")))),
            *((f"{str(_l('Envelope use'))} {e.title_fr} ({e.year})", "", e.use) for e in data.envelopes)]),
        (str(_l("Review")), (_l("Stage"), _l("Decisions"), _l("Median (days)"), _l("90th percentile (days)")),
         [(label(s.stage), s.decisions, s.median_days, s.p90_days) for s in data.stages]),
        (str(_l("Reciprocity")), (_l("Indicator"), _l("Plan code"), _l("Value")), [
            (str(_l("Outgoing stays due an answer")), "", data.reciprocity.outgoing),
            (str(_l("Answered by an incoming stay")), "", data.reciprocity.answered),
            *((f"{str(_l('Balance'))} {b.name}", "", b.balance) for b in data.partner_balances)]),
        (str(_l("Satisfaction")), (_l("Group"), _l("Plan code"), _l("Participants"), _l("Reports"),
                                   _l("Preparation"), _l("Host"), _l("Lodging"), _l("Overall"),
                                   _l("Language progress")),
         [(label(s.group), code("satisfaction"), s.participants, s.reports, *s.means.values(), s.language_progress)
          for s in data.satisfaction]),
        (str(_l("Carbon")), (_l("Mode or year"), _l("Plan code"), _l("Trips"), _l("kg CO2e"),
                             _l("Offset cost"), _l("Not computed")),
         [(label(r.key), code("carbon"), r.trips, r.kg, r.offset_cents / 100, r.not_computed)
          for r in (*data.carbon_by_mode, *data.carbon_by_year)]
         + [(f"{str(_l('Offsets purchased'))} {p.year}", code("carbon"), None, p.tonnes * 1000,
             p.amount_cents / 100, None) for p in data.offsets_purchased]),
        (str(_l("Regions")), (_l("Region"), _l("Participants"), _l("Share"), _l("Share of vocational enrolment")),
         [(f"{r.code} {r.name}", r.participants, r.share, r.enrolment_share) for r in data.regions]),
    ]
    return [(title, tuple(str(h) for h in headers), rows) for title, headers, rows in sheets]


"""What the API returns: plain dicts read with keyset pagination (id ascending, after the cursor), so a page
never moves when rows are inserted while a client walks the list."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select

from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.indicators import report
from portal.indicators.filters import Filters
from portal.models import Application, Call, Organisation, OrganisationKind

MAX_LIMIT = 100
MAX_ID = 2**31 - 1


def encode_cursor(last_id: int) -> str:
    """The cursor is the last id of the page: the next page starts after it, whatever was inserted since."""
    return str(last_id)


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    if not (cursor.isascii() and cursor.isdigit() and len(cursor) <= 18):
        raise InvalidInput(_("The cursor is not valid."))
    return int(cursor)


def page(query: Select, key, cursor: str | None, limit: int, render) -> dict[str, Any]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(_("The limit must be between 1 and 100."))
    after = decode_cursor(cursor)
    if after is not None and after >= MAX_ID:
        return {"items": [], "next_cursor": None}  # past every id (ids are 32-bit integers)
    if after is not None:
        query = query.where(key > after)
    rows = db.session.execute(query.order_by(key).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [render(row) for row in rows],
            "next_cursor": encode_cursor(rows[-1][0]) if more and rows else None}


def _call(row) -> dict[str, Any]:
    return {"id": row[0], "year": row[1], "title_fr": row[2], "title_en": row[3], "envelope_cents": row[4],
            "committed_cents": row[5], "opens_at": row[6].isoformat(), "closes_at": row[7].isoformat()}


def calls(cursor: str | None, limit: int) -> dict[str, Any]:
    query = select(Call.id, Call.year, Call.title_fr, Call.title_en, Call.envelope_cents, Call.committed_cents,
                   Call.opens_at, Call.closes_at)
    return page(query, Call.id, cursor, limit, _call)


SUMMARY = (Application.id, Application.call_id, Application.organisation_id, Application.partner_id,
           Application.status, Application.direction, Application.destination_country, Application.start_date,
           Application.end_date, Application.requested_total_cents, Application.approved_total_cents)


def _summary(row) -> dict[str, Any]:
    return {"id": row[0], "call_id": row[1], "centre_id": row[2], "partner_id": row[3], "status": row[4],
            "direction": row[5], "destination_country": row[6],
            "start_date": row[7].isoformat() if row[7] else None, "end_date": row[8].isoformat() if row[8] else None,
            "requested_total_cents": row[9], "approved_total_cents": row[10]}


def applications(cursor: str | None, limit: int, status: str | None = None) -> dict[str, Any]:
    """Submitted applications only: a draft is the centre's own business."""
    query = select(*SUMMARY).where(Application.submitted_at.is_not(None))
    if status:
        query = query.where(Application.status == status)
    return page(query, Application.id, cursor, limit, _summary)


def application(application_id: int) -> dict[str, Any]:
    if not 1 <= application_id <= MAX_ID:
        raise NotFound()
    row = db.session.execute(select(*SUMMARY, Application.title, Application.travel_mode, Application.co2_kg,
                                    Application.offset_cents, Application.trade_name)
                             .where(Application.id == application_id,
                                    Application.submitted_at.is_not(None))).first()
    if row is None:
        raise NotFound()
    detail = _summary(row)
    detail.update(title=row[11], travel_mode=row[12], co2_kg=float(row[13]) if row[13] is not None else None,
                  offset_cents=row[14], trade_name=row[15])
    return detail


def partners(cursor: str | None, limit: int) -> dict[str, Any]:
    query = (select(Organisation.id, Organisation.name, Organisation.city, Organisation.country_code,
                    Organisation.active).where(Organisation.kind == OrganisationKind.PARTNER))
    return page(query, Organisation.id, cursor, limit,
                lambda row: {"id": row[0], "name": row[1], "city": row[2], "country": row[3], "active": row[4]})


def indicators(year: int | None) -> dict[str, Any]:
    data = report.current(Filters(year=year))  # stored per version of the data; the route commits
    money = data.money
    return {
        "year": year,
        "applications_by_status": data.statuses,
        "beneficiaries": {"code": report.code("participants"), "per_year": {
            str(y): n for y, n in data.participants_per_year().items()}},
        "participating_centres": {"code": report.code("centres"), "value": data.reach.centres,
                                  "all_centres": data.reach.all_centres},
        "participants_cmm": {"inside": data.reach.participants_in_cmm,
                             "outside": data.reach.participants_outside_cmm},
        "money_cents": {"requested": money.requested, "approved": money.approved, "committed": money.committed,
                        "released": money.released, "spent": money.spent, "returned": money.returned},
        "satisfaction": {"code": report.code("satisfaction"), "groups": [
            {"group": s.group, "participants": s.participants, "reports": s.reports, "withheld": s.withheld,
             "overall_mean": s.means.get("overall")} for s in data.satisfaction]},
        "carbon": {"code": report.code("carbon"), "by_mode": [
            {"mode": r.key, "trips": r.trips, "kg": float(r.kg), "offset_cents": r.offset_cents}
            for r in data.carbon_by_mode]},
    }

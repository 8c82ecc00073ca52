"""The reviewers' queues: which applications, filtered and sorted how. Plain select()s, no request state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.extensions import db
from portal.funding import envelopes
from portal.models import Application, ApplicationStatus, Call, FundingLine, Organisation

PER_PAGE = 25

# Drafts are the centre's business: reviewers never list them.
QUEUE_STATUSES: tuple[str, ...] = tuple(s.value for s in ApplicationStatus if s != ApplicationStatus.DRAFT)
SORTS: tuple[str, ...] = ("age", "centre", "amount", "start")


@dataclass(frozen=True)
class QueueFilters:
    status: str = ApplicationStatus.SUBMITTED  # "" = every status but draft
    call_id: int | None = None
    program_id: int | None = None
    region_code: str = ""
    in_cmm: bool | None = None
    country: str = ""
    min_age_days: int | None = None  # whole days since submission, both bounds included
    max_age_days: int | None = None
    sort: str = "age"
    descending: bool = False  # age: oldest first; others: smallest / A→Z / earliest first


def requested_totals() -> Select:
    """application_id, requested_cents: the requested amounts of each application (computed when not requested)."""
    return (select(FundingLine.application_id, func.sum(FundingLine.effective_requested_cents).label("requested_cents"))
            .group_by(FundingLine.application_id))


def queue_query(filters: QueueFilters, now: datetime) -> Select:
    """Rows of (Application, requested_cents) matching the filters, in the chosen order (id breaks ties)."""
    totals = requested_totals().subquery()
    requested = func.coalesce(totals.c.requested_cents, 0).label("requested_cents")
    query = (select(Application, requested)
             .join(Application.organisation)
             .join(Application.call)
             .outerjoin(totals, totals.c.application_id == Application.id)
             .options(contains_eager(Application.organisation), contains_eager(Application.call)))
    if filters.status:
        query = query.where(Application.status == filters.status)
    else:
        query = query.where(Application.status != ApplicationStatus.DRAFT)
    if filters.call_id is not None:
        query = query.where(Application.call_id == filters.call_id)
    if filters.program_id is not None:
        query = query.where(Call.program_id == filters.program_id)
    if filters.region_code:
        query = query.where(Organisation.region_code == filters.region_code)
    if filters.in_cmm is not None:
        query = query.where(Organisation.in_cmm.is_(filters.in_cmm))
    if filters.country:
        query = query.where(Application.destination_country == filters.country.upper())
    if filters.min_age_days is not None:
        query = query.where(Application.submitted_at <= now - timedelta(days=filters.min_age_days))
    if filters.max_age_days is not None:
        query = query.where(Application.submitted_at > now - timedelta(days=filters.max_age_days + 1))
    return query.order_by(*_order(filters, requested))


def _order(filters: QueueFilters, requested) -> list:
    # Age grows as submitted_at goes back in time: "oldest first" is submitted_at ascending.
    key = {"age": Application.submitted_at, "centre": func.lower(Organisation.name), "amount": requested,
           "start": Application.start_date}.get(filters.sort, Application.submitted_at)
    # Never-submitted rows and unset dates go last whatever the direction.
    nulls_last = case((key.is_(None), 1), else_=0) if filters.sort in ("age", "start") else None
    ordered = key.desc() if filters.descending else key.asc()
    return [c for c in (nulls_last, ordered, Application.id.asc()) if c is not None]


@dataclass(frozen=True)
class Page:
    items: list  # (Application, requested_cents) rows
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_of_queue(filters: QueueFilters, now: datetime, page: int = 1, per_page: int | None = None) -> Page:
    """One page of (Application, requested_cents) rows; a page past the end is empty rather than an error."""
    per_page = per_page or PER_PAGE
    page = max(page, 1)
    query = queue_query(filters, now)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=[tuple(row) for row in rows], page=page, per_page=per_page, total=int(total or 0))


def days_in_queue(application: Application, now: datetime) -> int | None:
    if application.submitted_at is None:
        return None
    return max(0, (now - application.submitted_at).days)


@dataclass(frozen=True)
class CallGroup:
    call: Call
    envelope: envelopes.EnvelopeSummary
    rows: list  # (Application, requested_cents), oldest submission first


def ministry_groups() -> list[CallGroup]:
    """Recommended applications grouped by call (calls by year, then title), each with its envelope panel."""
    totals = requested_totals().subquery()
    requested = func.coalesce(totals.c.requested_cents, 0).label("requested_cents")
    rows = db.session.execute(
        select(Application, requested)
        .join(Application.call)
        .outerjoin(totals, totals.c.application_id == Application.id)
        .options(contains_eager(Application.call), joinedload(Application.organisation))
        .where(Application.status == ApplicationStatus.RECOMMENDED)
        .order_by(Call.year, Call.title_fr, Call.id, Application.submitted_at, Application.id)).all()
    groups = []
    for _call_id, members in groupby(rows, key=lambda row: row[0].call_id):
        members = list(members)
        call = members[0][0].call
        groups.append(CallGroup(call=call, envelope=envelopes.summary(call), rows=[tuple(m) for m in members]))
    return groups

"""The reviewers' queues: which applications, filtered and sorted how. Plain select()s, no request state."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from portal.extensions import db
from portal.funding import envelopes
from portal.i18n.countries import allowed_countries
from portal.models import (
    Amendment,
    Application,
    ApplicationStatus,
    Call,
    Direction,
    Organisation,
    Pairing,
    PairingStatus,
    Program,
    indexes,
    paging,
)
from portal.models.amendments import waiting_for

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
    to_pair: bool = False  # outgoing, recommended or approved, and no partner proposed or confirmed yet


# Stored on the application (portal/funding/totals.py keeps it current): no per-request sum over the lines.
REQUESTED = Application.requested_total_cents
PAIRED_STATUSES = (PairingStatus.PROPOSED, PairingStatus.CONFIRMED)
TO_PAIR_STATUSES = (ApplicationStatus.RECOMMENDED, ApplicationStatus.APPROVED)


def queue_query(filters: QueueFilters, now: datetime) -> Select:
    """Rows of (Application, requested_cents) matching the filters, in the chosen order (id breaks ties)."""
    return paging.ordered(_filtered(filters, now), sort_keys(filters.sort), filters.descending)


def _filtered(filters: QueueFilters, now: datetime) -> Select:
    query = (select(Application, REQUESTED.label("requested_cents"))
             .join(Application.organisation)
             .join(Application.call)
             .options(contains_eager(Application.organisation), contains_eager(Application.call)))
    return _where(query, filters, now)


def _counted(filters: QueueFilters, now: datetime | None) -> Select:
    """The rows to count: the centre and the call joined only when a filter needs them (both are required
    foreign keys, so the join never changes the count), so the count walks the applications' index alone."""
    query = select(Application.id)
    if filters.region_code or filters.in_cmm is not None:
        query = query.join(Application.organisation)
    if filters.program_id is not None:
        query = query.join(Application.call)
    return _where(query, filters, now)


def _where(query: Select, filters: QueueFilters, now: datetime | None) -> Select:
    """The filters' conditions (`now` is needed only for the age bounds)."""
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
    if filters.to_pair:
        query = query.where(Application.direction == Direction.OUTGOING,
                            Application.status.in_(TO_PAIR_STATUSES), ~_has_pairing())
    return query


def country_choices(programs: Iterable[Program]) -> list[str]:
    """Destination countries to filter on: those the programs allow (a small table, read once by the page), never a
    scan of the applications. A program without a list allows every country: then every country code is offered."""
    allowed: set[str] = set()
    for program in programs:
        allowed.update(allowed_countries(program))
    return sorted(allowed)


def _has_pairing():
    return (select(Pairing.id).where(Pairing.application_id == Application.id,
                                     Pairing.status.in_(PAIRED_STATUSES)).exists())


def sort_keys(sort: str) -> list[paging.Key]:
    """The keyset of a sort: its column then the id, both walked in the same direction (one index serves both)."""
    first = {
        "age": paging.Key(Application.submitted_at, datetime),
        "centre": paging.Key(func.lower(Organisation.name), str),
        "amount": paging.Key(REQUESTED, int),
        "start": paging.Key(func.coalesce(Application.start_date, indexes.LAST_DAY), date),
    }.get(sort) or paging.Key(Application.submitted_at, datetime)
    return [first, paging.Key(Application.id, int)]


def _values_of(sort: str):
    def values(row) -> tuple:
        application, requested = row
        first = {"centre": lambda: application.organisation.name.lower(), "amount": lambda: requested,
                 "start": lambda: application.start_date or date(9999, 12, 31)}.get(
            sort, lambda: application.submitted_at)()
        return first, application.id
    return values


@dataclass(frozen=True)
class Page:
    """One page of rows, the cursors of its neighbours and how many rows match (capped: "1000+")."""

    items: list  # (Application, requested_cents) rows
    next_cursor: str | None
    prev_cursor: str | None
    total: int
    capped: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


def page_of_queue(filters: QueueFilters, now: datetime, cursor: str | None = None,
                  per_page: int | None = None) -> Page:
    """One page of (Application, requested_cents) rows after (or before) the cursor; InvalidInput on a bad one."""
    query = _filtered(filters, now)
    sort = filters.sort if filters.sort in SORTS else "age"
    page = paging.fetch(query, sort_keys(sort), _values_of(sort), cursor=cursor, per_page=per_page or PER_PAGE,
                        descending=filters.descending)
    total = paging.capped_count(_counted(filters, now))
    return Page(items=page.items, next_cursor=page.next_cursor, prev_cursor=page.prev_cursor,
                total=min(total, paging.COUNT_CAP), capped=total > paging.COUNT_CAP)


def days_in_queue(application: Application, now: datetime) -> int | None:
    if application.submitted_at is None:
        return None
    return max(0, (now - application.submitted_at).days)


@dataclass(frozen=True)
class CallGroup:
    call: Call
    envelope: envelopes.EnvelopeSummary
    rows: list  # (Application, requested_cents), oldest submission first


@dataclass(frozen=True)
class MinistryPage:
    page: Page
    groups: list[CallGroup]


def ministry_page(call_id: int | None = None, cursor: str | None = None, per_page: int | None = None
                  ) -> MinistryPage:
    """One page of recommended applications (oldest submission first), grouped by call with each envelope."""
    query = (select(Application, REQUESTED.label("requested_cents"))
             .join(Application.call).join(Application.organisation)
             .options(contains_eager(Application.call), contains_eager(Application.organisation))
             .where(Application.status == ApplicationStatus.RECOMMENDED))
    if call_id is not None:
        query = query.where(Application.call_id == call_id)
    keys = sort_keys("age")
    fetched = paging.fetch(query, keys, _values_of("age"), cursor=cursor, per_page=per_page or PER_PAGE)
    total = paging.capped_count(_counted(QueueFilters(status=ApplicationStatus.RECOMMENDED, call_id=call_id), None))
    page = Page(items=fetched.items, next_cursor=fetched.next_cursor, prev_cursor=fetched.prev_cursor,
                total=min(total, paging.COUNT_CAP), capped=total > paging.COUNT_CAP)
    calls = {row[0].call_id: row[0].call for row in page.items}
    pending = pending_by_call(list(calls))
    released = envelopes.released_by_call(list(calls))
    groups = [CallGroup(call=call, envelope=envelopes.summary(call, pending.get(call.id, 0),
                                                              released.get(call.id, 0)),
                        rows=[row for row in page.items if row[0].call_id == call.id])
              for call in sorted(calls.values(), key=lambda c: (c.year, c.title_fr, c.id))]
    return MinistryPage(page=page, groups=groups)


def pending_by_call(call_ids: list[int]) -> dict[int, int]:
    """Requested cents of the recommended applications of these calls, in one GROUP BY over the stored totals."""
    if not call_ids:
        return {}
    rows = db.session.execute(
        select(Application.call_id, func.sum(REQUESTED))
        .where(Application.call_id.in_(call_ids), Application.status == ApplicationStatus.RECOMMENDED)
        .group_by(Application.call_id))
    return {call_id: int(total or 0) for call_id, total in rows}


# --- amendments waiting for a decision ----------------------------------------------------------------------------

AMENDMENT_KEYS = [paging.Key(Amendment.proposed_at, datetime), paging.Key(Amendment.id, int)]


def amendments_page(role: str, cursor: str | None = None, per_page: int | None = None) -> Page:
    """One page of the amendments waiting for this role's decision (coordinator: proposed; ministry: endorsed),
    oldest proposal first; InvalidInput on a bad cursor."""
    fetched = paging.fetch(waiting_for(role), AMENDMENT_KEYS, lambda amendment: (amendment.proposed_at, amendment.id),
                           cursor=cursor, per_page=per_page or PER_PAGE, scalars=True)
    total = paging.capped_count(waiting_for(role, ids_only=True))
    return Page(items=fetched.items, next_cursor=fetched.next_cursor, prev_cursor=fetched.prev_cursor,
                total=min(total, paging.COUNT_CAP), capped=total > paging.COUNT_CAP)

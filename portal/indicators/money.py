"""Money of the program, from the totals kept on each application and the calls' committed amounts.

requested: what submitted applications ask for; approved: their approved totals; committed: the calls' committed
amounts; released: approved money given back to the envelope (approved, then withdrawn); spent: actual amounts of
accepted final reports; returned: approved minus spent where a final report was accepted under its approval.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.indicators.activity import T
from portal.indicators.filters import Filters, calls_scope, summarised
from portal.models import ApplicationStatus, Call


@dataclass(frozen=True)
class Money:
    requested: int
    approved: int
    committed: int
    released: int
    spent: int
    returned: int


def totals(filters: Filters) -> Money:
    """From the indicators summary, which keeps each application's totals and what its accepted final report spent."""
    spent = func.coalesce(T.spent_cents, 0)
    approved = func.coalesce(T.approved_total_cents, 0)
    withdrawn = T.status == ApplicationStatus.WITHDRAWN
    applications = summarised(
        select(func.coalesce(func.sum(case((T.submitted.is_(True), T.requested_total_cents))), 0),
               func.coalesce(func.sum(case((withdrawn, 0), else_=approved)), 0),
               func.coalesce(func.sum(case((withdrawn, approved), else_=0)), 0),
               func.coalesce(func.sum(spent), 0),
               func.coalesce(func.sum(case((T.spent_cents.is_not(None) & (approved > spent), approved - spent),
                                           else_=0)), 0))
        .select_from(T), filters, lean=True)
    committed = calls_scope(select(func.coalesce(func.sum(Call.committed_cents), 0)), filters).scalar_subquery()
    row = db.session.execute(select(applications.subquery(), committed)).one()
    requested, approved_sum, released, spent_sum, returned, committed_sum = (int(value) for value in row)
    return Money(requested=requested, approved=approved_sum, committed=committed_sum, released=released,
                 spent=spent_sum, returned=returned)


@dataclass(frozen=True)
class Envelope:
    call_id: int
    year: int
    title_fr: str
    title_en: str
    envelope: int
    committed: int

    @property
    def remaining(self) -> int:
        return max(self.envelope - self.committed, 0)

    @property
    def use(self) -> float | None:
        return self.committed / self.envelope if self.envelope else None

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_fr


def envelopes(filters: Filters) -> list[Envelope]:
    query = calls_scope(select(Call.id, Call.year, Call.title_fr, Call.title_en, Call.envelope_cents,
                               Call.committed_cents), filters).order_by(Call.year, Call.id)
    return [Envelope(*row) for row in db.session.execute(query)]

"""The centre's final report: outcomes, actual cost per funding line against the approved amount with receipts,
the reciprocal visit, then the coordinator's acceptance (which allows closing the file) or request for corrections.

The grant is the sum of the approved amounts (a cap reduction line counts negatively); actual costs below it leave
an amount to return; actual costs above the approved cost lines are an overrun the centre must justify.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.recipients import active_coordinators
from portal.audit.trail import add_event
from portal.core.clock import utcnow
from portal.core.errors import Conflict, InvalidInput, NotFound, Refused
from portal.documents import uploads
from portal.documents.policy import receipts_open
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationStatus,
    Decision,
    Document,
    DocumentStatus,
    FinalReport,
    FundingKind,
    FundingLine,
    Participant,
    ReportStatus,
    ReviewStage,
    Role,
    User,
)
from portal.privacy import attestations
from portal.reports import mailing, stay_reports

RECEIPT_KIND = "receipt"


# --- arithmetic ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Balance:
    grant_cents: int  # approved total after caps (a cap reduction line counts negatively)
    actual_cents: int
    approved_costs_cents: int | None = None  # approved cost lines before the cap reduction (default: the grant)

    @property
    def difference_cents(self) -> int:
        """Positive: spent more than granted."""
        return self.actual_cents - self.grant_cents

    @property
    def to_return_cents(self) -> int:
        return max(0, -self.difference_cents)

    @property
    def overrun_cents(self) -> int:
        """Spent above what was approved line by line. A cap reduction has no actual counterpart: it lowers what
        the ministry pays, not what the centre may spend, so spending within the approved lines is no overrun
        (the part above the grant stays the centre's)."""
        ceiling = self.grant_cents if self.approved_costs_cents is None else self.approved_costs_cents
        return max(0, self.actual_cents - max(ceiling, self.grant_cents))


def is_cost_line(line: FundingLine) -> bool:
    return line.kind != FundingKind.CAP_REDUCTION


def balance_of(lines: list[FundingLine], actuals: dict[int, int | None] | None = None) -> Balance:
    """Grant (approved, reductions included) against actual costs (`actuals` overrides the stored ones)."""
    actuals = actuals or {}
    grant = sum(line.approved_cents or 0 for line in lines)
    approved_costs = sum(line.approved_cents or 0 for line in lines if is_cost_line(line))
    actual = sum((actuals.get(line.id, line.actual_cents) or 0) for line in lines if is_cost_line(line))
    return Balance(grant, actual, approved_costs)


# --- reading ---------------------------------------------------------------------------------------------------

def report_of(application: Application) -> FinalReport | None:
    return db.session.scalar(select(FinalReport).where(FinalReport.application_id == application.id))


def receipts_by_line(application: Application) -> dict[int, list[Document]]:
    docs = db.session.scalars(select(Document).where(
        Document.application_id == application.id, Document.kind == RECEIPT_KIND,
        Document.status == DocumentStatus.CONFIRMED, Document.superseded_at.is_(None),
        Document.funding_line_id.is_not(None)).order_by(Document.id))
    result: dict[int, list[Document]] = {}
    for doc in docs:
        result.setdefault(doc.funding_line_id, []).append(doc)
    return result


@dataclass
class Missing:
    reports: list[Participant] = field(default_factory=list)
    receipts: list[FundingLine] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reports or self.receipts)

    def messages(self) -> list[str]:
        lines = []
        if self.reports:
            lines.append(gettext("Missing participant reports: %(num)d.", num=len(self.reports)))
        if self.receipts:
            lines.append(gettext("Funding lines with actual costs but no receipt: %(num)d.", num=len(self.receipts)))
        return lines


# What missing_items walks (the participants, the cost lines), and what accepting the report walks too (the
# attestations it issues): options for the query that loads the application. selectinload, so they fit a
# row-locking query.
MISSING_LOADS = (selectinload(Application.participants), selectinload(Application.funding_lines))
ACCEPT_LOADS = (*MISSING_LOADS, *attestations.ISSUE_LOADS)


def missing_items(application: Application) -> Missing:
    """Reachable participants without a submitted report; cost lines with actual costs but no receipt."""
    missing = Missing()
    for participant in application.participants:
        if stay_reports.expects_report(participant) \
                and not stay_reports.is_submitted(stay_reports.report_of(participant)):
            missing.reports.append(participant)
    receipts = receipts_by_line(application)
    for line in application.funding_lines:
        if is_cost_line(line) and (line.actual_cents or 0) > 0 and not receipts.get(line.id):
            missing.receipts.append(line)
    return missing


# --- staff: edit and submit -----------------------------------------------------------------------------------

def _audit(actor: User, action: str, application: Application, before: Any = None, after: Any = None) -> None:
    add_event(actor, action, "application", application.id, before=before, after=after)


def _check_staff(application: Application, actor: User) -> None:
    if not application.owned_by(actor):
        raise NotFound(gettext("Application not found."))


def _lock_application(application: Application) -> None:
    db.session.execute(select(Application.id).where(Application.id == application.id).with_for_update())


def save(application: Application, actor: User, *, outcomes: str, reciprocal_visit_status: str,
         overrun_justification: str, actuals: dict[int, int | None], submit: bool,
         at: datetime | None = None) -> FinalReport:
    """Save the final report as a draft, or submit it to the coordinators. Refusals change nothing."""
    _check_staff(application, actor)
    _lock_application(application)
    if application.status != ApplicationStatus.COMPLETED:
        raise Conflict(gettext("The final report can only be written once the stay is completed."))
    report = report_of(application)
    if report is not None and not report.editable:
        raise Conflict(gettext("The final report has been submitted; it can no longer be changed."))
    lines = {line.id: line for line in application.funding_lines if is_cost_line(line)}
    for line_id, cents in actuals.items():
        if line_id not in lines:
            raise InvalidInput(gettext("This budget line does not belong to the application."))
        if cents is not None and (isinstance(cents, bool) or not isinstance(cents, int) or cents < 0):
            raise InvalidInput(gettext("Actual costs must be positive amounts."))
    outcomes, reciprocal = (outcomes or "").strip(), (reciprocal_visit_status or "").strip()
    justification = (overrun_justification or "").strip()
    if submit:
        problems = []
        if not outcomes:
            problems.append(gettext("Describe the outcomes against the objectives."))
        if not reciprocal:
            problems.append(gettext("Give the status of the reciprocal visit."))
        if any(actuals.get(line_id, line.actual_cents) is None for line_id, line in lines.items()):
            problems.append(gettext("Enter the actual cost of every funding line."))
        if balance_of(list(application.funding_lines), actuals).overrun_cents > 0 and not justification:
            problems.append(gettext("The actual costs exceed the approved amounts: justify the overrun."))
        if problems:
            raise InvalidInput(" ".join(problems))
    if report is None:
        report = FinalReport(application_id=application.id, status=ReportStatus.DRAFT)
        db.session.add(report)
    before = {str(line_id): line.actual_cents for line_id, line in lines.items()}
    for line_id, cents in actuals.items():
        lines[line_id].actual_cents = cents
    report.outcomes, report.reciprocal_visit_status = outcomes, reciprocal
    report.overrun_justification = justification
    after = {str(line_id): line.actual_cents for line_id, line in lines.items()}
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = at or utcnow()
    db.session.flush()
    if before != after or submit:
        _audit(actor, "final_report.submitted" if submit else "final_report.saved", application,
               before={"actual_cents": before}, after={"actual_cents": after, "status": report.status})
    if submit:
        mailing.notify(active_coordinators(), application, mailing.FINAL_SUBMITTED)
    db.session.flush()
    return report


def attach_receipt(application: Application, line_id: int, upload: Any, actor: User) -> Document:
    """Store a receipt through the documents module and link it to one cost line of the application."""
    _check_staff(application, actor)
    if not receipts_open(application):
        raise Conflict(gettext("Receipts can only be added while the final report is being written."))
    line = db.session.get(FundingLine, line_id)
    if line is None or line.application_id != application.id or not is_cost_line(line):
        raise InvalidInput(gettext("This budget line does not belong to the application."))
    doc = uploads.store_upload(application, RECEIPT_KIND, upload, actor)
    doc.funding_line_id = line.id
    db.session.flush()
    return doc


# --- coordinator: accept or ask for corrections ----------------------------------------------------------------

def _review(application: Application, actor: User, action: str, comment: str) -> FinalReport:
    if actor.role != Role.COORDINATOR:
        raise Refused(gettext("Your role does not allow this action."))
    _lock_application(application)
    report = report_of(application)
    if application.status != ApplicationStatus.COMPLETED or report is None \
            or report.status != ReportStatus.SUBMITTED:
        raise Conflict(gettext("Only a submitted final report can be reviewed."))
    before = report.status
    report.status = ReportStatus.ACCEPTED if action == "accept_final_report" else ReportStatus.CORRECTIONS_REQUESTED
    report.reviewed_at, report.reviewed_by_id, report.review_comment = utcnow(), actor.id, comment
    db.session.add(Decision(application_id=application.id, stage=ReviewStage.COORDINATOR, action=action,
                            from_status=application.status, to_status=application.status, comment=comment,
                            actor_id=actor.id))
    _audit(actor, f"final_report.{action}", application, before={"final_report": str(before)},
           after={"final_report": str(report.status)})
    db.session.flush()
    event = mailing.FINAL_ACCEPTED if report.status == ReportStatus.ACCEPTED else mailing.FINAL_CORRECTIONS
    mailing.notify(mailing.staff_of(application), application, event, comment)
    return report


def accept(application: Application, actor: User, comment: str = "") -> FinalReport:
    report = _review(application, actor, "accept_final_report", (comment or "").strip())
    attestations.issue_for(application)  # each Québec participant's competency attestation
    return report


def request_corrections(application: Application, actor: User, comment: str) -> FinalReport:
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(gettext("A comment is required to ask for corrections."))
    return _review(application, actor, "request_final_corrections", comment)

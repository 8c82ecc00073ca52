"""When documents may change: while the application can be edited (draft, changes requested); receipts also while
the final report is being written. One rule, used by the pages and by every document operation."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.errors import Conflict
from portal.documents.kinds import CARE_KINDS
from portal.extensions import db
from portal.models import Application, ApplicationStatus, FinalReport
from portal.workflow.transitions import can_edit


def receipts_open(application: Application) -> bool:
    """Receipts may be added or removed while the stay is completed and the final report is still editable."""
    if application.status != ApplicationStatus.COMPLETED:
        return False
    report = db.session.scalar(select(FinalReport).where(FinalReport.application_id == application.id))
    return report is None or report.editable


def is_editable(application: Application, kind: str | None = None) -> bool:
    """Documents can change only while the application itself can be edited (draft, changes requested); receipts
    also while the final report is being written."""
    if kind == "receipt" and receipts_open(application):
        return True
    if kind in CARE_KINDS and application.status in (ApplicationStatus.APPROVED, ApplicationStatus.IN_PROGRESS):
        return True
    return bool(can_edit(application))


def ensure_editable(application: Application, kind: str | None = None) -> None:
    if not is_editable(application, kind):
        raise Conflict(_("Documents can no longer be changed in the current state of the file."))


def lock_for_change(application: Application, kind: str | None = None) -> None:
    """Serialise document changes of one application (row lock on PostgreSQL), then re-check the state."""
    db.session.execute(select(Application.id).where(Application.id == application.id).with_for_update())
    db.session.refresh(application, attribute_names=["status"])
    ensure_editable(application, kind)

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import indexes
from portal.models.applications import Participant
from portal.models.base import ReportStatus, Timestamped, one_of
from portal.models.users import User

SATISFACTION_ITEMS = ("preparation", "host", "lodging", "overall")


def _scale(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR ({column} BETWEEN {low} AND {high})", name=f"{column}_range")


class StayReport(Timestamped, db.Model):
    """A participant's post-stay report."""

    __tablename__ = "stay_reports"
    __table_args__ = (
        one_of("status", ReportStatus),
        _scale("language_progress", 1, 5),
        *(_scale(f"satisfaction_{item}", 1, 5) for item in SATISFACTION_ITEMS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(24), default=ReportStatus.DRAFT)
    competencies: Mapped[str] = mapped_column(Text, default="")
    language_progress: Mapped[int | None] = mapped_column(Integer)
    satisfaction_preparation: Mapped[int | None] = mapped_column(Integer)
    satisfaction_host: Mapped[int | None] = mapped_column(Integer)
    satisfaction_lodging: Mapped[int | None] = mapped_column(Integer)
    satisfaction_overall: Mapped[int | None] = mapped_column(Integer)
    advice: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    quote_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_reminder_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    # Staff may resend the link at most once a day per participant (portal/reports/invitations.py).
    last_resent_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)

    participant: Mapped[Participant] = relationship()


class FinalReport(Timestamped, db.Model):
    """The centre's closing report; actual costs are kept on the funding lines."""

    __tablename__ = "final_reports"
    __table_args__ = (one_of("status", ReportStatus), *indexes.FINAL_REPORT_INDEXES)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(24), default=ReportStatus.DRAFT)
    outcomes: Mapped[str] = mapped_column(Text, default="")
    reciprocal_visit_status: Mapped[str] = mapped_column(Text, default="")
    # The partner's return visit, as the incoming application that made it (meets the reciprocity obligation).
    return_visit_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"))
    overrun_justification: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_comment: Mapped[str] = mapped_column(Text, default="")

    reviewed_by: Mapped[User | None] = relationship()

    @property
    def editable(self) -> bool:
        """The centre may still change it (and its receipts): a draft, or sent back for corrections."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.CORRECTIONS_REQUESTED)

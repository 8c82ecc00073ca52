"""Summary tables kept current by the operations, so a report reads a few rows whatever the portal holds."""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class CallCarbonTotal(db.Model):
    """The carbon of the applications of one call in one status and direction (portal/funding/carbon_summary.py).

    Only the statuses the carbon page counts have rows. kg are kept in tenths (the precision of Application.co2_kg)
    as an integer, so adding and taking away contributions never drifts, whatever the database's decimal type."""

    __tablename__ = "carbon_totals"

    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    direction: Mapped[str] = mapped_column(String(10), primary_key=True)
    co2_tenths_kg: Mapped[int] = mapped_column(BigInteger, default=0)
    offset_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    computed: Mapped[int] = mapped_column(Integer, default=0)  # applications whose trip carbon is known
    applications: Mapped[int] = mapped_column(Integer, default=0)


class ReciprocityTotal(db.Model):
    """Person-days a partner or a centre sent and received in one calendar year (portal/partners/
    reciprocity_summary.py): the reciprocity dashboard ranks a few thousand of these rows, never the participants."""

    __tablename__ = "reciprocity_totals"

    owner_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "partner" or "centre"
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent: Mapped[int] = mapped_column(BigInteger, default=0)
    received: Mapped[int] = mapped_column(BigInteger, default=0)

"""Summary tables kept current by the operations, so a report reads a few rows whatever the portal holds."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, Numeric, Row, Select, String, Text, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db
from portal.models import indexes


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


ALL_YEARS = 0  # ReciprocityTotal.year of an owner's all-years row


class ReciprocityTotal(db.Model):
    """Person-days a partner or a centre sent and received in one calendar year (portal/partners/
    reciprocity_summary.py): the reciprocity dashboard ranks a few thousand of these rows, never the participants."""

    __tablename__ = "reciprocity_totals"
    __table_args__ = indexes.RECIPROCITY_TOTAL_INDEXES

    owner_kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "partner" or "centre"
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent: Mapped[int] = mapped_column(BigInteger, default=0)
    received: Mapped[int] = mapped_column(BigInteger, default=0)


class ReciprocityObligationTotal(db.Model):
    """Return visits owed to one partner, open and met, by due year (portal/partners/obligation_summary.py), and over
    all years (due_year ALL_YEARS): the dashboard ranks one row per partner, never the obligations."""

    __tablename__ = "reciprocity_obligation_totals"
    __table_args__ = indexes.OBLIGATION_TOTAL_INDEXES

    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    due_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    open: Mapped[int] = mapped_column(BigInteger, default=0)
    met: Mapped[int] = mapped_column(BigInteger, default=0)


class PartnerBooking(db.Model):
    """Participants of the applications that hold places at one partner in one calendar year (their first day's),
    kept current with the reciprocity summary (portal/partners/bookings.py): the pairing page reads each partner's
    places taken in a year from here, not from every participant of the year's applications."""

    __tablename__ = "partner_bookings"
    __table_args__ = indexes.PARTNER_BOOKING_INDEXES

    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    participants: Mapped[int] = mapped_column(BigInteger, default=0)


class IndicatorTotal(db.Model):
    """One application's figures for the indicators page (portal/indicators/summary.py): its filter dimensions copied
    from the application, its participants by kind and its submitted stay reports' answers, so the page groups a
    narrow row per application instead of joining a million participants and their reports on every request.

    A satisfaction item's answers are kept as counts per scale value (1 to 5): the distribution, the number of
    answers and their sum (hence the mean) all follow from them."""

    __tablename__ = "indicator_totals"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    call_id: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))
    destination_country: Mapped[str | None] = mapped_column(String(2))
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    travel_mode: Mapped[str] = mapped_column(String(10))
    co2_kg: Mapped[Decimal | None] = mapped_column(Numeric(12, 1))
    offset_cents: Mapped[int | None] = mapped_column(BigInteger)
    requested_total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_total_cents: Mapped[int | None] = mapped_column(BigInteger)
    spent_cents: Mapped[int | None] = mapped_column(BigInteger)  # actual amounts, once a final report is accepted
    answered: Mapped[bool] = mapped_column(Boolean, default=False)  # an incoming stay answers this one
    students: Mapped[int] = mapped_column(Integer, default=0)
    teachers: Mapped[int] = mapped_column(Integer, default=0)
    staff: Mapped[int] = mapped_column(Integer, default=0)
    accompanying: Mapped[int] = mapped_column(Integer, default=0)
    reports: Mapped[int] = mapped_column(Integer, default=0)  # submitted or accepted stay reports
    language_sum: Mapped[int] = mapped_column(Integer, default=0)
    language_answers: Mapped[int] = mapped_column(Integer, default=0)
    preparation_1: Mapped[int] = mapped_column(Integer, default=0)
    preparation_2: Mapped[int] = mapped_column(Integer, default=0)
    preparation_3: Mapped[int] = mapped_column(Integer, default=0)
    preparation_4: Mapped[int] = mapped_column(Integer, default=0)
    preparation_5: Mapped[int] = mapped_column(Integer, default=0)
    host_1: Mapped[int] = mapped_column(Integer, default=0)
    host_2: Mapped[int] = mapped_column(Integer, default=0)
    host_3: Mapped[int] = mapped_column(Integer, default=0)
    host_4: Mapped[int] = mapped_column(Integer, default=0)
    host_5: Mapped[int] = mapped_column(Integer, default=0)
    lodging_1: Mapped[int] = mapped_column(Integer, default=0)
    lodging_2: Mapped[int] = mapped_column(Integer, default=0)
    lodging_3: Mapped[int] = mapped_column(Integer, default=0)
    lodging_4: Mapped[int] = mapped_column(Integer, default=0)
    lodging_5: Mapped[int] = mapped_column(Integer, default=0)
    overall_1: Mapped[int] = mapped_column(Integer, default=0)
    overall_2: Mapped[int] = mapped_column(Integer, default=0)
    overall_3: Mapped[int] = mapped_column(Integer, default=0)
    overall_4: Mapped[int] = mapped_column(Integer, default=0)
    overall_5: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorFigures(db.Model):
    """The indicators page's figures computed for one set of filters at one version of the data
    (portal/indicators/figures.py): a later request with the same filters and version reads them instead of
    computing them again. One row per set of filters; a newer version replaces it."""

    __tablename__ = "indicator_figures"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    figures: Mapped[str] = mapped_column(Text)


class IndicatorDataVersion(db.Model):
    """A single row whose version goes up after every commit that changed what the indicators are computed from."""

    __tablename__ = "indicator_data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def add_to_row(dialect: str, model: type, key: dict[str, Any], amounts: dict[str, int]):
    """INSERT … ON CONFLICT (the key's columns) DO UPDATE that adds `amounts` to the summary's row, creating it when
    missing (PostgreSQL and SQLite): how every summary kept by the operations takes a change."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    statement = insert(table).values(**key, **amounts)
    return statement.on_conflict_do_update(index_elements=list(key),
                                           set_={name: table.c[name] + statement.excluded[name] for name in amounts})


def replace_rows(session: Session, model: type, rows: list[dict]) -> int:
    """Every row of a summary table replaced by `rows` (a rebuild after bulk SQL); returns how many."""
    session.execute(delete(model))
    if rows:
        session.execute(model.__table__.insert(), rows)
    return len(rows)


def summary_rows(query: Select) -> list[Row]:
    """Every row of a query over summary tables, as Core rows: a page that reads a row per partner (a thousand) pays
    half the cost of the ORM's rows. The session is flushed first, as its own execute would: the flush hooks bring
    the summaries up to date with what it holds."""
    db.session.flush()
    return db.session.connection().execute(query).all()

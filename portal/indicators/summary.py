"""The indicators page's summary (indicator_totals): one narrow row per application with its filter dimensions, its
participants by kind and its submitted stay reports' answers, so the page's participant figures group 100 000
short rows instead of joining a million participants and their reports on every request.

After every flush, each application that was written, or whose participants or stay reports were, gets its row
recomputed from its own few participants: one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` for all of them, after
locking those applications' rows, so a second transaction touching the same application waits for the first to
commit and recounts with its rows (under READ COMMITTED each statement sees what was committed before it). Hooking the flush rather than
each operation means no path (workflow, participant forms, stay reports, demo, tests' factories) can forget it.
Bulk SQL that bypasses the ORM (the bench generator, a data repair) calls ``rebuild``, as does
``flask refresh-totals``; migration 0013 fills it with the same SELECT.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, delete, event, inspect, select, text
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Application, FinalReport, FundingLine, IndicatorTotal, Participant, StayReport
from portal.models.reports import SATISFACTION_ITEMS

SCALE = (1, 2, 3, 4, 5)
KINDS = {"student": "students", "teacher": "teachers", "staff": "staff", "accompanying": "accompanying"}
SUBMITTED = "sr.status IN ('submitted', 'accepted')"
DIMENSIONS = ("call_id", "organisation_id", "partner_id", "status", "direction", "destination_country",
              "submitted_at", "travel_mode")
MONEY = ("requested_total_cents", "approved_total_cents")
APPLICATION_TRACKED = (*DIMENSIONS, "co2_kg", "offset_cents", *MONEY, "answers_application_id")
REPORT_TRACKED = ("status", "language_progress", *(f"satisfaction_{item}" for item in SATISFACTION_ITEMS))
ANSWERS = tuple(f"{item}_{value}" for item in SATISFACTION_ITEMS for value in SCALE)
COUNTS = (*KINDS.values(), "reports", "language_sum", "language_answers", *ANSWERS)
COLUMNS = ("application_id", *DIMENSIONS, "submitted", "co2_kg", "offset_cents", *MONEY, "spent_cents", "answered",
           *COUNTS)
# Spent: the actual amounts of the lines once the final report is accepted (NULL before). Answered: an incoming
# stay answers this application (reciprocity).
SPENT = ("(SELECT sum(fl.actual_cents) FROM funding_lines fl JOIN final_reports fr ON fr.application_id ="
         " fl.application_id WHERE fr.status = 'accepted' AND fl.application_id = a.id)")
ANSWERED = ("EXISTS (SELECT 1 FROM applications b WHERE b.answers_application_id = a.id"
            " AND b.direction = 'incoming')")

_PER_PARTICIPANT = ",\n".join(
    [f"sum(CASE WHEN pa.kind = '{kind}' THEN 1 ELSE 0 END) AS {column}" for kind, column in KINDS.items()]
    + [f"sum(CASE WHEN {SUBMITTED} THEN 1 ELSE 0 END) AS reports",
       f"sum(CASE WHEN {SUBMITTED} AND sr.language_progress IS NOT NULL THEN sr.language_progress ELSE 0 END)"
       " AS language_sum",
       f"sum(CASE WHEN {SUBMITTED} AND sr.language_progress IS NOT NULL THEN 1 ELSE 0 END) AS language_answers"]
    + [f"sum(CASE WHEN {SUBMITTED} AND sr.satisfaction_{item} = {value} THEN 1 ELSE 0 END) AS {item}_{value}"
       for item in SATISFACTION_ITEMS for value in SCALE])

# Every application, its counts from its participants (none: zeros); {inner} and {outer} restrict both sides alike.
# Built from this module's constants only, never from input.
ROWS = (
    "SELECT a.id, "  # noqa: S608
    + ", ".join(f"a.{name}" for name in DIMENSIONS)
    + ", a.submitted_at IS NOT NULL, a.co2_kg, a.offset_cents, a.requested_total_cents, a.approved_total_cents, "
    + SPENT + ", " + ANSWERED + ", "
    + ", ".join(f"coalesce(p.{name}, 0)" for name in COUNTS)
    + "\nFROM applications a LEFT JOIN (SELECT pa.application_id, " + _PER_PARTICIPANT
    + "\n FROM participants pa LEFT JOIN stay_reports sr ON sr.participant_id = pa.id {inner}"
    + " GROUP BY pa.application_id) p ON p.application_id = a.id {outer}")

INSERT = f"INSERT INTO indicator_totals ({', '.join(COLUMNS)})\n"
UPSERT = (INSERT + ROWS.format(inner="WHERE pa.application_id IN :ids", outer="WHERE a.id IN :ids")
          + " ON CONFLICT (application_id) DO UPDATE SET "
          + ", ".join(f"{name} = excluded.{name}" for name in COLUMNS[1:]))
FILL = INSERT + ROWS.format(inner="", outer="")


def _changed(instance, names) -> bool:
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in names)


def _answered(application: Application) -> set[int]:
    """The applications this one answers, before and after the flush: their `answered` may change."""
    history = inspect(application).attrs.answers_application_id.history
    return {i for i in (*history.deleted, application.answers_application_id) if i is not None}


def touched(session: Session) -> tuple[set[int], set[int], set[int]]:
    """Applications whose row this flush changes, participants whose application's row it changes, and
    applications deleted."""
    applications: set[int] = set()
    participants: set[int] = set()
    deleted: set[int] = set()
    for instance in session.new | session.dirty:
        new = instance in session.new
        if isinstance(instance, Application) and (new or _changed(instance, APPLICATION_TRACKED)):
            applications.add(instance.id)
            applications.update(_answered(instance))
        elif isinstance(instance, Participant | FundingLine) and (
                new or _changed(instance, ("kind", "application_id") if isinstance(instance, Participant)
                                else ("actual_cents", "application_id"))):
            history = inspect(instance).attrs.application_id.history
            applications.update(i for i in (*history.deleted, instance.application_id) if i is not None)
        elif isinstance(instance, FinalReport) and (new or _changed(instance, ("status",))):
            applications.add(instance.application_id)
        elif isinstance(instance, StayReport) and (new or _changed(instance, REPORT_TRACKED)):
            participants.add(instance.participant_id)
    for instance in session.deleted:
        if isinstance(instance, Application):
            deleted.add(instance.id)
            applications.update(_answered(instance))
        elif isinstance(instance, Participant | FundingLine | FinalReport):
            applications.add(instance.application_id)
        elif isinstance(instance, StayReport):
            participants.add(instance.participant_id)
    return applications - deleted, participants, deleted


def refresh(session: Session, applications: set[int], participants: set[int] = frozenset(),
            deleted: set[int] = frozenset()) -> None:
    """Recompute the rows of these applications (and of these participants' applications) from their participants."""
    connection = session.connection()
    if participants:
        applications = applications | set(connection.scalars(
            select(Participant.application_id).where(Participant.id.in_(sorted(participants)))))
    applications = applications - set(deleted)
    if deleted:
        connection.execute(delete(IndicatorTotal).where(IndicatorTotal.application_id.in_(sorted(deleted))))
    if applications:
        ids = sorted(applications)
        # Lock the applications first (in one order): a transaction adding a participant to the same application
        # waits for this one to commit, then its own recount, a new statement, sees this one's rows.
        connection.execute(select(Application.id).where(Application.id.in_(ids)).order_by(Application.id)
                           .with_for_update())
        connection.execute(text(UPSERT).bindparams(bindparam("ids", expanding=True)), {"ids": ids})


def _after_flush(session: Session, _context) -> None:
    applications, participants, deleted = touched(session)
    if applications or participants or deleted:
        refresh(session, applications, participants, deleted)


def keep_current() -> None:
    """Hook the summary to every ORM session's flush (create_app calls it; once is enough)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def from_scratch(session: Session | None = None) -> dict[int, tuple]:
    """Every application's row computed from the participants themselves: rebuild and tests."""
    session = session or db.session
    return {row[0]: _normalised(row[1:]) for row in session.execute(text(ROWS.format(inner="", outer="")))}


def stored(session: Session | None = None) -> dict[int, tuple]:
    session = session or db.session
    table = IndicatorTotal.__table__
    return {row[0]: _normalised(row[1:]) for row in session.execute(select(*(table.c[name] for name in COLUMNS)))}


def _normalised(values) -> tuple:
    """Booleans, decimals and dates compare alike whichever database or path produced them (kg have one decimal)."""
    row = dict(zip(COLUMNS[1:], values, strict=True))
    row["submitted"], row["answered"] = bool(row["submitted"]), bool(row["answered"])
    kg = row["co2_kg"]
    row["co2_kg"] = None if kg is None else str(Decimal(str(kg)).quantize(Decimal("0.1")))
    if isinstance(row["submitted_at"], str):  # SQLite's raw text
        row["submitted_at"] = datetime.fromisoformat(row["submitted_at"])
    return tuple(row.values())


def rebuild(session: Session | None = None) -> int:
    """Recompute the whole summary from the applications (after bulk SQL); returns the rows written."""
    session = session or db.session
    session.execute(delete(IndicatorTotal))
    return session.execute(text(FILL)).rowcount

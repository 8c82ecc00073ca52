"""Rules for creating and editing calls and programs (admin pages).

Dates of a call are entered as Québec calendar days: a call opens at 00:00 on its first day and closes at
23:59:59 on its last day, Québec time; both are stored in UTC. Every function checks first and raises
:class:`InvalidInput` (translated messages in ``failed``) before changing anything, then records an AuditEvent with the
before/after values. Session work only: the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pycountry
from flask_babel import gettext as _
from sqlalchemy import select

from portal.core import clock
from portal.core.clock import QUEBEC_TZ, utcnow
from portal.documents.kinds import DOCUMENT_KINDS
from portal.extensions import db
from portal.funding import FundingModel, readiness
from portal.funding.rate_tables import record_change, refused_values
from portal.i18n.formatting import money
from portal.models import Call, Program, User

UTC = ZoneInfo("UTC")

CALL_FIELDS = ("program_id", "year", "title_fr", "title_en", "opens_at", "closes_at", "stays_start_from",
               "stays_end_by", "envelope_cents", "default_nightly_cents", "default_daily_cents",
               "offset_cents_per_tonne", "eur_to_cad")
PROGRAM_FIELDS = ("name_fr", "name_en", "min_days", "max_travel_days", "cap_cents", "flat_short_cents",
                  "flat_long_cents", "flat_long_from_days", "max_accompanying", "students_per_adult",
                  "allowed_countries", "required_documents", "optional_documents", "active")


def start_of_day_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=QUEBEC_TZ).astimezone(UTC).replace(tzinfo=None)


def end_of_day_utc(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=QUEBEC_TZ).astimezone(UTC).replace(tzinfo=None)


def quebec_day(moment: datetime | None) -> date | None:
    """The Québec calendar day of a stored UTC moment (what the form shows)."""
    return None if moment is None else clock.quebec_day(moment)


@dataclass(frozen=True)
class CallValues:
    program_id: int
    year: int
    title_fr: str
    title_en: str
    opens_on: date
    closes_on: date
    stays_start_from: date
    stays_end_by: date
    envelope_cents: int
    default_nightly_cents: int
    default_daily_cents: int
    offset_cents_per_tonne: int
    eur_to_cad: Decimal | None = None  # shown in the transport explanations of budgets computed from the call


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def snapshot(obj: Call | Program, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def _call_problems(values: CallValues, call: Call | None) -> list[str]:
    problems = []
    if db.session.get(Program, values.program_id) is None:
        problems.append(_("Choose a program from the list."))
    if values.closes_on < values.opens_on:
        problems.append(_("The call must close on or after the day it opens."))
    if values.stays_end_by < values.stays_start_from:
        problems.append(_("The stay window must end on or after the day it starts."))
    if min(values.envelope_cents, values.default_nightly_cents, values.default_daily_cents,
           values.offset_cents_per_tonne) < 0:
        problems.append(_("Amounts cannot be negative."))
    if values.eur_to_cad is not None and not (Decimal("0.01") <= values.eur_to_cad <= Decimal("100")):
        problems.append(_("Enter the value of 1 EUR in CAD, between 0.01 and 100."))
    if call is not None and values.envelope_cents < call.committed_cents:
        problems.append(_("The envelope cannot be less than the amounts already committed (%(committed)s).",
                          committed=money(call.committed_cents)))
    other = db.session.scalar(select(Call.id).where(Call.program_id == values.program_id,
                                                    Call.year == values.year))
    if other is not None and (call is None or other != call.id):
        problems.append(_("This program already has a call for %(year)s.", year=values.year))
    return problems


def _opening_problems(call: Call | None, values: CallValues) -> list[str]:
    """A call cannot open while its rate tables are incomplete or unconfirmed: a new call opens on a later day;
    a call not yet open keeps a later opening day until its tables are ready."""
    today = clock.quebec_day(utcnow())
    if values.opens_on > today or (call is not None and call.opens_at <= utcnow()):
        return []
    if call is None:
        return [_("A new call opens on a later day: its rate tables must first be entered and confirmed.")]
    reasons = readiness.not_ready(call)
    if reasons:
        return [_("The call cannot open yet:")] + reasons
    return []


def save_call(call: Call | None, values: CallValues, actor: User | None, remote_addr: str | None = None) -> Call:
    """Create a call (``call`` is None) or update one; InvalidInput before any change when refused."""
    problems = _call_problems(values, call) + _opening_problems(call, values)
    if problems:
        raise refused_values(problems)
    if call is not None and (values.default_nightly_cents, values.default_daily_cents) != (
            call.default_nightly_cents, call.default_daily_cents):
        readiness.withdraw(call, "rates")
    created = call is None
    before = None if created else snapshot(call, CALL_FIELDS)
    if created:
        call = Call(committed_cents=0)
        db.session.add(call)
    call.program_id, call.year = values.program_id, values.year
    call.title_fr, call.title_en = values.title_fr.strip(), values.title_en.strip()
    call.opens_at = start_of_day_utc(values.opens_on)
    call.closes_at = end_of_day_utc(values.closes_on)
    call.stays_start_from, call.stays_end_by = values.stays_start_from, values.stays_end_by
    call.envelope_cents = values.envelope_cents
    call.default_nightly_cents = values.default_nightly_cents
    call.default_daily_cents = values.default_daily_cents
    call.offset_cents_per_tonne = values.offset_cents_per_tonne
    call.eur_to_cad = values.eur_to_cad
    db.session.flush()
    record_change(actor, "call.created" if created else "call.updated", "call", call.id, before,
                  snapshot(call, CALL_FIELDS), remote_addr)
    return call


@dataclass(frozen=True)
class ProgramValues:
    name_fr: str
    name_en: str
    min_days: int
    max_travel_days: int
    cap_cents: int
    flat_short_cents: int
    flat_long_cents: int
    flat_long_from_days: int
    max_accompanying: int
    students_per_adult: int
    allowed_countries: tuple[str, ...]
    required_documents: tuple[str, ...]
    optional_documents: tuple[str, ...]
    active: bool


def _program_problems(program: Program, values: ProgramValues) -> list[str]:
    problems = []
    if values.min_days < 1 or values.max_travel_days < 0:
        problems.append(_("The minimum number of days must be at least 1 and travel days cannot be negative."))
    if min(values.cap_cents, values.flat_short_cents, values.flat_long_cents) < 0:
        problems.append(_("Amounts cannot be negative."))
    if program.funding_model == FundingModel.FLAT_BY_DURATION and values.flat_long_from_days <= values.min_days:
        problems.append(_("The long-stay flat amount must start after the minimum number of days."))
    if values.max_accompanying < 0 or values.students_per_adult < 1:
        problems.append(_("Accompanying adults cannot be negative and each adult accompanies at least one "
                          "student."))
    unknown = [code for code in values.allowed_countries if pycountry.countries.get(alpha_2=code) is None]
    if unknown:
        problems.append(_("Unknown countries: %(codes)s.", codes=", ".join(unknown)))
    kinds = [*values.required_documents, *values.optional_documents]
    if any(kind not in DOCUMENT_KINDS for kind in kinds):
        problems.append(_("Choose documents from the list."))
    if set(values.required_documents) & set(values.optional_documents):
        problems.append(_("A document cannot be both required and optional."))
    return problems


def save_program(program: Program, values: ProgramValues, actor: User | None,
                 remote_addr: str | None = None) -> Program:
    problems = _program_problems(program, values)
    if problems:
        raise refused_values(problems)
    before = snapshot(program, PROGRAM_FIELDS)
    program.name_fr, program.name_en = values.name_fr.strip(), values.name_en.strip()
    for name in ("min_days", "max_travel_days", "cap_cents", "flat_short_cents", "flat_long_cents",
                 "flat_long_from_days", "max_accompanying", "students_per_adult", "active"):
        setattr(program, name, getattr(values, name))
    program.allowed_countries = ",".join(sorted(set(values.allowed_countries)))
    program.required_documents = ",".join(dict.fromkeys(values.required_documents))
    program.optional_documents = ",".join(dict.fromkeys(values.optional_documents))
    db.session.flush()
    record_change(actor, "program.updated", "program", program.id, before, snapshot(program, PROGRAM_FIELDS),
                  remote_addr)
    return program


def default_call_days(today: date) -> tuple[date, date]:
    """Suggested window for a new call: opens today, closes in 90 days."""
    return today, today + timedelta(days=90)

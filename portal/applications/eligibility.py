"""Eligibility of an application: one small pure rule per condition, each with one message in the user's language.

`evaluate(application, at)` runs every rule in display order (the live checklist); `blocking(results)` keeps the
failed ones (what refuses a submission). Rules read the application, its call and program, its participants, its
funding lines and its current documents; nothing is written.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext

from portal.applications.destination import province_problem
from portal.applications.participants import is_minor
from portal.documents.kinds import kind_label
from portal.documents.queries import current_documents
from portal.funding import cap_exceptions, legs_store
from portal.funding.caps import counted_days
from portal.i18n.formatting import date_time, long_date, money
from portal.models import Application, Document, DocumentStatus, FundingKind, ParticipantKind


@dataclass(frozen=True)
class RuleResult:
    code: str
    ok: bool
    message: str  # translated in the current locale


@dataclass(frozen=True)
class Facts:
    """What the rules look at, gathered once."""

    application: Application
    at: datetime
    document_kinds: frozenset[str]

    @property
    def call(self):
        return self.application.call

    @property
    def program(self):
        return self.application.call.program


Rule = Callable[[Facts], RuleResult]
GREEN_EXTRA_DAYS = 4  # travel days a green trip adds to the allowance, as Erasmus+ does


def _dates_missing(code: str) -> RuleResult:
    return RuleResult(code, False, gettext("The start and end dates of the stay are missing."))


def _day(value) -> str:
    return long_date(value)


# --- dates -------------------------------------------------------------------------------------------------------

def _counted(facts: Facts) -> tuple[int, int]:
    """(days counted toward the minimum, travel days that count): travel days beyond the program's allowance
    (plus the green-travel extra days when every leg is green) are part of the stay but not counted."""
    application = facts.application
    return counted_days(application.stay_days or 0, application.travel_days or 0, facts.program.max_travel_days,
                        GREEN_EXTRA_DAYS, legs_store.all_green(application))


def min_days(facts: Facts) -> RuleResult:
    days = facts.application.stay_days
    if days is None:
        return _dates_missing("min_days")
    minimum = facts.program.min_days
    counted, _allowed = _counted(facts)
    if counted < minimum:
        return RuleResult("min_days", False, gettext(
            "The stay lasts %(days)d days, of which %(counted)d count; the program requires at least %(minimum)d "
            "days (first and last day included).", days=days, counted=counted, minimum=minimum))
    return RuleResult("min_days", True, gettext(
        "The stay lasts %(days)d days, of which %(counted)d count (at least %(minimum)d required).",
        days=days, counted=counted, minimum=minimum))


def travel_days(facts: Facts) -> RuleResult:
    """More travel days are allowed; only the allowance counts toward the minimum (explained here)."""
    travel = facts.application.travel_days or 0
    if facts.application.stay_days is None:
        return _dates_missing("travel_days")
    counted, allowed = _counted(facts)
    if travel > allowed:
        return RuleResult("travel_days", True, gettext(
            "%(travel)d travel days declared; at most %(allowed)d count toward the minimum, so %(counted)d days of "
            "the stay count.", travel=travel, allowed=allowed, counted=counted))
    return RuleResult("travel_days", True, gettext(
        "%(travel)d travel days, all counted (at most %(allowed)d count toward the minimum).",
        travel=travel, allowed=allowed))


def within_call_window(facts: Facts) -> RuleResult:
    start = facts.application.start_date
    if start is None or facts.application.end_date is None:
        return _dates_missing("within_call_window")
    earliest = facts.call.stays_start_from
    if start < earliest:
        return RuleResult("within_call_window", False, gettext(
            "The stay starts on %(start)s; this call funds stays starting on or after %(earliest)s.",
            start=_day(start), earliest=_day(earliest)))
    return RuleResult("within_call_window", True, gettext(
        "The stay starts on or after %(earliest)s.", earliest=_day(earliest)))


def ends_before_call_end(facts: Facts) -> RuleResult:
    end = facts.application.end_date
    if end is None or facts.application.start_date is None:
        return _dates_missing("ends_before_call_end")
    latest = facts.call.stays_end_by
    if end > latest:
        return RuleResult("ends_before_call_end", False, gettext(
            "The stay ends on %(end)s; this call funds stays ending on or before %(latest)s.",
            end=_day(end), latest=_day(latest)))
    return RuleResult("ends_before_call_end", True, gettext(
        "The stay ends on or before %(latest)s.", latest=_day(latest)))


def call_open(facts: Facts) -> RuleResult:
    call = facts.call
    deadline = date_time(call.closes_at)
    if facts.at < call.opens_at:
        return RuleResult("call_open", False, gettext(
            "The call is not open yet; it opens on %(opens)s.",
            opens=date_time(call.opens_at)))
    if facts.at > call.closes_at:
        return RuleResult("call_open", False, gettext(
            "The call closed on %(deadline)s; applications can no longer be submitted.", deadline=deadline))
    return RuleResult("call_open", True, gettext("The call is open until %(deadline)s.", deadline=deadline))


# --- destination --------------------------------------------------------------------------------------------------

def country_allowed(facts: Facts) -> RuleResult:
    country = (facts.application.destination_country or "").upper()
    allowed = [code.upper() for code in facts.program.countries]
    if not country:
        return RuleResult("country_allowed", False, gettext("The destination country is missing."))
    if allowed and country not in allowed:
        return RuleResult("country_allowed", False, gettext(
            "The destination country %(country)s is not covered by this program (allowed: %(allowed)s).",
            country=country, allowed=", ".join(allowed)))
    problem = province_problem(country, facts.application.destination_subdivision)
    if problem:  # applications saved before provinces were asked for
        return RuleResult("country_allowed", False, problem)
    return RuleResult("country_allowed", True, gettext(
        "The destination country %(country)s is covered by the program.", country=country))


# --- participants -------------------------------------------------------------------------------------------------

def has_participants(facts: Facts) -> RuleResult:
    count = len(facts.application.participants)
    if count == 0:
        return RuleResult("has_participants", False, gettext("Add at least one participant."))
    return RuleResult("has_participants", True, gettext("%(count)d participant(s).", count=count))


def parental_consent(facts: Facts) -> RuleResult:
    application = facts.application
    if application.start_date is None:
        return _dates_missing("parental_consent")
    students_without_birth_date = [
        p.full_name for p in application.participants
        if p.kind == ParticipantKind.STUDENT and p.birth_date is None
    ]
    if students_without_birth_date:
        return RuleResult("parental_consent", False, gettext(
            "Date of birth missing (needed to know who is a minor): %(names)s.",
            names=", ".join(students_without_birth_date)))
    missing = [
        p.full_name for p in application.participants
        if is_minor(p.birth_date, application) and not (p.parental_consent_by and p.parental_consent_at)
    ]
    if missing:
        return RuleResult("parental_consent", False, gettext(
            "Parental consent missing for minor participants: %(names)s.", names=", ".join(missing)))
    return RuleResult("parental_consent", True, gettext("Every minor participant has parental consent."))


def accompanying_ratio(facts: Facts) -> RuleResult:
    program = facts.program
    if ParticipantKind.ACCOMPANYING not in program.kinds:
        return RuleResult("accompanying_ratio", True, gettext(
            "This program does not fund accompanying adults."))
    participants = facts.application.participants
    adults = sum(1 for p in participants if p.kind == ParticipantKind.ACCOMPANYING)
    students = sum(1 for p in participants if p.kind == ParticipantKind.STUDENT)
    per_adult = max(1, program.students_per_adult or 1)
    limit = min(program.max_accompanying or 0, math.ceil(students / per_adult))
    if adults > limit:
        return RuleResult("accompanying_ratio", False, gettext(
            "%(adults)d accompanying adults for %(students)d students; at most %(limit)d allowed (one per "
            "%(per_adult)d students, %(maximum)d at most).",
            adults=adults, students=students, limit=limit, per_adult=per_adult,
            maximum=program.max_accompanying or 0))
    return RuleResult("accompanying_ratio", True, gettext(
        "%(adults)d accompanying adults (at most %(limit)d).", adults=adults, limit=limit))


def participant_kinds(facts: Facts) -> RuleResult:
    allowed = set(facts.program.kinds)
    refused = [p.full_name for p in facts.application.participants if p.kind not in allowed]
    if refused:
        return RuleResult("participant_kinds", False, gettext(
            "These participants are of a kind this program does not fund: %(names)s.", names=", ".join(refused)))
    return RuleResult("participant_kinds", True, gettext(
        "Every participant is of a kind the program funds."))


# --- documents and money ------------------------------------------------------------------------------------------

def required_documents(facts: Facts) -> RuleResult:
    missing = [kind for kind in facts.program.required_document_kinds if kind not in facts.document_kinds]
    if missing:
        return RuleResult("required_documents", False, gettext(
            "Required documents missing: %(kinds)s.", kinds=", ".join(str(kind_label(kind)) for kind in missing)))
    return RuleResult("required_documents", True, gettext("Every required document is present."))


def funded_participant_count(application: Application) -> int:
    allowed = set(application.call.program.kinds)
    return sum(1 for p in application.participants if p.kind in allowed)


def cap_cents(application: Application) -> int:
    """The program's ceiling for this application: per participant cap, or flat amount by duration."""
    program = application.call.program
    count = funded_participant_count(application)
    if program.funding_model == "flat_by_duration":
        days = application.stay_days or 0
        if days < program.min_days:
            return 0
        unit = program.flat_long_cents if days >= program.flat_long_from_days else program.flat_short_cents
        return (unit or 0) * count
    return (program.cap_cents or 0) * count


def requested_cents(application: Application) -> int:
    return sum(line.effective_requested_cents for line in application.funding_lines)


def _cap_name(application: Application) -> str:
    program = application.call.program
    count = funded_participant_count(application)
    if program.funding_model == "flat_by_duration":
        return gettext("the flat amount by duration for %(count)d participant(s)", count=count)
    return gettext("%(cap)s per participant × %(count)d", cap=money(program.cap_cents or 0), count=count)


def funding_caps(facts: Facts) -> RuleResult:
    """Within the caps (the computed total, quoted fares included), or within an exception the ministry approved
    or has yet to decide; a refused or missing exception blocks. Says which cap and by how much."""
    application = facts.application
    if not any(line.kind != FundingKind.CAP_REDUCTION for line in application.funding_lines):
        return RuleResult("funding_caps", False, gettext(
            "The budget has not been computed yet: compute it on the budget page before submitting."))
    total = requested_cents(application)
    limit = min(cap_cents(application), sum(line.computed_cents for line in application.funding_lines))
    name = _cap_name(application)
    if total <= limit:
        return RuleResult("funding_caps", True, gettext(
            "Requested %(total)s, within the cap of %(cap)s (%(name)s).", total=money(total), cap=money(limit),
            name=name))
    over = total - limit
    approved, asked = cap_exceptions.approved_cents(application), cap_exceptions.requested_cents(application)
    if over <= approved:
        return RuleResult("funding_caps", True, gettext(
            "Requested %(total)s, %(over)s above the cap of %(cap)s (%(name)s), within the exception the ministry "
            "approved.", total=money(total), over=money(over), cap=money(limit), name=name))
    if over <= asked:
        return RuleResult("funding_caps", True, gettext(
            "Requested %(total)s, %(over)s above the cap of %(cap)s (%(name)s): the exception request awaits the "
            "ministry's decision.", total=money(total), over=money(over), cap=money(limit), name=name))
    return RuleResult("funding_caps", False, gettext(
        "Requested %(total)s exceeds the cap of %(cap)s (%(name)s) by %(over)s; lower the request or ask the "
        "ministry for an exception.", total=money(total), cap=money(limit), name=name, over=money(over)))


RULES: tuple[Rule, ...] = (
    min_days, travel_days, within_call_window, ends_before_call_end, call_open, country_allowed,
    has_participants, parental_consent, accompanying_ratio, participant_kinds, required_documents, funding_caps,
)


def evaluate(application: Application, at: datetime,
             documents: Iterable[Document] | None = None) -> list[RuleResult]:
    """Every rule, in display order. `documents` (current ones) is read from the database when not given."""
    docs = current_documents(application) if documents is None else list(documents)
    kinds = frozenset(d.kind for d in docs if d.status == DocumentStatus.CONFIRMED and d.superseded_at is None)
    facts = Facts(application=application, at=at, document_kinds=kinds)
    return [rule(facts) for rule in RULES]


def blocking(results: list[RuleResult]) -> list[RuleResult]:
    return [result for result in results if not result.ok]


def is_eligible(application: Application, at: datetime) -> bool:
    return not blocking(evaluate(application, at))

"""Daily digest for coordinators who chose it: one mail listing the submissions and resubmissions since their
last digest, in their language (`flask --app wsgi send-digest`, run from cron once a day).

Idempotent: a coordinator gets at most one digest per local day, and a digest only lists what came after the
previous one, so running the command twice sends nothing new.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, Decision, Role, User
from portal.notifications import queue_mail
from portal.notifications.links import absolute_url, application_endpoint
from portal.workflow.transitions import Action

SUBMISSION_ACTIONS = (str(Action.SUBMIT), str(Action.RESUBMIT))
FIRST_WINDOW = timedelta(days=1)  # a coordinator with no digest yet gets the last day


@dataclass(frozen=True)
class DigestEntry:
    application: Application
    resubmitted: bool
    at: datetime


def local_date(moment: datetime):
    """The calendar day of a naive UTC moment in the portal's time zone (the ministry's day, not UTC's)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "America/Toronto")
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def subscribers(for_update: bool = False) -> list[User]:
    query = (select(User).where(User.role == Role.COORDINATOR, User.active.is_(True), User.digest_daily.is_(True))
             .order_by(User.id))
    if for_update:  # two cron runs at once: the second waits, then sees last_digest_at
        query = query.with_for_update()
    return list(db.session.scalars(query))


# What the digest names of each application (its call, its centre): one query for all of them, not one each.
ENTRY_LOADS = (joinedload(Application.call), joinedload(Application.organisation))


def entries_between(since: datetime, until: datetime) -> list[DigestEntry]:
    """Each application submitted or resubmitted in (since, until], once, with its latest such step."""
    decisions = db.session.scalars(
        select(Decision).where(Decision.action.in_(SUBMISSION_ACTIONS), Decision.created_at > since,
                               Decision.created_at <= until)
        .order_by(Decision.created_at, Decision.id))
    latest: dict[int, Decision] = {}
    for decision in decisions:
        latest[decision.application_id] = decision
    applications = {application.id: application for application in db.session.scalars(
        select(Application).where(Application.id.in_(sorted(latest))).options(*ENTRY_LOADS)
        .execution_options(populate_existing=True))}  # so the loads apply to an application the session holds
    entries = [DigestEntry(applications[d.application_id], d.action == Action.RESUBMIT, d.created_at)
               for d in latest.values()]
    return sorted(entries, key=lambda entry: (entry.at, entry.application.id))


def already_sent_today(user: User, now: datetime) -> bool:
    return user.last_digest_at is not None and local_date(user.last_digest_at) == local_date(now)


def queue_digest(user: User, entries: list[DigestEntry]) -> None:
    with force_locale(user.locale):
        subject = gettext("Daily digest of new submissions (%(num)d)", num=len(entries))
        body = render_template(
            "mail/daily_digest.txt", user=user, locale=user.locale,
            entries=[(entry, entry.application.call.title(user.locale),
                      absolute_url(application_endpoint(user), application_id=entry.application.id))
                     for entry in entries])
    queue_mail(user.email, subject, body, locale=user.locale)


def send_digests(now: datetime | None = None) -> int:
    """Queue today's digests (the caller commits; mail goes out with send_pending). Returns how many."""
    now = now or utcnow()
    queued = 0
    for user in subscribers(for_update=db.engine.dialect.name == "postgresql"):
        if already_sent_today(user, now):
            continue
        since = user.last_digest_at or now - FIRST_WINDOW
        entries = entries_between(since, now)
        if not entries:
            continue  # nothing new: no mail, and the window stays open until something comes
        queue_digest(user, entries)
        user.last_digest_at = now
        queued += 1
    db.session.flush()
    return queued


def choose_digest(user: User, daily: bool, now: datetime | None = None) -> None:
    """Switch a coordinator between one mail per submission and the daily digest.

    Switching it on starts the digest window now: the submissions before were already mailed one by one.
    """
    if user.role != Role.COORDINATOR:
        raise ValueError("only coordinators choose the daily digest")
    if daily and not user.digest_daily:
        user.last_digest_at = now or utcnow()
    user.digest_daily = daily

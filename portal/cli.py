"""Flask commands: create-admin, seed-demo, load-reference, send-mail, send-digest."""
from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from sqlalchemy import func, select

from portal.accounts.digest import send_digests
from portal.accounts.operations import find_user_by_email, normalise_email
from portal.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password
from portal.demo.seed import load_programs_and_regions, seed_demo_content
from portal.documents.housekeeping import housekeeping
from portal.documents.uploads import delete_objects
from portal.extensions import db, services
from portal.funding import carbon_summary
from portal.funding.budgets import record_missing_carbon
from portal.indicators import figures as indicator_figures
from portal.indicators import stages as indicator_stages
from portal.indicators import summary as indicator_summary
from portal.indicators.reference import load_enrolment_shares
from portal.models import MailMessage, Role, User, locks
from portal.notifications import send_pending
from portal.partners import bookings, obligation_summary, reciprocity_summary
from portal.partners.return_visits import send_reminders as queue_return_visit_reminders
from portal.privacy.purge import purge
from portal.reports.reminders import send_report_reminders as queue_reminders

# Every host runs the same cron lines: the one that finds the command's lock taken leaves the work to the other.
ELSEWHERE = "Already running on another host: nothing done here."


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(load_reference)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_digest)
    app.cli.add_command(send_report_reminders)
    app.cli.add_command(send_reciprocity_reminders)
    app.cli.add_command(purge_documents)
    app.cli.add_command(refresh_totals)
    app.cli.add_command(purge_personal_data)


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account (there is no default one)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="--email") from error
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"at least {MIN_PASSWORD_LENGTH} characters", param_hint="--password")
    if find_user_by_email(email):
        raise click.ClickException(f"An account already exists for {email}.")
    db.session.add(User(email=normalise_email(email), name=name, role=Role.ADMIN, password_hash=hash_password(password)))
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@click.command("load-reference")
def load_reference() -> None:
    """Load regions and programs from the reference data (idempotent)."""
    load_programs_and_regions()
    load_enrolment_shares()
    db.session.commit()
    click.echo("Reference data loaded.")


@click.command("seed-demo")
@click.option("--print-accounts/--no-print-accounts", default=True)
def seed_demo(print_accounts: bool) -> None:
    """Load reference data and demo content; (re)sets demo account passwords and prints them."""
    if current_app.config.get("PORTAL_ENV") == "production":
        raise click.ClickException("seed-demo is refused in production.")
    accounts = seed_demo_content()
    db.session.commit()
    if print_accounts:
        click.echo("\nDemo accounts (passwords are new at every seed):")
        for role, email, password in accounts:
            click.echo(f"  {role:<12} {email:<36} {password}")
        click.echo("")


@click.command("send-mail")
@click.option("--limit", default=500, show_default=True)
def send_mail(limit: int) -> None:
    """Send the queued mail (the outbox)."""
    sent, failed = send_pending(current_app, limit=limit)
    left = db.session.scalar(select(func.count()).select_from(MailMessage).where(MailMessage.sent_at.is_(None)))
    click.echo(f"{sent} sent, {failed} failed, {left} waiting.")


@click.command("send-digest")
def send_digest() -> None:
    """Queue the coordinators' daily digests and send them (once a day from cron; running it again sends nothing)."""
    # Links in the digest are absolute: build them as a request to the public address would.
    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_BASE_URL") or None):
        if not locks.try_lock("send-digest"):
            click.echo(ELSEWHERE)
            return
        queued = send_digests()
        db.session.commit()
    sent, failed = send_pending(current_app)
    click.echo(f"{queued} digest(s) queued; {sent} sent, {failed} failed.")


@click.command("send-report-reminders")
def send_report_reminders() -> None:
    """Remind participants whose stay report is missing, 7 and 21 days after the invitation (daily from cron)."""
    # The personal links in the messages are absolute: built as for a request to the public address.
    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_BASE_URL") or None):
        if not locks.try_lock("send-report-reminders"):
            click.echo(ELSEWHERE)
            return
        queued = queue_reminders()
        db.session.commit()
    sent, failed = send_pending(current_app)
    click.echo(f"{queued} reminder(s) queued; {sent} sent, {failed} failed.")


@click.command("send-reciprocity-reminders")
def send_reciprocity_reminders() -> None:
    """Remind centres (and partners, with their link to propose dates) of return visits due next year or earlier;
    each obligation once (daily from cron; running it twice sends nothing new)."""
    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_BASE_URL") or None):
        queued = queue_return_visit_reminders(services.clock.today())
        db.session.commit()
    sent, failed = send_pending(current_app)
    click.echo(f"{queued} return visit reminder(s) queued; {sent} sent, {failed} failed.")


@click.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="List what would be anonymised or deleted; change nothing.")
def purge_personal_data(dry_run: bool) -> None:
    """Anonymise or delete the personal data past their retention time (daily from cron); logged in the audit."""
    result = purge(services.clock.now(), dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        delete_objects(result.removed_keys)
    for kind, what, count in result.counts:
        click.echo(f"{'would be ' if dry_run else ''}{kind}: {what}: {count}")


@click.command("purge-documents")
def purge_documents() -> None:
    """Drop replaced versions of decided applications and expired unconfirmed uploads (daily from cron)."""
    if not locks.try_lock("purge-documents"):
        click.echo(ELSEWHERE)
        return
    keys = housekeeping()
    db.session.commit()
    delete_objects(keys)  # only once the rows are gone for good
    click.echo(f"{len(keys)} stored object(s) removed.")


@click.command("refresh-totals")
def refresh_totals() -> None:
    """Record the carbon of applications stored before it was kept on the application (run once after upgrade), then
    recompute the carbon, reciprocity, return visits owed, partner bookings and indicators summaries from the
    applications (after any change made in SQL outside the portal)."""
    recorded, failed = record_missing_carbon()
    click.echo(f"{recorded} application(s) recorded; {failed} could not be computed.")
    buckets, balances = carbon_summary.rebuild(), reciprocity_summary.rebuild()
    owed, booked = obligation_summary.rebuild(), bookings.rebuild()
    indicators = indicator_summary.rebuild()
    indicator_stages.rebuild()
    indicator_figures.mark_changed()  # SQL outside the ORM: the figures stored so far are out of date
    db.session.commit()
    click.echo(f"Summaries rebuilt: carbon {buckets} row(s), reciprocity {balances} row(s), return visits owed"
               f" {owed} row(s), partner bookings {booked} row(s), indicators {indicators} row(s).")

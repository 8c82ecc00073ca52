"""Flask commands: create-admin, seed-demo, send-mail (run in the test's app context and transaction)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from portal.core.clock import utcnow
from portal.extensions import db
from portal.models import Application, Call, MailMessage, Organisation, Program, Role, User
from portal.notifications import queue_mail
from tests.helpers import fresh_client, post

ADMIN_PASSWORD = "a long admin passphrase"
DEMO_ROLES = {"admin", "coordinator", "ministry", "staff", "participant"}
ACCOUNT_LINE = re.compile(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)\s*$", re.M)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def count(model, *conditions) -> int:
    query = select(func.count()).select_from(model)
    for condition in conditions:
        query = query.where(condition)
    return db.session.scalar(query)


def create_admin(runner, email="chief@example.com", password=ADMIN_PASSWORD, name="Chief Admin"):
    return runner.invoke(args=["create-admin", "--email", email, "--name", name, "--password", password])


def can_log_in(app, email: str, password: str) -> bool:
    browser = fresh_client(app)
    response = post(browser, "/compte/connexion", {"email": email, "password": password})
    return response.status_code == 302 and browser.get("/accueil").status_code == 200


# create-admin --------------------------------------------------------------------------------------------------

def test_create_admin_creates_an_administrator(runner):
    result = create_admin(runner)
    assert result.exit_code == 0, result.output
    assert "chief@example.com" in result.output
    admin = db.session.scalar(select(User).where(User.email == "chief@example.com"))
    assert (admin.role, admin.name, admin.organisation_id, admin.active) == (Role.ADMIN, "Chief Admin", None, True)


def test_create_admin_hashes_the_password_with_argon2(runner):
    create_admin(runner)
    admin = db.session.scalar(select(User).where(User.email == "chief@example.com"))
    assert admin.password_hash.startswith("$argon2")
    assert ADMIN_PASSWORD not in admin.password_hash


def test_created_admin_can_log_in(app, runner):
    create_admin(runner)
    assert can_log_in(app, "chief@example.com", ADMIN_PASSWORD)


def test_create_admin_stores_the_email_in_lower_case(runner):
    create_admin(runner, email="Chief.Admin@Example.com")
    assert count(User, User.email == "chief.admin@example.com") == 1


def test_create_admin_refuses_a_short_password(runner):
    result = create_admin(runner, password="short")
    assert result.exit_code != 0
    assert "12" in result.output
    assert count(User, User.email == "chief@example.com") == 0


def test_create_admin_refuses_an_invalid_email(runner):
    result = create_admin(runner, email="not-an-email")
    assert result.exit_code != 0
    assert count(User, User.email == "not-an-email") == 0


def test_create_admin_refuses_a_duplicate(runner):
    assert create_admin(runner).exit_code == 0
    before = db.session.scalar(select(User.password_hash).where(User.email == "chief@example.com"))
    result = create_admin(runner, email="CHIEF@example.com", password="another long passphrase")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert count(User, func.lower(User.email) == "chief@example.com") == 1
    assert db.session.scalar(select(User.password_hash).where(User.email == "chief@example.com")) == before


# seed-demo -----------------------------------------------------------------------------------------------------

def seed(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result


def demo_accounts(output: str) -> dict[str, tuple[str, str]]:
    """role → (e-mail, password), from the accounts the command prints."""
    return {role: (email, password) for role, email, password in ACCOUNT_LINE.findall(output)}


def totals() -> dict[str, int]:
    return {"organisations": count(Organisation), "programs": count(Program), "calls": count(Call),
            "users": count(User), "applications": count(Application)}


def test_seed_demo_prints_one_account_per_role(runner):
    accounts = demo_accounts(seed(runner).output)
    assert set(accounts) == DEMO_ROLES
    assert len({email for email, _ in accounts.values()}) == 5


def test_seed_demo_accounts_can_log_in(app, runner):
    accounts = demo_accounts(seed(runner).output)
    for role, (email, password) in accounts.items():
        assert can_log_in(app, email, password), role


def test_seed_demo_twice_duplicates_nothing(runner):
    seed(runner)
    first = totals()
    seed(runner)
    assert totals() == first


def test_seed_demo_again_gives_new_passwords_and_voids_the_old_ones(app, runner):
    old = demo_accounts(seed(runner).output)
    new = demo_accounts(seed(runner).output)
    email, old_password = old["coordinator"]
    assert new["coordinator"][0] == email
    assert new["coordinator"][1] != old_password
    assert not can_log_in(app, email, old_password)
    assert can_log_in(app, email, new["coordinator"][1])


def test_seed_demo_has_centres_inside_and_outside_the_cmm(runner):
    seed(runner)
    centres = db.session.scalars(select(Organisation).where(Organisation.kind == "centre",
                                                            Organisation.name.like("%démo%"))).all()
    assert {centre.in_cmm for centre in centres} == {True, False}
    assert all(centre.region_code for centre in centres)


def test_seed_demo_has_partners_in_germany_france_mexico_and_britain(runner):
    seed(runner)
    countries = set(db.session.scalars(select(Organisation.country_code).where(Organisation.kind == "partner")))
    assert {"DE", "FR", "MX", "GB"} <= countries


@pytest.mark.parametrize("code", ["fp-students", "fp-staff"])
def test_seed_demo_gives_each_program_an_open_call(runner, code):
    seed(runner)
    program = db.session.scalar(select(Program).where(Program.code == code).options(selectinload(Program.calls)))
    assert program is not None
    now = utcnow()
    assert any(call.is_open(now) for call in program.calls)


def test_seed_demo_calls_get_the_reference_rate_tables(runner):
    seed(runner)
    for code in ("fp-students", "fp-staff"):
        program = db.session.scalar(select(Program).where(Program.code == code).options(
            selectinload(Program.calls).options(selectinload(Call.distance_bands), selectinload(Call.carbon_factors))))
        call = next(call for call in program.calls if call.is_open(utcnow()))
        assert call.distance_bands and call.carbon_factors
        assert call.default_nightly_cents > 0 and call.default_daily_cents > 0


def test_seed_demo_staff_account_belongs_to_a_centre(runner):
    accounts = demo_accounts(seed(runner).output)
    staff = db.session.scalar(select(User).where(User.email == accounts["staff"][0])
                              .options(joinedload(User.organisation)))
    assert staff.organisation is not None and staff.organisation.kind == "centre"


def test_seed_demo_is_refused_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    before = totals()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert totals() == before


# send-mail -----------------------------------------------------------------------------------------------------

@pytest.fixture
def empty_outbox():
    """Messages other tests may have left in the shared database count as sent, in this test's transaction."""
    db.session.execute(update(MailMessage).where(MailMessage.sent_at.is_(None)).values(sent_at=utcnow()))
    db.session.flush()


def test_send_mail_delivers_the_queued_message(runner, inbox, empty_outbox):
    message = queue_mail("someone@example.com", "Sujet de test", "Bonjour,\n\nCorps du message.", locale="fr")
    db.session.flush()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed, 0 waiting." in result.output
    (received,) = inbox.to("someone@example.com")
    assert received["Subject"] == "Sujet de test"
    db.session.refresh(message)
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.last_error == ""


def test_send_mail_does_not_send_twice(runner, inbox, empty_outbox):
    queue_mail("once@example.com", "Once", "Only once.")
    db.session.flush()
    runner.invoke(args=["send-mail"])
    result = runner.invoke(args=["send-mail"])
    assert "0 sent, 0 failed, 0 waiting." in result.output
    assert len(inbox.to("once@example.com")) == 1


def test_send_mail_keeps_a_refused_message_queued(runner, inbox, empty_outbox):
    message = queue_mail("refused@example.com", "Refused", "The server says no.")
    db.session.flush()
    inbox.fail_with = 550
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "0 sent, 1 failed, 1 waiting." in result.output
    db.session.refresh(message)
    assert message.sent_at is None
    assert message.attempts == 1
    assert "550" in message.last_error
    assert inbox.messages == []


def test_send_mail_retries_a_refused_message_later(runner, inbox, empty_outbox):
    message = queue_mail("retry@example.com", "Retry", "Second time lucky.")
    db.session.flush()
    inbox.fail_with = 550
    runner.invoke(args=["send-mail"])
    inbox.fail_with = None
    result = runner.invoke(args=["send-mail"])
    assert "1 sent, 0 failed, 0 waiting." in result.output
    db.session.refresh(message)
    assert message.sent_at is not None
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(inbox.to("retry@example.com")) == 1


def test_send_mail_respects_the_limit(runner, inbox, empty_outbox):
    for n in range(3):
        queue_mail(f"batch{n}@example.com", f"Batch {n}", "Body")
    db.session.flush()
    result = runner.invoke(args=["send-mail", "--limit", "2"])
    assert "2 sent, 0 failed, 1 waiting." in result.output
    assert count(MailMessage, MailMessage.sent_at.is_(None)) == 1

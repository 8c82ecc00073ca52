"""Each review decision delivers exactly one message to each right person through a real SMTP server, in the
recipient's language; an SMTP failure loses no decision and the message waits in the outbox for the next flush."""
from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Decision, MailMessage, Role
from portal.notifications import send_pending
from portal.workflow import review
from tests.helpers import mail_subject, mail_text


@pytest.fixture
def people(factories, centre, staff, coordinator, officer):
    """Who could be told: French staff and an English colleague of the centre, a coordinator (en), an officer (fr),
    plus people who must never get these messages."""
    return {
        "staff_fr": staff,
        "staff_en": factories.user(Role.STAFF, organisation=centre, locale="en"),
        "coordinator": coordinator,
        "officer": officer,
        "other_centre": factories.user(Role.STAFF),
        "inactive_staff": factories.user(Role.STAFF, organisation=centre, active=False),
        "admin": factories.user(Role.ADMIN),
    }


def flush_outbox() -> tuple[int, int]:
    return send_pending(current_app._get_current_object(), limit=1000)


def run(decision: str, application, people):
    if decision == "request_changes":
        review.request_changes(application, people["coordinator"], "Ajoutez l'entente de partenariat.")
    elif decision == "recommend":
        review.recommend(application, people["coordinator"], "Projet solide.")
    elif decision == "reject_coordinator":
        review.reject(application, people["coordinator"], "coordinator", "Hors programme.")
    elif decision == "reject_ministry":
        review.reject(application, people["officer"], "ministry", "Enveloppe épuisée.")
    elif decision == "send_back":
        review.send_back(application, people["officer"], "Vérifiez le devis de transport.")
    else:
        review.approve(application, people["officer"])


# decision → (state before, who is told, French subject prefix, English subject prefix)
CASES = {
    "request_changes": ("submitted", ("staff_fr", "staff_en"), "Modifications demandées", "Changes requested"),
    "recommend": ("submitted", ("staff_fr", "staff_en", "officer"), "Demande recommandée",
                  "Application recommended"),
    "reject_coordinator": ("submitted", ("staff_fr", "staff_en"), "Demande refusée", "Application rejected"),
    "reject_ministry": ("recommended", ("staff_fr", "staff_en"), "Demande refusée", "Application rejected"),
    "send_back": ("recommended", ("staff_fr", "staff_en"), "Demande renvoyée à la coordination",
                  "Application sent back to the coordinator"),
    "approve": ("recommended", ("staff_fr", "staff_en"), "Demande approuvée", "Application approved"),
}


@pytest.mark.parametrize("decision", list(CASES))
def test_each_decision_delivers_one_message_to_each_right_person(decision, make_application, people, inbox):
    state, told, french, english = CASES[decision]
    application = make_application(status=state)
    flush_outbox()
    inbox.clear()
    run(decision, application, people)
    db.session.commit()
    assert flush_outbox() == (len(told), 0)
    assert sorted(m["To"] for m in inbox.messages) == sorted(people[name].email for name in told)
    for name in told:
        [message] = inbox.to(people[name].email)
        language = people[name].locale
        assert message["Content-Language"] == language
        expected = f"{french} : {application.title}" if language == "fr" else f"{english}: {application.title}"
        assert mail_subject(message) == expected
        # The centre opens its own page; reviewers land on the review page.
        page = "examen" if people[name].role in ("coordinator", "ministry") else "projets"
        assert f"/{page}/{application.id}" in mail_text(message)


def test_the_comment_reaches_the_staff_in_the_body(make_application, people, inbox):
    application = make_application()
    flush_outbox()
    inbox.clear()
    review.request_changes(application, people["coordinator"], "Ajoutez l'entente de partenariat.")
    db.session.commit()
    flush_outbox()
    body = mail_text(inbox.to(people["staff_fr"].email)[0])
    assert "Ajoutez l'entente de partenariat." in body and "Bonjour" in body


def test_an_smtp_failure_loses_no_decision_and_the_next_flush_delivers(make_application, people, inbox):
    application = make_application(status="recommended")
    flush_outbox()
    inbox.clear()
    inbox.fail_with = 451
    review.approve(application, people["officer"])
    db.session.commit()

    assert flush_outbox() == (0, 2)
    assert inbox.messages == []
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "approved"
    assert db.session.scalars(select(Decision.action).where(Decision.application_id == application.id)).all() \
        == ["approve"]
    waiting = db.session.scalars(select(MailMessage).where(MailMessage.sent_at.is_(None))).all()
    assert sorted(m.recipient for m in waiting) == sorted([people["staff_fr"].email, people["staff_en"].email])
    assert all(m.attempts == 1 and "451" in m.last_error for m in waiting)

    inbox.fail_with = None
    assert flush_outbox() == (2, 0)
    assert sorted(m["To"] for m in inbox.messages) == sorted([people["staff_fr"].email, people["staff_en"].email])
    assert flush_outbox() == (0, 0)  # delivered once, never again
    assert len(inbox.messages) == 2

"""Demo content for the reports: a completed stay whose participants still have to report (seed-demo)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.funding import totals
from portal.models import Application, Call, FundingLine, Organisation, Participant, User

TITLE = "Stage en cuisine à Lyon — séjour terminé (démo)"


def seed_demo_completed_stay(centre: Organisation, partner: Organisation, call: Call, staff: User,
                             participant_user: User, today: date) -> None:
    """Idempotent: the participant account finds a report to write; staff can start the final report."""
    if db.session.scalar(select(Application.id).where(Application.title == TITLE)) is not None:
        return
    start = today - timedelta(days=30)
    application = Application(
        call=call, organisation=centre, created_by=staff, partner=partner, title=TITLE, trade_code="5311",
        trade_name="Cuisine", direction="outgoing", group_kind="group", destination_country="FR",
        destination_city="Lyon", start_date=start, end_date=start + timedelta(days=13), travel_days=2,
        objectives="Pratiquer la cuisine régionale en brigade.", activities="Stage en restaurant.",
        status="completed", submitted_at=utcnow() - timedelta(days=120), decided_at=utcnow() - timedelta(days=90),
    )
    application.participants = [
        Participant(first_name="Léa", last_name="Participante", email=participant_user.email,
                    user_id=participant_user.id, kind="student", birth_date=date(2003, 5, 4), locale="fr",
                    consent_by="Léa Participante", consent_at=utcnow(), consent_purpose="mobility"),
        Participant(first_name="Sam", last_name="Student", email="sam.student@example.com", kind="student",
                    birth_date=date(2004, 2, 1), locale="en", consent_by="Sam Student", consent_at=utcnow(),
                    consent_purpose="mobility"),
    ]
    application.funding_lines = [
        FundingLine(position=0, kind="transport", computed_cents=300_000, requested_cents=300_000,
                    approved_cents=300_000, explanation_fr="Transport : 2 participant·e·s × 1 500,00 $",
                    explanation_en="Transport: 2 participants × $1,500.00"),
        FundingLine(position=1, kind="lodging", computed_cents=327_600, requested_cents=327_600,
                    approved_cents=327_600, explanation_fr="Hébergement : 2 participant·e·s × 13 nuits × 126,00 $",
                    explanation_en="Lodging: 2 participants × 13 nights × $126.00"),
    ]
    totals.refresh(application)
    call.committed_cents = (call.committed_cents or 0) + (application.approved_total_cents or 0)
    db.session.add(application)

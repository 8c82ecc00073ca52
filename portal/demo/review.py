"""Demo content for the review pages (seed-demo): one application waiting for the coordinator, one waiting for the
ministry, each with its budget, its frozen snapshot and its history."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.core.clock import utcnow
from portal.extensions import db, services
from portal.funding import totals
from portal.models import Application, Call, Decision, FundingLine, Organisation, Participant, User
from portal.workflow import snapshots

DEMOS = (
    # title, partner index, country, city, trade code, trade name, days in queue, recommended
    ("Stage en soudage à Stuttgart (démo)", 0, "DE", "Stuttgart", "5195", "Soudage-montage", 6, False),
    ("Stage en électromécanique à Puebla (démo)", 2, "MX", "Puebla", "5281", "Électromécanique", 12, True),
)


def _lines(participants: int) -> list[FundingLine]:
    nights, days = 13, 14
    return [
        FundingLine(position=0, kind="transport", computed_cents=participants * 150_000,
                    requested_cents=participants * 150_000,
                    explanation_fr=f"Transport : {participants} participant·e·s × 1 500,00 $",
                    explanation_en=f"Transport: {participants} participants × $1,500.00"),
        FundingLine(position=1, kind="lodging", computed_cents=participants * nights * 12_600,
                    requested_cents=participants * nights * 12_600,
                    explanation_fr=f"Hébergement : {participants} participant·e·s × {nights} nuits × 126,00 $",
                    explanation_en=f"Lodging: {participants} participants × {nights} nights × $126.00"),
        FundingLine(position=2, kind="subsistence", computed_cents=participants * days * 4_625,
                    requested_cents=participants * days * 4_625,
                    explanation_fr=f"Subsistance : {participants} participant·e·s × {days} jours × 46,25 $",
                    explanation_en=f"Subsistence: {participants} participants × {days} days × $46.25"),
    ]


def seed_demo_review(centre: Organisation, partners: list[Organisation], call: Call, staff: User,
                     coordinator: User) -> None:
    """Idempotent: the coordinator's queue and the ministry's queue each have something to decide."""
    for title, partner_index, country, city, trade_code, trade_name, age, recommended in DEMOS:
        if db.session.scalar(select(Application.id).where(Application.title == title)) is not None:
            continue
        submitted_at = utcnow() - timedelta(days=age)
        start = max(call.stays_start_from, services.clock.today()) + timedelta(days=45)
        application = Application(
            call=call, organisation=centre, created_by=staff, partner=partners[partner_index], title=title,
            trade_code=trade_code, trade_name=trade_name, direction="outgoing", group_kind="group",
            destination_country=country, destination_city=city, start_date=start,
            end_date=start + timedelta(days=13), travel_days=2, status="submitted", submitted_at=submitted_at,
            objectives="Découvrir les pratiques d'atelier à l'étranger.", activities="Stage en entreprise, visites.",
        )
        application.participants = [
            Participant(first_name="Noah", last_name="Apprenti", kind="student", birth_date=date(2004, 3, 2),
                        consent_by="Noah Apprenti", consent_at=submitted_at, consent_purpose="mobility",
                        inclusion_needs="Horaire adapté (diabète)"),
            Participant(first_name="Inès", last_name="Enseignante", kind="accompanying",
                        birth_date=date(1982, 7, 19), consent_by="Inès Enseignante", consent_at=submitted_at,
                        consent_purpose="mobility"),
        ]
        application.funding_lines = _lines(len(application.participants))
        totals.refresh(application)
        db.session.add(application)
        db.session.flush()
        snapshots.take(application)
        db.session.add(Decision(application_id=application.id, stage="staff", action="submit", from_status="draft",
                                to_status="submitted", actor_id=staff.id, created_at=submitted_at))
        if recommended:
            application.status = "recommended"
            db.session.add(Decision(application_id=application.id, stage="coordinator", action="recommend",
                                    from_status="submitted", to_status="recommended", actor_id=coordinator.id,
                                    comment="Projet solide, partenaire fiable.",
                                    created_at=submitted_at + timedelta(days=3)))
    db.session.flush()

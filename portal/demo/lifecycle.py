"""Demo applications in every state of the workflow, dated relative to the day the demo is seeded (seed-demo).

Each one carries the history (Decisions) that led to its state, its budget lines and totals, and the money it
commits against its call's envelope, so every page a role opens tells a consistent story. Idempotent by title.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.core.clock import utcnow
from portal.extensions import db
from portal.funding import totals
from portal.models import (
    Application,
    Call,
    Decision,
    FinalReport,
    FundingLine,
    Organisation,
    Pairing,
    Participant,
    ReportStatus,
    StayReport,
    User,
)
from portal.models import (
    ApplicationStatus as S,
)
from portal.workflow import snapshots

# The steps that lead to each state: (stage, action, from, to).
PATH = {
    S.SUBMITTED: [("staff", "submit", S.DRAFT, S.SUBMITTED)],
    S.CHANGES_REQUESTED: [("staff", "submit", S.DRAFT, S.SUBMITTED),
                          ("coordinator", "request_changes", S.SUBMITTED, S.CHANGES_REQUESTED)],
    S.RECOMMENDED: [("staff", "submit", S.DRAFT, S.SUBMITTED),
                    ("coordinator", "recommend", S.SUBMITTED, S.RECOMMENDED)],
}
PATH[S.APPROVED] = PATH[S.RECOMMENDED] + [("ministry", "approve", S.RECOMMENDED, S.APPROVED)]
PATH[S.IN_PROGRESS] = PATH[S.APPROVED] + [("staff", "start_stay", S.APPROVED, S.IN_PROGRESS)]
PATH[S.COMPLETED] = PATH[S.IN_PROGRESS] + [("staff", "complete_stay", S.IN_PROGRESS, S.COMPLETED)]
PATH[S.CLOSED] = PATH[S.COMPLETED] + [("coordinator", "close", S.COMPLETED, S.CLOSED)]
COMMITTED = {S.APPROVED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED}
COMMENTS = {
    "request_changes": "Précisez le programme de la deuxième semaine et joignez la lettre du partenaire.",
    "recommend": "Projet solide, partenaire fiable.",
    "approve": "Accordé selon la grille de l'appel.",
}


@dataclass(frozen=True)
class DemoStay:
    title: str
    status: str
    partner: int  # index in the seeded partners
    country: str
    city: str
    trade: tuple[str, str]
    start_offset: int  # first day of the stay, in days from the seeding day
    participant_user: bool = False  # the demo participant account is on this stay
    reports: str = ""  # "", "pending", "filed"
    final: str = ""  # "", "submitted", "accepted"
    days: int = 14


STAYS = (
    DemoStay("Stage en coiffure à Manchester (démo)", S.CHANGES_REQUESTED, 3, "GB", "Manchester",
             ("5245", "Coiffure"), 75),
    DemoStay("Stage en pâtisserie à Lyon (démo)", S.APPROVED, 1, "FR", "Lyon", ("5297", "Pâtisserie de restauration"),
             -13, participant_user=True),
    DemoStay("Stage en charpenterie à Stuttgart (démo)", S.IN_PROGRESS, 0, "DE", "Stuttgart",
             ("5319", "Charpenterie-menuiserie"), -20, days=21),
    DemoStay("Stage en électricité à Puebla (démo)", S.COMPLETED, 2, "MX", "Puebla", ("5295", "Électricité"), -45,
             reports="filed", final="submitted"),
    DemoStay("Stage en horticulture à Lyon (démo)", S.CLOSED, 1, "FR", "Lyon", ("5288", "Horticulture"), -80,
             participant_user=True, reports="filed", final="accepted"),
)


def lines(participants: int, nights: int) -> list[FundingLine]:
    days = nights + 1
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


def participants(stay: DemoStay, participant_user: User, at: datetime) -> list[Participant]:
    people = [
        Participant(first_name="Zoé", last_name="Apprentie", email="zoe.apprentie@example.com", kind="student",
                    birth_date=date(2004, 9, 12), locale="fr", consent_by="Zoé Apprentie", consent_at=at,
                    consent_purpose="mobility"),
        Participant(first_name="Marc", last_name="Enseignant", email="marc.enseignant@example.com",
                    kind="accompanying", birth_date=date(1980, 1, 9), locale="fr", consent_by="Marc Enseignant",
                    consent_at=at, consent_purpose="mobility"),
    ]
    if stay.participant_user:
        people.insert(0, Participant(
            first_name="Léa", last_name="Participante", email=participant_user.email, user_id=participant_user.id,
            kind="student", birth_date=date(2003, 5, 4), locale="fr", consent_by="Léa Participante",
            consent_at=at, consent_purpose="mobility"))
    return people


def build(stay: DemoStay, centre: Organisation, partner: Organisation, call: Call, staff: User,
          participant_user: User, today: date) -> Application:
    start = today + timedelta(days=stay.start_offset)
    created = utcnow() - timedelta(days=max(30, 30 - stay.start_offset))
    application = Application(
        call=call, organisation=centre, created_by=staff, partner=partner, title=stay.title,
        trade_code=stay.trade[0], trade_name=stay.trade[1], direction="outgoing", group_kind="group",
        destination_country=stay.country, destination_city=stay.city, start_date=start,
        end_date=start + timedelta(days=stay.days - 1), travel_days=2, status=S.DRAFT,
        objectives="Découvrir les pratiques du métier à l'étranger.", activities="Stage en entreprise, visites.",
    )
    application.participants = participants(stay, participant_user, created)
    application.funding_lines = lines(len(application.participants), stay.days - 1)
    if stay.status in COMMITTED:
        for line in application.funding_lines:
            line.approved_cents = line.requested_cents
    totals.refresh(application)
    application.submitted_at = created + timedelta(days=1)
    return application


def history(application: Application, stay: DemoStay, actors: dict[str, User]) -> None:
    at = application.submitted_at
    for step, (stage, action, before, after) in enumerate(PATH.get(stay.status, [])):
        when = at + timedelta(days=3 * step)
        if action in ("start_stay", "complete_stay", "close"):
            when = datetime.combine(application.start_date if action == "start_stay" else application.end_date,
                                    datetime.min.time()) + timedelta(hours=14 + step)
        db.session.add(Decision(application_id=application.id, stage=stage, action=action, from_status=before,
                                to_status=after, actor_id=actors[stage].id, comment=COMMENTS.get(action, ""),
                                created_at=min(when, utcnow())))
        if action == "approve":
            application.decided_at = min(when, utcnow())
    application.status = stay.status


def reports(application: Application, stay: DemoStay, coordinator: User) -> None:
    invited = datetime.combine(application.end_date, datetime.min.time()) + timedelta(days=1)
    for index, participant in enumerate(application.participants):
        filed = stay.reports == "filed" and (index == 0 or stay.status == S.CLOSED)
        report = StayReport(participant_id=participant.id, invited_at=min(invited, utcnow()),
                            status=ReportStatus.SUBMITTED if filed else ReportStatus.DRAFT)
        if filed:
            report.competencies = "Travail en équipe, vocabulaire technique, autonomie."
            report.language_progress = 4
            report.satisfaction_preparation = report.satisfaction_host = 4
            report.satisfaction_lodging, report.satisfaction_overall = 3, 5
        db.session.add(report)
    if stay.final:
        accepted = stay.final == "accepted"
        db.session.add(FinalReport(
            application_id=application.id, status=ReportStatus.ACCEPTED if accepted else ReportStatus.SUBMITTED,
            outcomes="Objectifs atteints; deux entreprises d'accueil prêtes à recommencer.",
            reciprocal_visit_status="Visite réciproque prévue l'an prochain.",
            submitted_at=min(invited + timedelta(days=10), utcnow()),
            reviewed_at=min(invited + timedelta(days=14), utcnow()) if accepted else None,
            reviewed_by_id=coordinator.id if accepted else None))


def seed_demo_lifecycle(centre: Organisation, partners: list[Organisation], call: Call, actors: dict[str, User],
                        participant_user: User, today: date) -> list[Application]:
    """Create the missing demo stays; returns the ones created (each commits its approved total on the call)."""
    created = []
    for stay in STAYS:
        if db.session.scalar(select(Application.id).where(Application.title == stay.title)) is not None:
            continue
        application = build(stay, centre, partners[stay.partner], call, actors["staff"], participant_user, today)
        db.session.add(application)
        db.session.flush()
        snapshots.take(application)
        history(application, stay, actors)
        if stay.status in COMMITTED:
            call.committed_cents = (call.committed_cents or 0) + (application.approved_total_cents or 0)
        if stay.reports:
            reports(application, stay, actors["coordinator"])
        created.append(application)
    db.session.flush()
    return created


def seed_partner_answer(application: Application | None, coordinator: User) -> None:
    """A partner has answered the coordinator's pairing proposal (the coordinator's home shows it)."""
    if application is None or db.session.scalar(
            select(Pairing.id).where(Pairing.application_id == application.id)) is not None:
        return
    db.session.add(Pairing(application_id=application.id, partner_id=application.partner_id, status="confirmed",
                           reasons="Même métier, capacité disponible.", created_by_id=coordinator.id,
                           created_at=utcnow() - timedelta(days=3), partner_responded_at=utcnow() - timedelta(days=1),
                           partner_comment="Nous accueillerons le groupe avec plaisir."))

"""Reference data and demo content. Idempotent: running it twice changes nothing but demo passwords."""
from __future__ import annotations

import csv
import secrets
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.accounts.passwords import hash_password
from portal.core.clock import QUEBEC_TZ, utcnow
from portal.core.money import parse_cents
from portal.demo.canada import apply_canadian_rates, seed_demo_canadian_stay
from portal.demo.care import seed_demo_care
from portal.demo.lifecycle import seed_demo_lifecycle, seed_partner_answer
from portal.demo.partners import complete_demo_partners
from portal.demo.reports import seed_demo_completed_stay
from portal.demo.review import seed_demo_review
from portal.extensions import db, services
from portal.funding import budgets
from portal.funding.rates import CARBON_KEYS
from portal.funding.reference import load_programs, load_reference_rate_table
from portal.models import (
    Application,
    Call,
    CarbonFactor,
    DistanceBand,
    Organisation,
    Participant,
    Program,
    Region,
    Role,
    User,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

PROGRAM_RULES = {
    # Rules not carried by programs.csv: countries the demo calls allow and the document checklists.
    "fp-students": {
        "participant_kinds": "student,accompanying",
        "allowed_countries": "DE,FR,MX,GB,BE,CH,ES,CA",  # CA: stays in another province
        "required_documents": "stay_programme,budget_grid,participant_list,partner_agreement",
        "optional_documents": "insurance,other",
        "max_accompanying": 2, "students_per_adult": 1,
    },
    "fp-staff": {
        "participant_kinds": "teacher,staff",
        "allowed_countries": "DE,FR,MX,GB,BE,CH,ES",
        "required_documents": "stay_programme,budget_grid,partner_agreement",
        "optional_documents": "insurance,other",
        "max_accompanying": 0, "students_per_adult": 1,
    },
}
DEMO_STAYS_FROM_DAYS = 120
DEMO_ENVELOPES_CENTS = {"fp-students": 250_000_00, "fp-staff": 85_000_00}  # fp-students: demo figure (unverified)

CENTRES = [
    # name, parent body, region, in CMM, city, latitude, longitude
    ("CFP démo Pointe-aux-Trembles", "Centre de services scolaire de la Pointe-de-l'Île", "06", True, "Montréal", None, None),
    ("CFP démo Laval", "Centre de services scolaire de Laval", "13", True, "Laval", None, None),
    ("CFP démo Québec", "Centre de services scolaire de la Capitale", "03", False, "Québec", None, None),
    ("CFP démo Rimouski", "Centre de services scolaire des Phares", "01", False, "Rimouski", None, None),
    ("CFP démo Saguenay", "Centre de services scolaire De La Jonquière", "02", False, "Saguenay", None, None),
]
PARTNERS = [
    # name, country, city, languages, trades, capacity
    ("Berufliche Schule Stuttgart (démo)", "DE", "Stuttgart", "de,en", "5330,5281,5195", 30),
    ("Lycée professionnel de Lyon (démo)", "FR", "Lyon", "fr", "5311,5297,5330", 40),
    ("CONALEP Puebla (démo)", "MX", "Puebla", "es,en", "5281,5330", 25),
    ("Manchester Further Education College (demo)", "GB", "Manchester", "en", "5297,5195", 20),
]
DEMO_USERS = [
    # role, e-mail, name, centre index
    (Role.ADMIN, "admin@example.com", "Alex Admin", None),
    (Role.COORDINATOR, "coordination@example.com", "Camille Coordination", None),
    (Role.MINISTRY, "ministere@example.com", "Maxime Ministère", None),
    (Role.STAFF, "responsable@example.com", "Sophie Responsable", 3),
    (Role.PARTICIPANT, "participant@example.com", "Léa Participante", None),
]


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(line for line in handle if not line.startswith("#"))]


def load_programs_and_regions() -> None:
    for row in read_csv("regions.csv"):
        region = db.session.get(Region, row["code"]) or Region(code=row["code"])
        region.name = row["name"]
        db.session.add(region)
    for rules in load_programs(DATA_DIR).values():
        program = db.session.scalar(select(Program).where(Program.code == rules.code)) or Program(code=rules.code)
        program.name_fr, program.name_en = rules.name_fr, rules.name_en
        program.min_days, program.max_travel_days = rules.min_days, rules.max_travel_days
        program.funding_model = str(rules.funding_model)
        program.cap_cents = rules.per_participant_cap_cents or 0
        apply_flat_tiers(program, rules.flat_tiers)
        program.source = rules.source
        for field, value in PROGRAM_RULES.get(rules.code, {}).items():
            setattr(program, field, value)
        db.session.add(program)
    db.session.flush()


def apply_flat_tiers(program: Program, tiers) -> None:
    """Two tiers (short stays, long stays) as published for staff mobility."""
    if not tiers:
        return
    short, *rest = sorted(tiers, key=lambda tier: tier.min_days)
    program.flat_short_cents = short.amount_cents
    if rest:
        program.flat_long_cents = rest[-1].amount_cents
        program.flat_long_from_days = rest[-1].min_days


def next_deadline(today: date, month: int, day: int) -> date:
    deadline = date(today.year, month, day)
    return deadline if deadline >= today else date(today.year + 1, month, day)


def end_of_day_utc(day: date) -> datetime:
    local = datetime.combine(day, time(23, 59, 59), tzinfo=QUEBEC_TZ)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def ensure_open_call(program: Program, today: date) -> Call:
    deadline = next_deadline(today, 2, 15)
    year = deadline.year
    call = db.session.scalar(select(Call).where(Call.program_id == program.id, Call.year == year))
    created = call is None
    if created:
        call = Call(program=program, year=year, committed_cents=0)
        db.session.add(call)
    call.title_fr = f"{program.name_fr} — appel {year}"
    call.title_en = f"{program.name_en} — {year} call"
    call.opens_at = end_of_day_utc(today - timedelta(days=60)) - timedelta(days=1)
    call.closes_at = end_of_day_utc(deadline)
    # Demo only: the stays window includes today, so a new project can go from draft to a closed file today.
    call.stays_start_from = today - timedelta(days=DEMO_STAYS_FROM_DAYS)
    call.stays_end_by = max(date(year, 8, 31), today + timedelta(days=180))
    call.envelope_cents = DEMO_ENVELOPES_CENTS.get(program.code, 0)
    if created:  # later seeds keep what admins changed in the rate tables
        apply_reference_rates(call)
    return call


def apply_reference_rates(call: Call) -> None:
    """Give a call the default rate tables of the reference data (admins edit them afterwards)."""
    table = load_reference_rate_table(DATA_DIR)
    call.default_nightly_cents = table.default_nightly_cents
    call.default_daily_cents = table.default_daily_cents
    call.offset_cents_per_tonne = table.offset_cents_per_tonne
    call.distance_bands = [
        DistanceBand(min_km=b.min_km, max_km=b.max_km, standard_cents=b.standard_cents, green_cents=b.green_cents)
        for b in table.bands.bands
    ]
    factors = table.carbon.to_dict()
    call.carbon_factors = [
        CarbonFactor(mode=mode, kg_per_passenger_km=factors[mode], source="portal/data/carbon.csv")
        for mode in CARBON_KEYS
    ]
    call.eur_to_cad = table.eur_to_cad
    hotel = {row["item"]: row["amount_cad"] for row in read_csv("lodging_subsistence.csv")}
    apply_canadian_rates(call, parse_cents(hotel["hotel_cap_montreal_or_outside_quebec_low"]),
                         parse_cents(hotel["hotel_cap_montreal_or_outside_quebec_high"]))


def upsert_organisation(kind: str, name: str, **fields) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.kind == kind, Organisation.name == name))
    if organisation is None:
        organisation = Organisation(kind=kind, name=name)
        db.session.add(organisation)
    for field, value in fields.items():
        setattr(organisation, field, value)
    return organisation


def seed_organisations() -> tuple[list[Organisation], list[Organisation]]:
    centres = [
        upsert_organisation("centre", name, parent_body=body, region_code=region, in_cmm=in_cmm, city=city,
                            country_code="CA", latitude=lat, longitude=lon, languages="fr")
        for name, body, region, in_cmm, city, lat, lon in CENTRES
    ]
    partners = [
        upsert_organisation("partner", name, country_code=country, city=city, languages=languages, trades=trades,
                            capacity_per_year=capacity, contact_name="Contact démo",
                            contact_email=f"partenaire{index}@example.com")
        for index, (name, country, city, languages, trades, capacity) in enumerate(PARTNERS, start=1)
    ]
    db.session.flush()
    return centres, partners


def seed_users(centres: list[Organisation]) -> list[tuple[str, str, str]]:
    printed = []
    for role, email, name, centre_index in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, role=role)
            db.session.add(user)
        password = secrets.token_urlsafe(12)
        user.name, user.role, user.active = name, role, True
        user.organisation = centres[centre_index] if centre_index is not None else None
        user.password_hash = hash_password(password)
        user.end_all_sessions()
        printed.append((str(role), email, password))
    db.session.flush()
    return printed


def seed_demo_application(centre: Organisation, partner: Organisation, call: Call, staff: User,
                          participant_user: User) -> None:
    title = "Stage en mécanique automobile à Lyon (démo)"
    if db.session.scalar(select(Application).where(Application.title == title)) is not None:
        return
    start = call.stays_start_from + timedelta(days=DEMO_STAYS_FROM_DAYS + 60)
    application = Application(
        call=call, organisation=centre, created_by=staff, partner=partner, title=title, trade_code="5298",
        trade_name="Mécanique automobile", direction="outgoing", group_kind="group", destination_country="FR",
        destination_city="Lyon", start_date=start, end_date=start + timedelta(days=13), travel_days=2,
        objectives="Découvrir les pratiques d'atelier en France.", activities="Stage en atelier, visites.",
    )
    application.participants = [
        Participant(first_name="Léa", last_name="Participante", email=participant_user.email,
                    user_id=participant_user.id, kind="student", birth_date=date(2003, 5, 4),
                    consent_by="Léa Participante", consent_at=utcnow(), consent_purpose="mobility"),
        Participant(first_name="Marc", last_name="Enseignant", kind="accompanying", birth_date=date(1980, 1, 9),
                    consent_by="Marc Enseignant", consent_at=utcnow(), consent_purpose="mobility"),
    ]
    db.session.add(application)
    db.session.flush()
    budgets.keep_current(application)  # as the project form and the participant pages would


def seed_demo_content(today: date | None = None) -> list[tuple[str, str, str]]:
    today = today or services.clock.today()
    load_programs_and_regions()
    programs = db.session.scalars(select(Program).order_by(Program.code)).all()
    calls = {program.code: ensure_open_call(program, today) for program in programs}
    centres, partners = seed_organisations()
    complete_demo_partners(partners, today)
    printed = seed_users(centres)
    users = {user.email: user for user in db.session.scalars(select(User))}
    seed_demo_application(centres[3], partners[1], calls["fp-students"], users["responsable@example.com"],
                          users["participant@example.com"])
    seed_demo_canadian_stay(centres[3], calls["fp-students"], users["responsable@example.com"], today)
    seed_demo_completed_stay(centres[3], partners[1], calls["fp-students"], users["responsable@example.com"],
                             users["participant@example.com"], today)
    seed_demo_review(centres[3], partners, calls["fp-students"], users["responsable@example.com"],
                     users["coordination@example.com"])
    actors = {"staff": users["responsable@example.com"], "coordinator": users["coordination@example.com"],
              "ministry": users["ministere@example.com"]}
    seed_demo_lifecycle(centres[3], partners, calls["fp-students"], actors, users["participant@example.com"], today)
    seed_partner_answer(db.session.scalar(select(Application).where(Application.status == "recommended",
                                                                      Application.title.like("%(démo)"))),
                        actors["coordinator"])
    seed_demo_care()  # care items and consents of the demo stays (portal/demo/care.py)
    db.session.flush()
    return printed


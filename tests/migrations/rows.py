"""Rows written and read with raw SQL (never the models, which follow the newest revision), for the data tests.

ROWS is a small, coherent graph as the portal would hold it at revision 0001: a region, a program and its call,
a centre and a partner, a staff member, a coordinator and a participant, an application, its participant with a
stay report, and an invitation token. Revision 0002 keeps every column of 0001 and gives the new ones a default
or NULL, so the same rows can be loaded at 0001 or at 0002.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic.migration import MigrationContext

from portal.extensions import db

CENTRE_ID, PARTNER_ID = 11, 12
STAFF_ID, COORDINATOR_ID, PARTICIPANT_USER_ID = 21, 22, 23
PROGRAM_ID, CALL_ID, APPLICATION_ID, PARTICIPANT_ID, STAY_REPORT_ID, TOKEN_ID = 31, 32, 33, 34, 35, 36

CREATED = datetime(2026, 11, 2, 14, 5, 9)
UPDATED = datetime(2026, 11, 20, 8, 30, 0)

# (table, primary key column, row), in an order that respects the foreign keys.
ROWS: list[tuple[str, str, dict[str, Any]]] = [
    ("regions", "code", {"code": "06", "name": "Montréal"}),
    ("programs", "id", {
        "id": PROGRAM_ID, "code": "fp-students", "name_fr": "Mobilité étudiante en formation professionnelle",
        "name_en": "Vocational student mobility", "participant_kinds": "student,accompanying", "min_days": 7,
        "max_travel_days": 2, "funding_model": "per_participant_cap", "cap_cents": 2_000_00,
        "flat_short_cents": 0, "flat_long_cents": 0, "flat_long_from_days": 15, "max_accompanying": 2,
        "students_per_adult": 1, "allowed_countries": "DE,FR,MX,GB,BE,CH,ES",
        "required_documents": "stay_programme,budget_grid,participant_list,partner_agreement",
        "optional_documents": "insurance,other", "source": "Échanges Azimut, bourses de mobilité FP – élèves",
        "active": True, "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("calls", "id", {
        "id": CALL_ID, "program_id": PROGRAM_ID, "year": 2027,
        "title_fr": "Mobilité étudiante en formation professionnelle — appel 2027",
        "title_en": "Vocational student mobility — 2027 call", "opens_at": datetime(2026, 10, 1, 4, 0, 0),
        "closes_at": datetime(2027, 2, 16, 4, 59, 59), "stays_start_from": date(2027, 2, 16),
        "stays_end_by": date(2027, 8, 31), "envelope_cents": 250_000_00, "committed_cents": 12_500_00,
        "default_nightly_cents": 95_00, "default_daily_cents": 45_00, "offset_cents_per_tonne": 30_00,
        "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("organisations", "id", {
        "id": CENTRE_ID, "kind": "centre", "name": "CFP de Pointe-aux-Trembles",
        "parent_body": "Centre de services scolaire de la Pointe-de-l'Île", "region_code": "06", "in_cmm": True,
        "city": "Montréal", "country_code": "CA", "latitude": Decimal("45.651234"),
        "longitude": Decimal("-73.498765"), "languages": "fr", "trades": "5311,5330", "capacity_per_year": None,
        "contact_name": None, "contact_email": None, "agreement_start": None, "agreement_end": None,
        "active": True, "notes": "", "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("organisations", "id", {
        "id": PARTNER_ID, "kind": "partner", "name": "Berufliche Schule Stuttgart", "parent_body": None,
        "region_code": None, "in_cmm": False, "city": "Stuttgart", "country_code": "DE", "latitude": None,
        "longitude": None, "languages": "de,en", "trades": "5330,5281,5195", "capacity_per_year": 30,
        "contact_name": "Jürgen Weiß", "contact_email": "international@bs-stuttgart.example",
        "agreement_start": date(2026, 9, 1), "agreement_end": date(2029, 8, 31), "active": True,
        "notes": "Accueil en cuisine et pâtisserie.", "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("users", "id", {
        "id": STAFF_ID, "email": "s.tremblay@cfp-pat.example", "name": "Sophie Tremblay", "role": "staff",
        "organisation_id": CENTRE_ID, "password_hash": "scrypt:32768:8:1$Zk3uQ9sT$" + "3f" * 32, "locale": "fr",
        "active": True, "session_nonce": "9b1c4e7a2d5f8b0c3e6a9d2f5b8c1e4a", "last_login_at": datetime(2026, 11, 19, 13, 2, 44),
        "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("users", "id", {
        "id": COORDINATOR_ID, "email": "coordination@azimut.example", "name": "Camille Gagnon", "role": "coordinator",
        "organisation_id": None, "password_hash": "scrypt:32768:8:1$Pq8rT2vW$" + "a7" * 32, "locale": "en",
        "active": True, "session_nonce": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "last_login_at": None,
        "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("users", "id", {
        "id": PARTICIPANT_USER_ID, "email": "lea.bouchard@eleve.example", "name": "Léa Bouchard",
        "role": "participant", "organisation_id": None, "password_hash": None, "locale": "fr", "active": True,
        "session_nonce": "ffeeddccbbaa99887766554433221100", "last_login_at": None, "created_at": CREATED,
        "updated_at": UPDATED,
    }),
    ("applications", "id", {
        "id": APPLICATION_ID, "call_id": CALL_ID, "organisation_id": CENTRE_ID, "created_by_id": STAFF_ID,
        "partner_id": PARTNER_ID, "answers_application_id": None, "status": "approved", "version": 2,
        "title": "Stage en cuisine à Stuttgart", "trade_code": "5311", "trade_name": "Cuisine",
        "direction": "outgoing", "group_kind": "group", "destination_country": "DE",
        "destination_city": "Stuttgart", "destination_latitude": Decimal("48.775846"),
        "destination_longitude": Decimal("9.182932"), "start_date": date(2027, 4, 11), "end_date": date(2027, 4, 25),
        "travel_days": 2, "travel_mode": "air", "quoted_transport_cents": None, "quote_justification": "",
        "objectives": "Découvrir la cuisine régionale souabe.", "activities": "Ateliers, service en brasserie.",
        "reciprocal_start": None, "reciprocal_end": None, "reciprocal_count": None,
        "submitted_at": datetime(2026, 12, 3, 15, 41, 7), "decided_at": datetime(2027, 1, 20, 10, 0, 0),
        "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("participants", "id", {
        "id": PARTICIPANT_ID, "application_id": APPLICATION_ID, "user_id": PARTICIPANT_USER_ID,
        "first_name": "Léa", "last_name": "Bouchard", "email": "lea.bouchard@eleve.example",
        "birth_date": date(2006, 5, 17), "kind": "student", "trade": "Cuisine", "locale": "fr",
        "consent_by": "Léa Bouchard", "consent_at": datetime(2026, 12, 1, 9, 12, 0),
        "consent_purpose": "Gestion de la mobilité et rapport de séjour", "parental_consent_by": None,
        "parental_consent_at": None, "inclusion_needs": "", "created_at": CREATED, "updated_at": UPDATED,
    }),
    ("stay_reports", "id", {
        "id": STAY_REPORT_ID, "participant_id": PARTICIPANT_ID, "status": "submitted",
        "competencies": "Mise en place, travail en brigade.", "language_progress": 4, "satisfaction_preparation": 5,
        "satisfaction_host": 4, "satisfaction_lodging": 3, "satisfaction_overall": 5,
        "advice": "Apporter ses couteaux.", "comments": "", "quote_consent": True,
        "invited_at": datetime(2027, 4, 26, 12, 0, 0), "last_reminder_at": datetime(2027, 5, 3, 12, 0, 0),
        "reminders_sent": 1, "submitted_at": datetime(2027, 5, 4, 19, 22, 31), "created_at": CREATED,
        "updated_at": UPDATED,
    }),
    ("auth_tokens", "id", {
        "id": TOKEN_ID, "user_id": PARTICIPANT_USER_ID, "purpose": "invitation", "token_hash": "5e" * 32,
        "created_at": datetime(2026, 12, 1, 9, 0, 0), "expires_at": datetime(2026, 12, 15, 9, 0, 0),
        "used_at": datetime(2026, 12, 1, 9, 10, 0),
    }),
]


def row_of(table: str, key: Any) -> dict[str, Any]:
    """The values of ROWS for one row (by its primary key)."""
    for name, key_column, values in ROWS:
        if name == table and values[key_column] == key:
            return dict(values)
    raise KeyError((table, key))


def _quote(name: str) -> str:
    return db.engine.dialect.identifier_preparer.quote(name)


def insert(table: str, values: dict[str, Any]) -> None:
    """INSERT one row with raw SQL, each value bound with the type inferred from its Python value."""
    columns = ", ".join(_quote(column) for column in values)
    placeholders = ", ".join(f":{column}" for column in values)
    statement = sa.text(f"INSERT INTO {_quote(table)} ({columns}) VALUES ({placeholders})").bindparams(
        *(sa.bindparam(column, value) for column, value in values.items()))
    with db.engine.begin() as connection:
        connection.execute(statement)


def load_rows() -> None:
    for table, _key_column, values in ROWS:
        insert(table, values)


def execute(sql: str, **params: Any) -> None:
    """Run one raw SQL statement in its own committed transaction, values bound with their inferred types."""
    statement = sa.text(sql).bindparams(*(sa.bindparam(name, value) for name, value in params.items()))
    with db.engine.begin() as connection:
        connection.execute(statement)


def read_row(table: str, key_column: str, key: Any, types: dict[str, sa.types.TypeEngine]) -> dict[str, Any] | None:
    """SELECT the given columns of one row with raw SQL; each value is read back as the given type."""
    columns = ", ".join(_quote(column) for column in types)
    statement = sa.text(f"SELECT {columns} FROM {_quote(table)} WHERE {_quote(key_column)} = :key").columns(**types)
    with db.engine.connect() as connection:
        row = connection.execute(statement, {"key": key}).mappings().one_or_none()
    return dict(row) if row is not None else None


def types_of(values: dict[str, Any]) -> dict[str, sa.types.TypeEngine]:
    """The SQL type SQLAlchemy infers from each Python value (as insert binds them), to read them back alike."""
    return {column: sa.bindparam(column, value).type for column, value in values.items()}


def read_back(table: str, key_column: str, values: dict[str, Any]) -> dict[str, Any] | None:
    """The row of values (found by its key), as it is now in the database, on the columns of values."""
    return read_row(table, key_column, values[key_column], types_of(values))


def count(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.text(f"SELECT COUNT(*) FROM {_quote(table)}")).scalar_one()


def column_names(table: str) -> set[str]:
    with db.engine.connect() as connection:
        return {column["name"] for column in sa.inspect(connection).get_columns(table)}


def table_names() -> set[str]:
    with db.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

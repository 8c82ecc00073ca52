"""Timing of the reciprocity dashboard's aggregates and the envelope panel at the target size, on PostgreSQL.

Run:  TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/reciprocity_scale.py
Creates a private schema, builds the tables from the models, fills 100 000 applications with 1 000 000
participants and 50 000 reciprocity obligations with generate_series (in the database, no Python loop), ANALYZEs,
times each query the dashboard and the envelope panel run (best of 3), then drops the schema.
"""
from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

APPLICATIONS, PER_APPLICATION, OBLIGATIONS = 100_000, 10, 50_000

FILL = [
    "INSERT INTO regions (code, name) VALUES ('01', 'Bas-Saint-Laurent')",
    "INSERT INTO organisations (id, kind, name, region_code, in_cmm, city, country_code, languages, trades, active, "
    " notes, created_at, updated_at) SELECT g, CASE WHEN g <= 300 THEN 'centre' ELSE 'partner' END, 'Org ' || g, "
    " CASE WHEN g <= 300 THEN '01' END, false, 'Ville', 'CA', 'fr', '', true, '', now(), now() "
    " FROM generate_series(1, 800) g",
    "INSERT INTO programs (id, code, name_fr, name_en, participant_kinds, min_days, max_travel_days, funding_model, "
    " cap_cents, flat_short_cents, flat_long_cents, flat_long_from_days, max_accompanying, students_per_adult, "
    " allowed_countries, required_documents, optional_documents, source, active, created_at, updated_at) "
    " VALUES (1, 'p', 'P', 'P', 'student', 7, 2, 'per_participant_cap', 0, 0, 0, 15, 2, 1, '', '', '', '', true, "
    " now(), now())",
    "INSERT INTO calls (id, program_id, year, title_fr, title_en, opens_at, closes_at, stays_start_from, stays_end_by,"
    " envelope_cents, committed_cents, default_nightly_cents, default_daily_cents, offset_cents_per_tonne, "
    " created_at, updated_at) VALUES (1, 1, 2027, 'A', 'A', now(), now() + interval '1 day', '2020-01-01', "
    " '2035-12-31', 100000000000, 50000000000, 0, 0, 0, now(), now())",
    f"INSERT INTO applications (id, call_id, organisation_id, partner_id, status, version, title, trade_code, "
    f" trade_name, direction, group_kind, destination_city, start_date, end_date, travel_days, travel_mode, "
    f" quote_justification, objectives, activities, created_at, updated_at) "
    f" SELECT g, 1, 1 + g % 300, 301 + g % 500, "
    f" (ARRAY['draft','submitted','approved','in_progress','completed','closed','cancelled'])[1 + g % 7], 1, "
    f" 'Projet ' || g, '', '', CASE WHEN g % 3 = 0 THEN 'incoming' ELSE 'outgoing' END, 'group', '', "
    f" date '2024-01-01' + (g % 3000), date '2024-01-01' + (g % 3000) + 13, 2, 'air', '', '', '', now(), now() "
    f" FROM generate_series(1, {APPLICATIONS}) g",
    f"INSERT INTO participants (application_id, first_name, last_name, kind, trade, locale, consent_purpose, "
    f" inclusion_needs, created_at, updated_at) SELECT 1 + (g % {APPLICATIONS}), 'P', 'N' || g, 'student', '', "
    f" 'fr', '', '', now(), now() FROM generate_series(1, {APPLICATIONS * PER_APPLICATION}) g",
    f"INSERT INTO reciprocity_obligations (application_id, partner_id, due_year, status, proposed_comment, "
    f" created_at) SELECT g, 301 + g % 500, 2024 + g % 6, (ARRAY['open','open','met','cancelled'])[1 + g % 4], '', "
    f" now() FROM generate_series(1, {OBLIGATIONS}) g",
    "INSERT INTO envelope_movements (call_id, application_id, kind, cents, created_at) "
    " SELECT 1, g, CASE WHEN g % 5 = 0 THEN 'cancellation' ELSE 'approval' END, "
    " CASE WHEN g % 5 = 0 THEN -1000 ELSE 100000 END, now() FROM generate_series(1, 60000) g",
]


def best_of(function, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    from portal import normalise_database_url

    base = os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        sys.exit("Set TEST_DATABASE_URL to a PostgreSQL database.")
    base = normalise_database_url(base)
    schema = f"bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    try:
        run(url)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def run(url: str) -> None:
    from portal import create_app
    from portal.extensions import db
    from portal.funding import envelopes
    from portal.models import Call
    from portal.partners import obligations, reciprocity

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40, "TESTING": True})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        with db.engine.begin() as connection:
            for statement in FILL:
                connection.execute(sa.text(statement))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("ANALYZE"))
        print(f"filled in {time.perf_counter() - started:.1f} s: {APPLICATIONS} applications, "
              f"{APPLICATIONS * PER_APPLICATION} participants, {OBLIGATIONS} obligations")
        call = db.session.get(Call, 1)
        cases = {
            "ranked_balances(partner, all years)": lambda: reciprocity.ranked_balances("partner"),
            "ranked_balances(centre, 2027)": lambda: reciprocity.ranked_balances("centre", 2027),
            "partner_balances() (pairing)": reciprocity.partner_balances,
            "stay_years()": reciprocity.stay_years,
            "obligations.counts(2027)": lambda: obligations.counts(2027),
            "obligations.counts_by_partner(2027)": lambda: obligations.counts_by_partner(2027),
            "envelopes.summary(call)": lambda: envelopes.summary(call),
        }
        for name, function in cases.items():
            print(f"{name:40s} {best_of(function) * 1000:8.1f} ms")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()

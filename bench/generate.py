"""Fill the PostgreSQL database named by DATABASE_URL with a portal in its tenth year, in minutes.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench flask --app wsgi db upgrade
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench python bench/generate.py [--scale 0.1] [--reset]

At scale 1: 2 000 centres, 1 000 partners, 4 000 staff accounts, 20 calls (two programs × ten yearly calls), 100 000
applications, ~1 000 000 participants, ~270 000 budget lines, decisions, ~450 000 documents, stay and final reports,
pairings, return visits owed (reciprocity obligations) and ~1.8 M audit events. Reference rows (programs, regions,
calls and their rate tables) go through the portal's own code; everything else is SQL run by PostgreSQL
(generate_series, INSERT … SELECT), never the ORM. Every account's password is BENCH_PASSWORD; admin and ministry
accounts, which production makes log in with a second factor, have the TOTP secret BENCH_TOTP_SECRET. The database
gets a comment recording the scale and the schema revision, which `bench/run` reads to know whether the data is
there already.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql as pgsql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bulk_sql as sql  # noqa: E402
from bench.places import CENTRE_CITIES, FIRST_NAMES, LAST_NAMES, PARTNER_CITIES  # noqa: E402

BENCH_PASSWORD = "bench-password-2026"
BENCH_TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH23"  # noqa: S105 (base32; bench data only)
MARKER = "portal-bench"
# Goes up when the generator writes something new (2: reciprocity obligations), so bench/run generates again.
GENERATOR = 2
YEARS = 10
FULL = {"centres": 2000, "partners": 1000, "apps": 100_000}


def psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://")


def sizes(scale: float) -> dict[str, int]:
    return {name: max(20, round(count * scale)) for name, count in FULL.items()}


@contextmanager
def timed(label: str, timings: list[tuple[str, float]]):
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    timings.append((label, elapsed))
    print(f"  {label:<28} {elapsed:8.1f} s", flush=True)


def read_marker(conn: psycopg.Connection) -> dict | None:
    row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                       "WHERE datname = current_database()").fetchone()
    try:
        marker = json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None
    return marker if isinstance(marker, dict) and marker.get("marker") == MARKER else None


def schema_revision(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version").fetchone()
    return row[0] or ""


def portal_tables(conn: psycopg.Connection) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'")]


def is_empty(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM applications) "
                        "AND NOT EXISTS (SELECT 1 FROM organisations)").fetchone()[0]


def reset(conn: psycopg.Connection) -> None:
    """Empty every portal table; only a database this generator filled (it carries the marker) or an empty one."""
    if read_marker(conn) is None and not is_empty(conn):
        raise SystemExit("refusing to empty a database the bench did not fill (no bench marker on it)")
    tables = ", ".join(f'"{name}"' for name in portal_tables(conn))
    conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    conn.commit()


def reference(database_url: str, now: datetime) -> list[dict]:
    """Programs, regions, the calls of ten years with the reference rate tables: through the portal's code."""
    os.environ["DATABASE_URL"] = database_url
    from portal import create_app
    from portal.demo.seed import apply_reference_rates, end_of_day_utc, load_programs_and_regions
    from portal.extensions import db
    from portal.funding.budgets import rate_table_for
    from portal.models import Call, Program

    app = create_app({"DATABASE_URL": database_url, "PORTAL_ENV": "development"})  # a command, not a server
    calls = []
    with app.app_context():
        load_programs_and_regions()
        programs = {p.code: p for p in db.session.scalars(db.select(Program))}
        # The open call closes on the next 15 February; the nine before it are past.
        today = now.date()
        open_year = today.year + (1 if today > date(today.year, 2, 15) else 0)
        for prog, code in enumerate(("fp-students", "fp-staff"), start=1):
            program = programs[code]
            for k in range(YEARS):
                year = open_year - (YEARS - 1) + k
                call = Call(program=program, year=year, committed_cents=0,
                            title_fr=f"{program.name_fr} — appel {year}", title_en=f"{program.name_en} — {year} call",
                            opens_at=end_of_day_utc(date(year - 1, 10, 1)), closes_at=end_of_day_utc(date(year, 2, 15)),
                            stays_start_from=date(year, 2, 16), stays_end_by=date(year, 8, 31),
                            envelope_cents=(2_500_000_00 if prog == 1 else 850_000_00))
                apply_reference_rates(call)
                db.session.add(call)
                db.session.flush()
                rates = rate_table_for(call).to_dict()
                calls.append({"k": k, "prog": prog, "call_id": call.id, "opens_at": call.opens_at,
                              "closes_at": call.closes_at, "stays_from": call.stays_start_from,
                              "stays_end": call.stays_end_by, "offset_per_tonne": call.offset_cents_per_tonne,
                              "rates": json.dumps(rates), "frozen_rates": json.dumps({**rates, "frozen": True})})
        db.session.commit()
        db.engine.dispose()
    return calls


def password_hash() -> str:
    from portal.accounts.passwords import hash_password

    return hash_password(BENCH_PASSWORD)


def helper_tables(conn: psycopg.Connection, calls: list[dict]) -> None:
    conn.execute("CREATE TEMP TABLE g_call (k int, prog int, call_id int, opens_at timestamp, closes_at timestamp, "
                 "stays_from date, stays_end date, offset_per_tonne bigint, rates json, frozen_rates json)")
    with conn.cursor().copy("COPY g_call FROM STDIN") as copy:
        for c in calls:
            copy.write_row([c["k"], c["prog"], c["call_id"], c["opens_at"], c["closes_at"], c["stays_from"],
                            c["stays_end"], c["offset_per_tonne"], c["rates"], c["frozen_rates"]])
    conn.execute("CREATE TEMP TABLE g_city (idx serial, region text, city text, lat float8, lon float8, "
                 "in_cmm bool)")
    with conn.cursor().copy("COPY g_city (region, city, lat, lon, in_cmm) FROM STDIN") as copy:
        for region, city, lat, lon, in_cmm, weight in CENTRE_CITIES:
            for _ in range(weight):
                copy.write_row([region, city, lat, lon, in_cmm])
    conn.execute("CREATE TEMP TABLE g_dest (idx serial, country text, city text, lat float8, lon float8, km int, "
                 "transport_cents bigint)")
    with conn.cursor().copy("COPY g_dest (country, city, lat, lon, km, transport_cents) FROM STDIN") as copy:
        for row in PARTNER_CITIES:
            copy.write_row(list(row))
    conn.execute("CREATE TEMP TABLE g_trade (idx serial, code text, name_fr text)")
    with conn.cursor().copy("COPY g_trade (code, name_fr) FROM STDIN") as copy:
        for code, name in trades():
            copy.write_row([code, name])


def trades() -> list[tuple[str, str]]:
    import csv

    path = ROOT / "portal" / "data" / "programs_of_study.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return [(row["code"], row["name_fr"]) for row in rows]


def application_columns(conn: psycopg.Connection) -> set[str]:
    return {name for (name,) in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'applications'")}


STEPS = [
    ("centres", sql.CENTRES), ("partners", sql.PARTNERS), ("users", sql.USERS),
    ("application draw", sql.APP_DRAW), ("application states", sql.APP_STATUS), ("application details", sql.APP_DETAIL),
    ("open call decisions", sql.APP_DECIDED_OPEN_CALL), ("applications", sql.APPLICATIONS),
    ("participants", sql.PARTICIPANTS), ("budget line draw", sql.LINE_DRAW), ("funding lines", sql.FUNDING_LINES),
    ("workflow steps", sql.STEPS), ("decisions", sql.DECISIONS), ("documents", sql.DOCUMENTS),
    ("stay reports", sql.STAY_REPORTS), ("final reports", sql.FINAL_REPORTS), ("pairings", sql.PAIRINGS),
    ("reciprocity obligations", sql.OBLIGATIONS),
    ("audit events", sql.AUDIT_EVENTS), ("envelopes", sql.CALL_ENVELOPES),
]


def fill_summaries(conn: psycopg.Connection) -> None:
    """The summary tables (and derived columns, such as decisions.stage_started_at) the portal keeps current at each
    change (the data here was written in SQL): filled with the SQL of the migration that created them, when the
    schema has them (the table exists and the database is at that revision or later)."""
    import importlib.util

    tables = set(portal_tables(conn))
    revision = max(schema_revision(conn).split(","))
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        if path.stem.split("_", 1)[0] > revision:
            continue
        spec = importlib.util.spec_from_file_location(f"bench_migration_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for table, fill in getattr(module, "BENCH_FILLS", {}).items():
            if table in tables:
                conn.execute(fill("postgresql"))


WRITTEN = re.compile(r"^\s*(?:INSERT INTO|CREATE TEMP TABLE)\s+(\w+)", re.IGNORECASE | re.MULTILINE)


def analyze_written(conn: psycopg.Connection, statement: str) -> None:
    """Statistics of the table a step filled, so the next steps' joins are planned for its real size (an unanalysed
    table looks empty: a nested loop over a million participants took minutes)."""
    for table in WRITTEN.findall(statement):
        conn.execute(pgsql.SQL("ANALYZE {}").format(pgsql.Identifier(table)))


def generate(database_url: str, scale: float, *, force_reset: bool = False) -> list[tuple[str, float]]:
    url = psycopg_url(database_url)
    timings: list[tuple[str, float]] = []
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with psycopg.connect(url) as conn:
        if not (force_reset or is_empty(conn)):
            raise SystemExit("the database already holds data: pass --reset to replace what the bench generated")
        with timed("reset", timings):
            reset(conn)
        revision = schema_revision(conn)
    counts = sizes(scale)
    print(f"generating scale {scale}: {counts}", flush=True)
    with timed("reference (portal code)", timings):
        calls = reference(url, now)
        hashed = password_hash()
    params = {**counts, "now": now, "coordinators": 20, "ministry": 12, "password_hash": hashed,
              "totp_secret": BENCH_TOTP_SECRET,
              "first_names": FIRST_NAMES, "last_names": LAST_NAMES}
    with psycopg.connect(url) as conn:
        conn.execute("SELECT setseed(0.15)")
        helper_tables(conn, calls)
        for label, statement in STEPS:
            with timed(label, timings):
                conn.execute(statement, params)
                analyze_written(conn, statement)
        columns = application_columns(conn)
        for column, statement in sql.OPTIONAL_APPLICATION_COLUMNS.items():
            if column in columns:
                with timed(f"applications.{column}", timings):
                    conn.execute(statement, params)
        with timed("summaries", timings):
            fill_summaries(conn)
        for table in sql.SEQUENCED_TABLES:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        marker = {"marker": MARKER, "generator": GENERATOR, "scale": scale, "revision": revision, "generated_at": now.isoformat(),
                  "filled_columns": sorted(c for c in sql.OPTIONAL_APPLICATION_COLUMNS if c in columns)}
        conn.execute(pgsql.SQL("COMMENT ON DATABASE {} IS {}").format(
            pgsql.Identifier(conn.info.dbname), pgsql.Literal(json.dumps(marker))))
        conn.commit()
        conn.autocommit = True
        # VACUUM as well: a database in service has been vacuumed (autovacuum), so its visibility map lets the
        # planner answer counts and sorts from an index alone; freshly written rows would hide that until then.
        with timed("vacuum analyze", timings):
            conn.execute("VACUUM ANALYZE")
        print_counts(conn)
    total = sum(seconds for _, seconds in timings)
    print(f"generated in {total:.0f} s ({timedelta(seconds=round(total))})", flush=True)
    return timings


def print_counts(conn: psycopg.Connection) -> None:
    for table in ("organisations", "users", "calls", "applications", "participants", "funding_lines", "decisions",
                  "documents", "stay_reports", "final_reports", "pairings", "reciprocity_obligations",
                  "audit_events"):
        count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        print(f"  {table:<16} {count:>10,}", flush=True)
    statuses = conn.execute("SELECT status, count(*) FROM applications GROUP BY status ORDER BY 2 DESC").fetchall()
    print("  statuses: " + ", ".join(f"{s} {n:,}" for s, n in statuses), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100 000 applications; 0.1 = a tenth")
    parser.add_argument("--reset", action="store_true", help="replace the data a previous run generated")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (run `flask --app wsgi db upgrade` on it)")
    generate(url, args.scale, force_reset=args.reset)


if __name__ == "__main__":
    main()

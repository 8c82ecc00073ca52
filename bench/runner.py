"""Issue 15's bench: the portal at a realistic size on PostgreSQL, page by page, against a hello-world H.

Run it through ``bench/run`` (it installs what this needs). Steps: migrate the database named by DATABASE_URL,
generate the data unless it is already there at this scale, start a local S3 (moto), the portal, a raw WSGI
hello-world and a bare Flask hello-world (a reference row) under the same gunicorn settings (gthread, workers =
cores, 4 threads, production settings), log in, then load every page with wrk and 8 connections for several
interleaved rounds, and finally push a 100 MB file through the portal. The last line is ``targets met: N/M``.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate, targets, upload  # noqa: E402
from bench.pages import Deep, Session, csrf_token, deepest  # noqa: E402
from bench.workers import CpuShare  # noqa: E402

BIN = Path(sys.executable).parent
BUCKET = "bench-documents"
QUEUE_FILTER = "/examen/?status=&region=06&country=FR&sort=amount&order=desc"
UPLOAD_BYTES = 100 * 1024 * 1024
# Production settings need a public https:// address (only mail links use it; .invalid never resolves). The bench
# talks plain http to 127.0.0.1, so that host is trusted too; the secure session cookie is taken from the log-in's
# answer and sent back explicitly (bench/pages.py Session, wrk's Cookie header), as a browser would over https.
PUBLIC_BASE_URL = "https://bench.invalid"
TRUSTED_HOSTS = "bench.invalid,127.0.0.1"
INDICATOR_CANDIDATES = ("/indicateurs/", "/indicateurs", "/admin/indicateurs")


@dataclass
class Page:
    key: str
    label: str
    path: str
    user: str
    kind: str  # page | home | fast | deep | presign | reference
    method: str = "GET"
    body: bytes | None = None
    headers: dict | None = None
    page_one: str | None = None  # key of the page a deep page is compared with
    note: str = ""
    server: str = "portal"  # portal | flask (the bare Flask hello-world)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """The servers this run starts, each in its own process group, stopped at the end (and only those)."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_http(port: int, path: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} stopped:\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = Session(port, timeout=5).get(path)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} within {seconds:.0f} s")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GB RAM"


def flask(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def ensure_data(url: str, scale: float, env: dict[str, str]) -> dict:
    with psycopg.connect(generate.psycopg_url(url)) as conn:
        marker, revision, empty = generate.read_marker(conn), generate.schema_revision(conn), generate.is_empty(conn)
    if marker and marker.get("scale") == scale and marker.get("generator", 1) == generate.GENERATOR:
        # Later migrations carry generated data forward (they fill what they add), so a new revision alone does not
        # cost a new generation.
        print(f"data: scale {scale} already generated at {marker['generated_at']} (revision {marker.get('revision')},"
              f" now {revision})", flush=True)
        with psycopg.connect(generate.psycopg_url(url), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # what later migrations wrote, as autovacuum would (quick when nothing did)
        return marker
    if marker is None and not empty:
        raise SystemExit("DATABASE_URL holds data the bench did not generate: give the bench its own database")
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(scale), "--reset"],
                   cwd=ROOT, env=env, check=True)
    with psycopg.connect(generate.psycopg_url(url)) as conn:
        return generate.read_marker(conn) or {}


def database_facts(url: str) -> tuple[dict, str, tuple[int, int]]:
    """Row counts, the server version, and a draft application with its centre (for the upload pages)."""
    with psycopg.connect(generate.psycopg_url(url)) as conn:
        # What earlier bench runs uploaded or presigned (S3 rows) goes, so the data stays at its scale.
        conn.execute("DELETE FROM audit_events WHERE object_type = 'document' AND object_id IN "
                     "(SELECT id FROM documents WHERE storage_backend = 's3')")
        conn.execute("DELETE FROM documents WHERE storage_backend = 's3'")
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("organisations", "applications", "participants", "funding_lines", "audit_events")}
        version = conn.execute("SHOW server_version").fetchone()[0]
        draft = conn.execute("SELECT id, organisation_id FROM applications WHERE status = 'draft' "
                             "ORDER BY organisation_id, id LIMIT 1").fetchone()
    if draft is None:
        raise SystemExit("no draft application in the bench data (needed for presign and upload)")
    return counts, version, draft


def pairing_facts(url: str) -> tuple[int | None, int | None]:
    """A submitted application (its pairing page ranks every partner) and the partner with the most applications
    (its page shows its balance per year)."""
    with psycopg.connect(generate.psycopg_url(url)) as conn:
        submitted = conn.execute("SELECT id FROM applications WHERE status = 'submitted' ORDER BY id LIMIT 1").fetchone()
        partner = conn.execute("SELECT partner_id FROM applications WHERE partner_id IS NOT NULL GROUP BY partner_id "
                               "ORDER BY count(*) DESC, partner_id LIMIT 1").fetchone()
    return (submitted[0] if submitted else None), (partner[0] if partner else None)


def indicator_paths(env: dict[str, str]) -> list[str]:
    """GET routes without parameters of an ``indicators`` blueprint, when one exists; else the likely URLs."""
    found = []
    for line in flask(["routes"], env).splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith("indicators.") and "GET" in parts[1] and "<" not in parts[-1]:
            found.append(parts[-1])
    return sorted(found, key=len) or list(INDICATOR_CANDIDATES)


def wrk(port: int, page: Page, cookie: str, seconds: int, concurrency: int, scratch: Path) -> dict:
    result = scratch / "wrk.json"
    result.unlink(missing_ok=True)
    headers = {**(page.headers or {}), "Cookie": cookie} if cookie else dict(page.headers or {})
    env = dict(os.environ, BENCH_RESULT=str(result), BENCH_HEADERS="\n".join(f"{k}: {v}" for k, v in headers.items()))
    if page.method != "GET":
        env["BENCH_METHOD"] = page.method
    if page.body is not None:
        body = scratch / "body"
        body.write_bytes(page.body)
        env["BENCH_BODY_FILE"] = str(body)
    threads = min(concurrency, os.cpu_count() or 1)
    subprocess.run(["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds}s", "--timeout", "60s",
                    "-s", str(ROOT / "bench" / "report.lua"), f"http://127.0.0.1:{port}{page.path}"],
                   env=env, check=True, capture_output=True)
    return targets.parse_wrk_result(result.read_text())


def probe(session: Session, page: Page, count: int, slow: float,
          warmup: int = 0) -> tuple[list[float], list[int], int | None, str]:
    """A few requests one after the other (one only if it is slower than `slow` seconds): their latencies, statuses,
    the SQL statements the portal counted, and the big tables its plans scan sequentially (first request)."""
    latencies, statuses, sql, scans = [], [], [], ""
    for _ in range(warmup):  # a worker's first request pays one-time costs (templates, a storage client)
        started = time.perf_counter()
        session.request(page.method, page.path, body=page.body, headers=page.headers)
        if time.perf_counter() - started > slow:
            break
    for number in range(count):
        headers = {**(page.headers or {}), **({"X-Bench-Explain": "1"} if number == 0 else {})}
        started = time.perf_counter()
        status, answer, _ = session.request(page.method, page.path, body=page.body, headers=headers)
        latencies.append(time.perf_counter() - started)
        statuses.append(status)
        if "x-bench-sql" in answer:
            sql.append(int(answer["x-bench-sql"]))
        scans = scans or answer.get("x-bench-seq-scans", "")
        if latencies[-1] > slow:
            break
    return latencies, statuses, (int(statistics.median(sql)) if sql else None), scans


# The floor of the stack, measured like the pages, with no target: a bare Flask app, then the portal's health check
# (no database, no template) without and with a log-in (the session's user loaded: pool check, BEGIN, the user,
# COMMIT). Every page pays the portal's floor before its own work.
REFERENCES = (
    Page("flask_hello", "Flask hello-world (reference)", "/", "flask", "reference", server="flask"),
    Page("health", "portal /sante anonymous (reference)", "/sante", "anonymous", "reference"),
    Page("health_user", "portal /sante logged in (reference)", "/sante", "coordinator", "reference"),
)


def resolve_pages(sessions: dict[str, Session], draft_id: int, env: dict[str, str], max_steps: int,
                  paired: tuple[int | None, int | None] = (None, None)) -> list[Page]:
    pages = [
        *REFERENCES,
        Page("carbon", "carbon page /admin/carbone", "/admin/carbone", "admin", "fast"),
        Page("coordinator_home", "coordinator home", "/accueil", "coordinator", "home"),
        Page("queue", "review queue page 1", "/examen/", "coordinator", "home"),
        Page("queue_filtered", "review queue filtered page 1", QUEUE_FILTER, "coordinator", "page"),
    ]
    deep = find_deep(sessions["coordinator"], QUEUE_FILTER, max_steps)
    pages.append(deep_page("queue_deep", "review queue filtered deep page", deep, "coordinator", "queue_filtered"))
    pages.append(Page("journal", "audit journal page 1", "/journal/", "admin", "page"))
    deep = find_deep(sessions["admin"], "/journal/", max_steps)
    pages.append(deep_page("journal_deep", "audit journal last page", deep, "admin", "journal"))
    pages += [
        Page("reciprocity", "reciprocity dashboard", "/partenaires/reciprocite", "coordinator", "fast"),
        Page("staff_home", "staff home", "/accueil", "staff", "home"),
        Page("staff_projects", "staff project list", "/projets/", "staff", "page"),
        Page("ministry_queue", "ministry queue", "/examen/ministere", "ministry", "home"),
    ]
    submitted_id, partner_id = paired
    if submitted_id is not None:
        pages.append(Page("pairing", "pairing page (suggestions)", f"/partenaires/jumelage/{submitted_id}",
                          "coordinator", "page"))
    if partner_id is not None:
        pages.append(Page("partner", "partner page (busiest)", f"/partenaires/{partner_id}", "coordinator", "page"))
    uploader = sessions["uploader"]
    token = csrf_token(uploader.text(f"/projets/{draft_id}/documents/televerser")) or ""
    pages.append(Page("presign", "presign for direct upload", f"/projets/{draft_id}/documents/presigner", "uploader",
                      "presign", method="POST",
                      body=json.dumps({"kind": "other", "filename": "bench.pdf", "size": 200_000,
                                       "content_type": "application/pdf"}).encode(),
                      headers={"Content-Type": "application/json", "X-CSRFToken": token}))
    indicators = find_indicators(sessions, indicator_paths(env))
    if indicators:
        pages.append(indicators)
    return pages


def find_deep(session: Session, start: str, max_steps: int) -> Deep:
    try:
        return deepest(session.text, start, max_steps=max_steps)
    except (RuntimeError, OSError) as error:  # a failing page is measured (and fails) rather than ending the run
        return Deep(start, 1, f"walk failed ({error}); page 1 used")


def deep_page(key: str, label: str, deep: Deep, user: str, page_one: str) -> Page:
    return Page(key, label, deep.url, user, "deep", page_one=page_one, note=f"depth {deep.depth}: {deep.how}")


def find_indicators(sessions: dict[str, Session], paths: list[str]) -> Page | None:
    for path in paths:
        for user in ("ministry", "admin", "coordinator"):
            status, _, _ = sessions[user].get(path)
            if status == 200:
                return Page("indicators", "indicators page", path, user, "fast")
    return None


def load_round(measure: targets.Measure, master_pid: int, port: int, page: Page, cookie: str, seconds: int, args,
               scratch: Path) -> None:
    """One round of wrk on a page, and how its CPU was shared between the server's workers. A round where one
    worker took nearly all of it measured that worker alone: it is run again (at most --lopsided-retries times)."""
    for attempt in range(args.lopsided_retries + 1):
        with CpuShare(master_pid) as cpu:
            result = wrk(port, page, cookie, seconds, args.concurrency, scratch)
        if not cpu.lopsided or attempt == args.lopsided_retries:
            break
        measure.rounds_run_again += 1
        print(f"    {page.label}: one worker took {cpu.share:.0%} of the CPU, round run again", flush=True)
    measure.add_wrk(result)
    if cpu.share is not None:
        measure.busiest_worker.append(cpu.share)


def measure_pages(pages: list[Page], sessions: dict[str, Session], ports: dict[str, int], masters: dict[str, int],
                  args, scratch: Path) -> tuple[targets.Measure, dict[str, targets.Measure], dict[str, str]]:
    hello = targets.Measure(note="raw WSGI hello-world, same gunicorn settings")
    hello_page = Page("hello", "hello-world H", "/", "", "page")
    measures: dict[str, targets.Measure] = {}
    durations: dict[str, int] = {}
    seq_scans: dict[str, str] = {}
    for page in pages:
        latencies, statuses, sql, scans = probe(sessions[page.user], page, args.probes, args.slow, args.warmup)
        measure = measures[page.key] = targets.Measure(sql=sql, note=page.note)
        seq_scans[page.key] = scans
        typical = statistics.median(latencies)
        if typical > args.slow:
            for latency, status in zip(latencies, statuses):
                measure.add_sample(latency, status == 200)
            measure.note = (measure.note + "; " if measure.note else "") + (
                f"too slow to load with {args.concurrency} clients: {len(latencies)} request(s) alone")
        else:
            load = typical * args.concurrency / (os.cpu_count() or 1)
            durations[page.key] = int(min(20, max(args.duration, 3 * load + 1)))
        print(f"  probed {page.label}: {typical * 1000:,.0f} ms, HTTP {sorted(set(statuses))}, SQL {sql}", flush=True)
    for round_number in range(1, args.rounds + 1):
        print(f"  round {round_number}/{args.rounds}", flush=True)
        load_round(hello, masters["hello"], ports["hello"], hello_page, "", args.duration, args, scratch)
        for page in pages:
            if page.key in durations:
                cookie = sessions[page.user].cookie_header()
                load_round(measures[page.key], masters[page.server], ports[page.server], page, cookie,
                           durations[page.key], args, scratch)
    return hello, measures, seq_scans


def measure_upload(session: Session, draft_id: int, master_pid: int, endpoint: str, scratch: Path,
                   attempts: int) -> tuple[list[upload.UploadResult], list[float]]:
    path = scratch / "bench-100mb.pdf"
    upload.make_pdf(path, UPLOAD_BYTES)
    through, direct = [], []
    for _ in range(attempts):
        direct.append(upload.upload_direct(endpoint, BUCKET, path))
        through.append(upload.upload_through_portal(session, draft_id, path, master_pid))
    path.unlink()
    return through, direct


def report(args, facts, hello, pages, measures, uploads, seq_scans) -> None:
    counts, version, marker = facts
    checks: list[targets.Check] = []
    print()
    print(f"Machine: {machine()}; PostgreSQL {version}; gunicorn gthread {os.cpu_count()} workers × 4 threads "
          "(--reuse-port); "
          f"wrk {args.concurrency} connections, {args.rounds} interleaved rounds; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print("Data: scale {} — {}".format(args.scale, ", ".join(f"{n:,} {t}" for t, n in counts.items())))
    print()
    print(targets.HEADER)
    print(targets.row("hello-world H", hello, hello.rate, []))
    for page in pages:
        page_one = measures.get(page.page_one) if page.page_one else None
        page_checks = targets.page_checks(page.kind, measures[page.key], hello.rate, page_one)
        checks += page_checks
        print(targets.row(page.label, measures[page.key], hello.rate, page_checks))
    print()
    print("The busiest worker's share of the workers' CPU, per round (an even load is "
          f"{100 / (os.cpu_count() or 1):.0f} %):")
    for label, measure in [("hello-world H", hello)] + [(page.label, measures[page.key]) for page in pages]:
        shares = " ".join(f"{share:.0%}" for share in measure.busiest_worker) or "(not loaded)"
        again = f"  ({measure.rounds_run_again} round(s) run again)" if measure.rounds_run_again else ""
        print(f"  {label:<34}{shares}{again}")
    print()
    print("Sequential scans of tables over 10 000 rows in the plans (EXPLAIN) of each page's SELECTs:")
    for page in pages:
        print(f"  {page.label:<34}{seq_scans.get(page.key) or '(not reported)'}")
    print()
    if not any(page.key == "indicators" for page in pages):
        print("indicators page: no such route yet (skipped, not counted)")
    if uploads:
        through, direct = uploads
        ok = [result for result in through if result.status in (302, 303)]
        best_through = min((r.seconds for r in ok), default=None)
        ratio = (min(direct) / best_through) if best_through else None
        growth = max((r.rss_growth_mb for r in through), default=None)
        upload_checks = targets.upload_checks(growth, ratio)
        checks += upload_checks
        mb = UPLOAD_BYTES / 1024 / 1024
        through_rate = f"{mb / best_through:.1f} MB/s" if best_through else "failed"
        print(f"{'100 MB upload through the server':<34}{through_rate:>12} vs direct boto3 {mb / min(direct):.1f} MB/s"
              f" (×{ratio or 0:.2f}), worker RSS +{growth or 0:.0f} MB, HTTP {[r.status for r in through]}  "
              + ", ".join(f"{c.description} {'ok' if c.met else 'MISSED'}" for c in upload_checks))
    print(targets.summary_line(checks))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page and round (longer for slow pages)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--probes", type=int, default=3, help="sequential requests per page before loading it")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured requests per page before the probes")
    parser.add_argument("--slow", type=float, default=3.0, help="a page slower than this (s) is not loaded")
    parser.add_argument("--deep-steps", type=int, default=200, help="most 'next' links followed to a deep page")
    parser.add_argument("--upload-attempts", type=int, default=2)
    parser.add_argument("--lopsided-retries", type=int, default=2,
                        help="times a round where one worker took >= 90%% of the CPU is run again")
    parser.add_argument("--skip-upload", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database the bench may fill (e.g. createdb bench)")
    base_env = dict(os.environ, DATABASE_URL=url)
    flask(["db", "upgrade"], base_env)
    marker = ensure_data(url, args.scale, base_env)
    counts, version, (draft_id, draft_centre) = database_facts(url)
    processes = Processes()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        scratch = Path(folder)
        try:
            ports = {"s3": free_port(), "portal": free_port(), "hello": free_port(), "flask": free_port()}
            endpoint = f"http://127.0.0.1:{ports['s3']}"
            s3_env = dict(base_env, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                          AWS_DEFAULT_REGION="us-east-1")
            moto = processes.start([str(BIN / "python"), "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                    str(ports["s3"])], s3_env, scratch / "moto.log")
            wait_http(ports["s3"], "/", moto, scratch / "moto.log")
            import boto3

            boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                         aws_secret_access_key="bench").create_bucket(Bucket=BUCKET)
            env = dict(s3_env, PORTAL_ENV="production", SECRET_KEY=secrets.token_urlsafe(48), BENCH_COUNT_SQL="1",
                       PUBLIC_BASE_URL=PUBLIC_BASE_URL, TRUSTED_HOSTS=TRUSTED_HOSTS, STORAGE_BACKEND="s3",
                       S3_BUCKET=BUCKET, S3_ENDPOINT_URL=endpoint, S3_REGION="us-east-1",
                       MAIL_FOLDER=str(scratch / "mail"), MAX_UPLOAD_BYTES=str(UPLOAD_BYTES + 1024 * 1024),
                       MAX_CONTENT_LENGTH=str(UPLOAD_BYTES + 16 * 1024 * 1024),
                       RATELIMIT_STORAGE_URI="memory://")
            # --reuse-port: a listening socket per worker, so the kernel spreads wrk's connections (bench/workers.py)
            gunicorn = [str(BIN / "gunicorn"), "-k", "gthread", "-w", str(os.cpu_count() or 1), "--threads", "4",
                        "--reuse-port", "--timeout", "300", "--log-level", "warning"]
            portal = processes.start([*gunicorn, "-b", f"127.0.0.1:{ports['portal']}", "bench.counted_wsgi:app"],
                                     env, scratch / "portal.log")
            hello = processes.start([*gunicorn, "-b", f"127.0.0.1:{ports['hello']}", "bench.hello:app"],
                                    env, scratch / "hello.log")
            bare_flask = processes.start([*gunicorn, "-b", f"127.0.0.1:{ports['flask']}", "bench.flask_hello:app"],
                                         env, scratch / "flask.log")
            wait_http(ports["portal"], "/sante", portal, scratch / "portal.log")
            wait_http(ports["hello"], "/", hello, scratch / "hello.log")
            wait_http(ports["flask"], "/", bare_flask, scratch / "flask.log")
            sessions = {"anonymous": Session(ports["portal"]), "flask": Session(ports["flask"])}
            for name, email in (("staff", "staff1-1"), ("coordinator", "coordinator1"), ("ministry", "ministry1"),
                                ("admin", "admin1"), ("uploader", f"staff{draft_centre}-1")):
                sessions[name] = Session(ports["portal"])
                sessions[name].login(f"{email}@bench.example", generate.BENCH_PASSWORD, generate.BENCH_TOTP_SECRET)
            print("finding the deep pages and the routes", flush=True)
            pages = resolve_pages(sessions, draft_id, env, args.deep_steps, pairing_facts(url))
            print("loading the pages", flush=True)
            masters = {"portal": portal.pid, "hello": hello.pid, "flask": bare_flask.pid}
            hello_measure, measures, seq_scans = measure_pages(pages, sessions, ports, masters, args, scratch)
            uploads = None
            if not args.skip_upload:
                print("uploading 100 MB", flush=True)
                uploads = measure_upload(sessions["uploader"], draft_id, portal.pid, endpoint, scratch,
                                         args.upload_attempts)
        finally:
            processes.stop()
    report(args, (counts, version, marker), hello_measure, pages, measures, uploads, seq_scans)


if __name__ == "__main__":
    main()

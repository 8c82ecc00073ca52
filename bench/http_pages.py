"""Requests per second of portal pages, as ratios to the same server's health endpoint.

Run:  .venv/bin/python bench/http_pages.py [--requests 400] [--concurrency 4]
Starts gunicorn on 127.0.0.1 with a throw-away SQLite database seeded with the demo, sends a bounded number of
requests to loopback only, prints a table and stops the server. Figures are only comparable within one run.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-" + "k3Jd9Qw2" * 5


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def login_cookie(port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/compte/connexion")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = f"csrf_token={token}&email={email}&password={password}"
    conn.request("POST", "/compte/connexion", body=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";")[0]


def first_project(port: int, cookie: str) -> int:
    """The id of the first application in the staff member's list (the demo seeds several)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/projets/", headers={"Cookie": cookie})
    html = conn.getresponse().read().decode()
    return int(re.search(r'href="/projets/(\d+)"', html).group(1))


def measure(port: int, path: str, cookie: str | None, requests: int, concurrency: int) -> float:
    def worker(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": cookie} if cookie else {}
        for _ in range(count):
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
        conn.close()

    share = requests // concurrency
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, [share] * concurrency))
    return share * concurrency / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3", SECRET_KEY=SECRET,
                   MAIL_FOLDER=f"{folder}/mail", UPLOAD_FOLDER=f"{folder}/uploads", FLASK_APP="wsgi")
        flask = str(Path(sys.executable).parent / "flask")
        run([flask, "db", "upgrade"], env)
        accounts = {line.split()[0]: line.split()[1:] for line in run([flask, "seed-demo"], env).splitlines()
                    if "@" in line}
        port = free_port()
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                                   "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/sante")
                    break
                except OSError:
                    time.sleep(0.1)
            staff = login_cookie(port, *accounts["staff"])
            coordinator = login_cookie(port, *accounts["coordinator"])
            ministry = login_cookie(port, *accounts["ministry"])
            project = first_project(port, staff)
            pages = [("/sante (baseline)", "/sante", None), ("login page", "/compte/connexion", None),
                     ("staff home", "/accueil", staff), ("coordinator home", "/accueil", coordinator),
                     ("staff projects", "/projets/", staff), ("staff project", f"/projets/{project}", staff),
                     ("budget.json", f"/projets/{project}/budget.json", staff),
                     ("review queue", "/examen/", coordinator), ("ministry queue", "/examen/ministere", ministry),
                     ("partner registry", "/partenaires/", coordinator), ("audit journal", "/journal/", ministry)]
            baseline = None
            print(f"{'page':<22}{'req/s':>10}{'ratio':>8}   ({args.requests} requests, {args.concurrency} clients)")
            for label, path, cookie in pages:
                rate = measure(port, path, cookie, args.requests, args.concurrency)
                baseline = baseline or rate
                print(f"{label:<22}{rate:>10.1f}{rate / baseline:>8.2f}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""The bench logs in like a person: password form, then, when the portal asks for it, the TOTP code; a code of a
step already used (the portal refuses replays) makes it answer with the next step's code."""
from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pyotp
import pytest

from bench import generate, pages

pytestmark = pytest.mark.no_db

SECRET = generate.BENCH_TOTP_SECRET
FORM = '<form><input type="hidden" name="csrf_token" value="tok"></form>'


class Portal(BaseHTTPRequestHandler):
    """The two log-in steps; the code of the current step counts as already used."""

    codes: list[str] = []

    def _answer(self, status: int, location: str = "", body: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Set-Cookie", "session=s1; Secure; HttpOnly; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def do_GET(self):  # noqa: N802 (http.server's name)
        self._answer(200, body=FORM)

    def do_POST(self):  # noqa: N802
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if self.path == pages.LOGIN:
            self._answer(302, location=pages.SECOND_FACTOR)
            return
        totp = pyotp.TOTP(SECRET)
        code = form["code"][0]
        Portal.codes.append(code)
        used = totp.generate_otp(totp.timecode(datetime.now(UTC)))
        self._answer(302 if code != used and totp.verify(code, valid_window=1) else 422, location="/accueil")

    def log_message(self, *_args):
        pass


@pytest.fixture
def portal():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Portal.codes = []
    yield server.server_address[1]
    server.shutdown()


def test_the_second_factor_is_answered_with_the_next_code_when_the_current_one_was_used(portal):
    session = pages.Session(portal)
    session.login("admin1@bench.example", "pw", SECRET)
    assert len(Portal.codes) == 2 and Portal.codes[0] != Portal.codes[1]


def test_the_secure_session_cookie_is_sent_back_over_http(portal):
    session = pages.Session(portal)
    session.login("admin1@bench.example", "pw", SECRET)
    assert session.cookie_header() == "session=s1"


def test_a_second_factor_without_a_secret_stops_the_run(portal):
    with pytest.raises(RuntimeError, match="second factor"):
        pages.Session(portal).login("admin1@bench.example", "pw")

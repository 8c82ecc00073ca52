"""A bare Flask hello-world: the floor of the framework the portal is built on, served like H and the portal.

A reference row of the bench, with no target: how much of H a Flask app keeps before the portal adds anything
(sessions, log-in, language, CSRF, security headers, the database, templates).
"""
from __future__ import annotations

from flask import Flask

from bench.hello import BODY

app = Flask(__name__)


@app.get("/")
def hello() -> tuple[bytes, int, dict[str, str]]:
    return BODY, 200, {"Content-Type": "text/plain; charset=utf-8"}

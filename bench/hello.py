"""The raw WSGI hello-world H: the ceiling of this machine, gunicorn and the load tool, run with the portal's settings.

Every page's requests per second is reported as a ratio to H measured in the same run.
"""
from __future__ import annotations

BODY = b"Hello, world!\n"


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))])
    return [BODY]

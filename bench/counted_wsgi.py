"""The portal as gunicorn serves it in the bench, with SQL statements counted per request (bench only).

With BENCH_COUNT_SQL=1 every response carries ``X-Bench-SQL: <statements run while handling the request>``; without
it this module is ``wsgi.app`` unchanged. The counter is per thread (gunicorn gthread runs one request per thread
at a time) and is read when the response starts, after the view has run its queries. Nothing of this is in the
portal's own code: the bench imports it, production never does.
"""
from __future__ import annotations

import os
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

from wsgi import app as portal_app

HEADER = "X-Bench-SQL"
_local = threading.local()


def _count(*_args, **_kwargs) -> None:
    _local.count = getattr(_local, "count", 0) + 1


class CountingMiddleware:
    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __call__(self, environ, start_response):
        _local.count = 0

        def counted_start_response(status, headers, exc_info=None):
            return start_response(status, [*headers, (HEADER, str(getattr(_local, "count", 0)))], exc_info)

        return self.wrapped(environ, counted_start_response)


if os.environ.get("BENCH_COUNT_SQL") == "1":
    event.listen(Engine, "before_cursor_execute", _count)
    portal_app.wsgi_app = CountingMiddleware(portal_app.wsgi_app)

app = portal_app

"""The portal as gunicorn serves it in the bench, with SQL statements counted per request (bench only).

With BENCH_COUNT_SQL=1 every response carries ``X-Bench-SQL: <statements run while handling the request>``; a
request sent with ``X-Bench-Explain: 1`` also gets ``X-Bench-Seq-Scans``: the tables of more than
SEQ_SCAN_MIN_ROWS rows that PostgreSQL's plan (EXPLAIN, not ANALYZE) of one of its SELECTs reads sequentially
("-" when none). Without BENCH_COUNT_SQL this module is ``wsgi.app`` unchanged. The counter is per thread (gunicorn
gthread runs one request per thread at a time) and is read when the response starts, after the view has run its
queries. Nothing of this is in the portal's own code: the bench imports it, production never does.
"""
from __future__ import annotations

import os
import threading

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from bench import explain
from portal.extensions import db
from wsgi import app as portal_app

HEADER = "X-Bench-SQL"
SCANS_HEADER = "X-Bench-Seq-Scans"
SEQ_SCAN_MIN_ROWS = 10_000
_local = threading.local()


def _count(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
    _local.count = getattr(_local, "count", 0) + 1
    if getattr(_local, "explain", False) and statement.lstrip().upper().startswith(("SELECT", "WITH")):
        _local.statements.append((statement, parameters))


def sequential_scans(statements: list[tuple[str, object]]) -> list[str]:
    """'table (rows)' for every big table a plan of these statements scans sequentially, biggest first."""
    tables: set[str] = set()
    with portal_app.app_context(), db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
            tables |= explain.seq_scanned(plan[0]["Plan"])
        sizes = dict(conn.execute(text("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")).all())
    return explain.big_tables(tables, sizes, SEQ_SCAN_MIN_ROWS)


class CountingMiddleware:
    def __init__(self, wrapped):
        self.wrapped = wrapped

    def __call__(self, environ, start_response):
        _local.count = 0
        _local.explain = environ.get("HTTP_X_BENCH_EXPLAIN") == "1"
        _local.statements = []

        def counted_start_response(status, headers, exc_info=None):
            extra = [(HEADER, str(getattr(_local, "count", 0)))]
            if _local.explain:
                _local.explain = False  # the EXPLAINs themselves are neither counted nor explained
                try:
                    scans = ", ".join(sequential_scans(_local.statements)) or "-"
                except Exception as error:  # noqa: BLE001 - a bench report, never the page's answer
                    scans = f"EXPLAIN failed: {type(error).__name__}"
                extra.append((SCANS_HEADER, scans))
            return start_response(status, [*headers, *extra], exc_info)

        return self.wrapped(environ, counted_start_response)


if os.environ.get("BENCH_COUNT_SQL") == "1":
    event.listen(Engine, "before_cursor_execute", _count)
    portal_app.wsgi_app = CountingMiddleware(portal_app.wsgi_app)

app = portal_app

"""Streamed exports (CSV or XLSX) of the data sets with the page's filters, and the annual report as XLSX."""
from __future__ import annotations

from flask import Response, abort, request, stream_with_context
from flask_babel import force_locale
from flask_login import current_user

from portal.core.spreadsheet import csv_stream, xlsx_stream
from portal.indicators import figures, report
from portal.indicators.datasets import DATASETS, indicator_sheets
from portal.indicators.filters import Filters, parse
from portal.indicators.views.blueprint import bp
from portal.indicators.views.page import READERS
from portal.web.access import roles_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export/<dataset>.<fmt>")
@roles_required(*READERS)
def export(dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in ("csv", "xlsx"):
        abort(404)
    filters = parse(request.args)
    chosen = DATASETS[dataset]
    role = current_user.role
    headers = [str(h) for h in chosen.headers]
    if fmt == "csv":
        delimiter = ";" if request.args.get("sep") == "semicolon" else ","
        return _download(csv_stream(headers, chosen.rows(filters, role), delimiter), "text/csv; charset=utf-8",
                         f"{dataset}.csv")
    return _download(xlsx_stream([(dataset, headers, chosen.rows(filters, role))]), XLSX, f"{dataset}.xlsx")


@bp.get("/rapport-annuel.xlsx")
@roles_required(*READERS)
def annual_xlsx():
    """One sheet per indicator group; French headers unless ?lang=en."""
    filters = Filters(year=parse(request.args).year)
    language = request.args.get("lang") if request.args.get("lang") in ("fr", "en") else "fr"
    with force_locale(language):
        sheets = indicator_sheets(report.current(filters))
    figures.commit_if_stored()
    suffix = filters.year or "all"
    return _download(xlsx_stream(sheets), XLSX, f"annual-report-{suffix}-{language}.xlsx")

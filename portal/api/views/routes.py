"""GET routes of /api/v1: each checks the bearer token's scope, answers JSON with Cache-Control: no-store."""
from __future__ import annotations

from functools import wraps

from flask import jsonify, render_template, request

from portal.api import queries, spec, tokens
from portal.api.views.blueprint import bp
from portal.core.errors import DomainError, InvalidInput
from portal.extensions import db

ID_PARAMETER = {"name": "application_id", "in": "path", "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
YEAR_PARAMETER = {"name": "year", "in": "query", "required": False,
                  "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}


def _json(body, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def scoped(scope: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            secret = header[7:].strip() if header.lower().startswith("bearer ") else None
            try:
                if tokens.authenticate(secret, scope) is None:
                    response = _json({"error": "A valid bearer token is required."}, 401)
                    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
                    return response
                body = view(*args, **kwargs)
            except DomainError as error:
                db.session.commit()  # read-only: only the token's last use was written
                return _json({"error": str(error) or "Refused."}, error.status_code)
            db.session.commit()  # the token's last use
            return _json(body)
        return wrapped
    return decorator


def _int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(f"{name} must be an integer between {low} and {high}.")
    return int(raw)


def _limit() -> int:
    return _int_arg("limit", 50, 1, queries.MAX_LIMIT)


@bp.get("/calls")
@spec.operation("/api/v1/calls", "listCalls", "Calls for projects", "read:calls", spec.page_of("Call"),
                spec.PAGE_PARAMETERS)
@scoped("read:calls")
def calls():
    return queries.calls(request.args.get("cursor"), _limit())


@bp.get("/applications")
@spec.operation("/api/v1/applications", "listApplications", "Submitted applications (summary)",
                "read:applications", spec.page_of("ApplicationSummary"), spec.PAGE_PARAMETERS)
@scoped("read:applications")
def applications():
    return queries.applications(request.args.get("cursor"), _limit())


@bp.get("/applications/<int:application_id>")
@spec.operation("/api/v1/applications/{application_id}", "getApplication", "One submitted application",
                "read:applications", {"$ref": "#/components/schemas/ApplicationDetail"}, [ID_PARAMETER])
@scoped("read:applications")
def application(application_id: int):
    return queries.application(application_id)


@bp.get("/partners")
@spec.operation("/api/v1/partners", "listPartners", "Partner institutions", "read:partners",
                spec.page_of("Partner"), spec.PAGE_PARAMETERS)
@scoped("read:partners")
def partners():
    return queries.partners(request.args.get("cursor"), _limit())


@bp.get("/indicators")
@spec.operation("/api/v1/indicators", "getIndicators", "The program's indicators, for one year or all",
                "read:indicators", {"$ref": "#/components/schemas/Indicators"}, [YEAR_PARAMETER])
@scoped("read:indicators")
def indicators():
    return queries.indicators(_int_arg("year", None, 2000, 2100))


@bp.get("/openapi.json")
def openapi():
    return _json(spec.document())


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", document=spec.document())

"""The staff budget page of a project: computed lines, requested amounts, cap, carbon, and a JSON live preview.

Reads go through application_for_reader, writes through application_for_staff (another centre's project is a
404); writes are refused with 409 once the project can no longer be edited. A submitted project's preview uses the
rates frozen on its lines.
"""
from __future__ import annotations

from datetime import date

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import funding
from portal.applications import operations as project_operations
from portal.applications.policy import application_for_reader, application_for_staff
from portal.applications.policy import can_edit as can_edit_access
from portal.applications.views.blueprint import bp
from portal.core.errors import InvalidInput
from portal.extensions import db
from portal.funding import budgets, cap_exceptions
from portal.funding.labels import EXCEPTION_LABELS, LEG_MODE_LABELS, line_kind_label
from portal.i18n import current_language
from portal.i18n.formatting import money
from portal.models import FundingKind, Role
from portal.web.access import roles_required
from portal.web.money_input import MAX_CENTS, parse_dollars_to_cents
from portal.workflow import transitions


def _parse_amount(text: str) -> int:
    """Dollars typed in either language ("1 234,50", "1234.50") → int cents, negative when typed with a minus
    sign (the view refuses it with its own message); ValueError otherwise."""
    stripped = (text or "").strip()
    if stripped.startswith(("-", "\u2212")):
        return -parse_dollars_to_cents(stripped[1:])
    return parse_dollars_to_cents(stripped)


def _render(application, status: int = 200, errors: list[str] | None = None, values: dict | None = None,
            justification: str | None = None):
    language = current_language()
    if justification is None:  # the saved one, so that saving again does not need it retyped
        justification = next((line.justification for line in application.funding_lines if line.justification), "")
    try:
        preview, problems = budgets.preview(application, language), []
    except InvalidInput as cannot:
        preview, problems = None, cannot.failed
    editable = transitions.can_edit(application)
    can_write = editable and can_edit_access(current_user, application)
    lines = application.funding_lines
    requested_total = sum(line.effective_requested_cents for line in lines)
    return render_template(
        "applications/budget.html", application=application, lines=lines, language=language,
        budget=preview, problems=problems,
        computed_total=sum(line.computed_cents for line in lines), requested_total=requested_total,
        can_write=can_write, errors=errors or [], values=values or {}, justification=justification,
        cap_reduction=FundingKind.CAP_REDUCTION, exceptions=cap_exceptions.exceptions_of(application),
        exception_labels=EXCEPTION_LABELS, leg_modes=LEG_MODE_LABELS, kind_label=line_kind_label,
    ), status


def _typed_amounts(application) -> tuple[dict[int, int], dict[int, str], list[str]]:
    """The amounts typed per line (line id → cents; empty fields left out), the texts as typed, and what is wrong
    with them (not an amount, negative)."""
    typed: dict[int, int] = {}
    texts: dict[int, str] = {}
    errors: list[str] = []
    for line in application.funding_lines:
        if line.kind == FundingKind.CAP_REDUCTION:
            continue
        text = (request.form.get(f"requested-{line.id}") or "").strip()
        texts[line.id] = text
        if not text:
            continue
        try:
            cents = _parse_amount(text)
        except (ValueError, TypeError):
            errors.append(_("“%(value)s” is not an amount in dollars and cents.", value=text))
            continue
        if cents < 0:
            errors.append(_("A requested amount cannot be negative."))
            continue
        if cents > MAX_CENTS:
            errors.append(_("“%(value)s” is too large for one amount.", value=text))
            continue
        typed[line.id] = cents
    return typed, texts, errors


@bp.get("/<int:application_id>/budget")
@login_required
def budget(application_id: int):
    return _render(application_for_reader(current_user, application_id, options=budgets.RECOMPUTE_LOADS))


@bp.post("/<int:application_id>/budget")
@roles_required(Role.STAFF)
def budget_save(application_id: int):
    application = application_for_staff(current_user, application_id, for_update=True,
                                        options=budgets.RECOMPUTE_LOADS)  # the request is checked on a preview
    project_operations.ensure_budget_editable(application)
    justification = (request.form.get("justification") or "").strip()
    typed, texts, errors = _typed_amounts(application)
    if not errors:
        try:
            project_operations.request_amounts(current_user, application, typed, justification, current_language())
        except InvalidInput as refused:
            errors = refused.failed
    if errors:
        return _render(application, 422, errors=errors, values=texts, justification=justification)
    db.session.commit()
    flash(_("The requested amounts have been saved."), "success")
    return redirect(url_for("applications.budget", application_id=application_id))


def _bad_request(message: str):
    return jsonify({"ok": False, "problems": [message]}), 400


@bp.get("/<int:application_id>/budget.json")
@login_required
def budget_json(application_id: int):
    """The recomputed budget, nothing saved; optional overrides ``start``, ``end``, ``travel_mode``."""
    application = application_for_reader(current_user, application_id, options=budgets.RECOMPUTE_LOADS)
    overrides: dict = {}
    for name in ("start", "end"):
        raw = (request.args.get(name) or "").strip()
        if raw:
            try:
                overrides[name] = date.fromisoformat(raw)
            except ValueError:
                return _bad_request(_("“%(value)s” is not a date (YYYY-MM-DD).", value=raw))
    mode = (request.args.get("travel_mode") or "").strip()
    if mode:
        if mode not in {str(m) for m in funding.TravelMode}:
            return _bad_request(_("Unknown travel mode."))
        overrides["travel_mode"] = mode
    language = current_language()
    try:
        result = budgets.preview(application, language, **overrides)
    except InvalidInput as cannot:
        return jsonify({"ok": False, "problems": cannot.failed}), 422
    data = funding.budget_to_dict(result)
    for line in data["lines"]:
        line["amount"] = money(line["amount_cents"])
        line["category"] = line_kind_label(line["kind"])
    data.update(ok=True, total=money(result.total_cents),
                cap=money(result.cap_cents) if result.cap_cents is not None else None,
                offset=money(result.carbon.offset_cents), frozen=not transitions.can_edit(application))
    return jsonify(data)

"""Admin pages: the list of calls, a call's form (create/edit) and a program's rules. Administrators only.

Views read the form and call portal.funding.call_rules; a refused change re-renders the form (422) with the
translated reasons and nothing changed.
"""
from __future__ import annotations

from collections.abc import Sequence

import pycountry
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.interfaces import ORMOption

from portal.core.errors import InvalidInput
from portal.documents.kinds import DOCUMENT_KINDS
from portal.extensions import db, services
from portal.funding import budgets, call_rules, readiness
from portal.funding.views.blueprint import bp
from portal.funding.views.calls_forms import CallForm, ProgramForm
from portal.i18n import current_language
from portal.i18n.countries import country_choices
from portal.models import Call, Program, Role
from portal.web.access import roles_required
from portal.web.form_choices import choices


def _programs() -> list[Program]:
    return list(db.session.scalars(select(Program).order_by(Program.code)))


def call_or_404(call_id: int, for_update: bool = False,
                options: Sequence[ORMOption] = budgets.RATE_ROW_LOADS) -> Call:
    """The call, or 404; by default with its rate rows (the rate pages and their saves read every table)."""
    call = db.session.get(Call, call_id, with_for_update=for_update, options=list(options),
                          populate_existing=bool(options))  # so the options apply to a call the session holds
    if call is None:
        abort(404)
    return call


@bp.get("/appels")
@roles_required(Role.ADMIN)
def calls():
    rows = db.session.scalars(select(Call).join(Call.program).order_by(Call.year.desc(), Program.code)
                              .options(contains_eager(Call.program))).all()  # each row names its program
    return render_template("admin/calls.html", calls=rows, programs=_programs(), language=current_language())


def _call_form(call: Call | None) -> CallForm:
    form = CallForm()
    language = current_language()
    form.program_id.choices = choices([(p.id, p.name(language)) for p in _programs()])
    if request.method == "GET":
        if call is None:
            form.opens_on.data, form.closes_on.data = call_rules.default_call_days(services.clock.today())
            form.year.data = form.closes_on.data.year
        else:
            form.program_id.data, form.year.data = call.program_id, call.year
            form.title_fr.data, form.title_en.data = call.title_fr, call.title_en
            form.opens_on.data = call_rules.quebec_day(call.opens_at)
            form.closes_on.data = call_rules.quebec_day(call.closes_at)
            form.stays_start_from.data, form.stays_end_by.data = call.stays_start_from, call.stays_end_by
            form.envelope.data = call.envelope_cents
            form.default_nightly.data = call.default_nightly_cents
            form.default_daily.data = call.default_daily_cents
            form.offset_per_tonne.data = call.offset_cents_per_tonne
            form.eur_to_cad.data = call.eur_to_cad
    return form


def _save_call(call: Call | None):
    form = _call_form(call)
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            saved = call_rules.save_call(call, form.values(), current_user, request.remote_addr)
        except InvalidInput as error:
            errors = error.failed
        else:
            db.session.commit()
            flash(_("The call has been saved."), "success")
            return redirect(url_for("funding.call_edit", call_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/call_form.html", form=form, call=call, errors=errors), status


@bp.route("/appels/nouveau", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def call_new():
    return _save_call(None)


@bp.route("/appels/<int:call_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def call_edit(call_id: int):
    posted = request.method == "POST"  # saving may open the call: readiness reads its tables
    return _save_call(call_or_404(call_id, for_update=posted, options=readiness.LOADS if posted else ()))


def _program_form(program: Program) -> ProgramForm:
    form = ProgramForm()
    language = current_language()
    form.allowed_countries.choices = choices(country_choices(
        [country.alpha_2 for country in pycountry.countries], language))
    documents = [(kind, str(label)) for kind, label in DOCUMENT_KINDS.items()]
    form.required_documents.choices = choices(documents)
    form.optional_documents.choices = choices(documents)
    if request.method == "GET":
        for name in ("name_fr", "name_en", "min_days", "max_travel_days", "flat_long_from_days",
                     "max_accompanying", "students_per_adult", "active"):
            getattr(form, name).data = getattr(program, name)
        form.cap.data, form.flat_short.data = program.cap_cents, program.flat_short_cents
        form.flat_long.data = program.flat_long_cents
        form.allowed_countries.data = program.countries
        form.required_documents.data = program.required_document_kinds
        form.optional_documents.data = program.optional_document_kinds
    return form


@bp.route("/programmes/<int:program_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def program_edit(program_id: int):
    program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    form = _program_form(program)
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            call_rules.save_program(program, form.values(), current_user, request.remote_addr)
        except InvalidInput as error:
            errors = error.failed
        else:
            db.session.commit()
            flash(_("The program has been saved."), "success")
            return redirect(url_for("funding.program_edit", program_id=program.id))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/program_form.html", form=form, program=program, errors=errors), status

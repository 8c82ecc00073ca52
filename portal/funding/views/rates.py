"""Admin page of a call's rate tables: distance bands, per-country rates, carbon factors. Administrators only.

One page, one form per table, each posting to its own endpoint. A refused change re-renders the page (422) with
the reasons above the table concerned, and nothing changed. Submitted budgets keep their frozen rates.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pycountry
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import FieldList

from portal.core.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.funding import rate_tables, readiness, reference_rows
from portal.funding.views.blueprint import bp
from portal.funding.views.calls import call_or_404 as _call_or_404
from portal.funding.views.rates_forms import (
    BLANK_BAND_ROWS,
    CARBON_MODE_LABELS,
    BandsForm,
    CanadianBandsForm,
    CarbonFactorsForm,
    CountryRateForm,
    DatedRateForm,
    HostRatesForm,
)
from portal.i18n import current_language
from portal.i18n.countries import country_choices, country_name
from portal.models import Call, Role, User
from portal.web.access import roles_required
from portal.web.form_choices import choices

CANADA_PREFIX = "canada"


def _band_rows_data(bands) -> dict:
    """A band form's rows as stored, then blank rows to add bands."""
    rows = [{"min_km": b.min_km, "max_km": b.max_km, "standard": int(b.standard_cents),
             "green": None if b.green_cents is None else int(b.green_cents)} for b in bands]
    return {"rows": rows + [{}] * BLANK_BAND_ROWS}


def _bands_form(call: Call, posted: bool) -> BandsForm:
    if posted:
        return BandsForm()
    return BandsForm(formdata=None, data=_band_rows_data(call.distance_bands))


def _canadian_form(call: Call, posted: bool) -> CanadianBandsForm:
    if posted:
        return CanadianBandsForm(prefix=CANADA_PREFIX)
    return CanadianBandsForm(formdata=None, data=_band_rows_data(reference_rows.canadian_bands(call)),
                             prefix=CANADA_PREFIX)


def _dated_kind_labels() -> dict[str, str]:
    return {"nightly": _("Nightly lodging"), "daily": _("Daily subsistence"),
            "local_transport": _("Local transport of incoming stays, per visitor and day"),
            "activities": _("Activities of incoming stays, per visitor and day"),
            "staff_hosting": _("Hosting of incoming accompanying staff, per night")}


def _country_form(posted: bool) -> CountryRateForm:
    form = CountryRateForm() if posted else CountryRateForm(formdata=None)
    form.country.choices = choices([("", _("— choose a country —"))] + country_choices(
        [country.alpha_2 for country in pycountry.countries], current_language()))
    return form


def _carbon_form(call: Call, posted: bool) -> CarbonFactorsForm:
    if posted:
        return CarbonFactorsForm()
    stored = {row.mode: Decimal(str(row.kg_per_passenger_km)) for row in call.carbon_factors}
    return CarbonFactorsForm(formdata=None, data=stored)


def _host_form(call: Call, posted: bool) -> HostRatesForm:
    if posted:
        return HostRatesForm()
    return HostRatesForm(formdata=None, data={row.kind: int(row.amount_cents)
                                              for row in reference_rows.host_rates(call)})


def _dated_form(posted: bool) -> DatedRateForm:
    form = DatedRateForm() if posted else DatedRateForm(formdata=None)
    form.kind.choices = choices(_dated_kind_labels().items())
    return form


def _page(call: Call, section: str | None = None, errors: list[str] | None = None, status: int = 200):
    language = current_language()
    rates = sorted(call.country_rates, key=lambda rate: country_name(rate.country_code, language))
    return render_template(
        "admin/rates.html", call=call, language=language, section=section, errors=errors or [],
        bands_form=_bands_form(call, section == "bands"), country_form=_country_form(section == "country"),
        carbon_form=_carbon_form(call, section == "carbon"), rates=rates,
        country_name=country_name, carbon_labels=CARBON_MODE_LABELS,
        host_form=_host_form(call, section == "host"), dated_form=_dated_form(section == "dated"),
        canada_form=_canadian_form(call, section == CANADA_PREFIX), dated_kind_labels=_dated_kind_labels(),
        dated_rates=reference_rows.dated_rates(call), tables=readiness.TABLES,
        confirmed=readiness.confirmed_tables(call), unverified={t: readiness.unverified_count(call, t)
                                                                for t in readiness.TABLES},
        not_ready=readiness.not_ready(call),
    ), status


def _form_errors(form) -> list[str]:
    """Field errors as « label : message » lines; band rows are named by their number."""
    separator = " : " if current_language() == "fr" else ": "
    messages: list[str] = []
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                messages += [_("Row %(number)s", number=number) + f" — {sub.label.text}{separator}{message}"
                             for sub in entry.form for message in sub.errors]
        else:
            messages += [f"{field.label.text}{separator}{message}" for message in field.errors]
    return messages


def _saved(call: Call, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("funding.call_rates", call_id=call.id))


@bp.get("/appels/<int:call_id>/baremes")
@roles_required(Role.ADMIN)
def call_rates(call_id: int):
    return _page(_call_or_404(call_id))


def _save_bands(call: Call, form: BandsForm, section: str,
                replace: Callable[[Call, list[rate_tables.BandRow], User | None, str | None], None],
                saved_message: str):
    """The one rule of both band tables: a form that does not validate, rows that do not make contiguous bands,
    or a replacement the rate tables refuse re-render the page (422) with the reasons above the table and nothing
    changed; otherwise the bands are replaced, committed, and the page says so."""
    if not form.validate_on_submit():
        return _page(call, section, _form_errors(form), 422)
    rows, problems = form.band_rows()
    if not problems:
        try:
            replace(call, rows, current_user, request.remote_addr)
        except InvalidInput as error:
            problems = error.failed
    if problems:
        return _page(call, section, problems, 422)
    return _saved(call, saved_message)


@bp.post("/appels/<int:call_id>/baremes/tranches")
@roles_required(Role.ADMIN)
def call_bands_save(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    return _save_bands(call, _bands_form(call, posted=True), "bands", rate_tables.replace_bands,
                       _("The distance bands have been saved."))


@bp.post("/appels/<int:call_id>/baremes/tranches-canadiennes")
@roles_required(Role.ADMIN)
def call_canadian_bands_save(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    return _save_bands(call, _canadian_form(call, posted=True), CANADA_PREFIX, rate_tables.replace_canadian_bands,
                       _("The Canadian distance bands have been saved."))


@bp.post("/appels/<int:call_id>/baremes/pays")
@roles_required(Role.ADMIN)
def call_country_rate_save(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    form = _country_form(posted=True)
    if not form.validate_on_submit():
        return _page(call, "country", _form_errors(form), 422)
    try:
        rate_tables.set_country_rate(call, form.country.data, form.nightly.data, form.daily.data, current_user,
                                     request.remote_addr)
    except InvalidInput as error:
        return _page(call, "country", error.failed, 422)
    return _saved(call, _("The rates for %(country)s have been saved.",
                          country=country_name(form.country.data, current_language())))


@bp.post("/appels/<int:call_id>/baremes/pays/<code>/supprimer")
@roles_required(Role.ADMIN)
def call_country_rate_remove(call_id: int, code: str):
    call = _call_or_404(call_id, for_update=True)
    try:
        rate_tables.remove_country_rate(call, code, current_user, request.remote_addr)
    except NotFound:
        abort(404)
    return _saved(call, _("The rates for %(country)s have been removed; the call's default rates apply.",
                          country=country_name(code, current_language())))


@bp.post("/appels/<int:call_id>/baremes/carbone")
@roles_required(Role.ADMIN)
def call_carbon_save(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    form = CarbonFactorsForm()
    if not form.validate_on_submit():
        return _page(call, "carbon", _form_errors(form), 422)
    try:
        rate_tables.set_carbon_factors(call, form.factors(), current_user, request.remote_addr)
    except InvalidInput as error:
        return _page(call, "carbon", error.failed, 422)
    return _saved(call, _("The carbon factors have been saved."))


@bp.post("/appels/<int:call_id>/baremes/accueil")
@roles_required(Role.ADMIN)
def call_host_rates_save(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    form = HostRatesForm()
    if not form.validate_on_submit():
        return _page(call, "host", _form_errors(form), 422)
    try:
        rate_tables.set_host_rates(call, form.amounts(), current_user, request.remote_addr)
    except InvalidInput as error:
        return _page(call, "host", error.failed, 422)
    return _saved(call, _("The host rates of incoming stays have been saved."))


@bp.post("/appels/<int:call_id>/baremes/periodes")
@roles_required(Role.ADMIN)
def call_dated_rate_add(call_id: int):
    call = _call_or_404(call_id, for_update=True)
    form = _dated_form(posted=True)
    if not form.validate_on_submit():
        return _page(call, "dated", _form_errors(form), 422)
    try:
        rate_tables.add_dated_rate(call, form.destination.data, form.kind.data, form.valid_from.data,
                                   form.valid_to.data, form.amount.data, current_user, request.remote_addr)
    except InvalidInput as error:
        return _page(call, "dated", error.failed, 422)
    return _saved(call, _("The dated rate has been added."))


@bp.post("/appels/<int:call_id>/baremes/periodes/<int:rate_id>/supprimer")
@roles_required(Role.ADMIN)
def call_dated_rate_remove(call_id: int, rate_id: int):
    call = _call_or_404(call_id, for_update=True)
    try:
        rate_tables.remove_dated_rate(call, rate_id, current_user, request.remote_addr)
    except NotFound:
        abort(404)
    return _saved(call, _("The dated rate has been removed."))


@bp.post("/appels/<int:call_id>/baremes/confirmer/<table>")
@roles_required(Role.ADMIN)
def call_table_confirm(call_id: int, table: str):
    call = _call_or_404(call_id, for_update=True)
    if table not in readiness.TABLES:
        abort(404)
    readiness.confirm(call, table, current_user, request.remote_addr)
    return _saved(call, _("The table has been confirmed: its rows are marked verified."))

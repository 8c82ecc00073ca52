"""The partner registry: coordinators and administrators create and edit; staff and ministry officers read.

Read-only roles see no edit buttons, and every POST from them is a 403.
"""
from __future__ import annotations

from typing import Any

import pycountry
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, literal, or_, select

from portal.audit.trail import add_event, changes_before_after
from portal.extensions import db
from portal.i18n import current_language
from portal.i18n.countries import country_choices, country_name
from portal.models import Organisation, OrganisationKind, Role, paging
from portal.partners import reciprocity
from portal.partners.catalogue import language_choices, language_name, sector_of, trade_choices, trade_label
from portal.partners.views.blueprint import bp
from portal.partners.views.forms import PartnerForm, PartnerSearchForm
from portal.web.access import roles_required

PER_PAGE = 50
REGISTRY_KEYS = (paging.Key(Organisation.name, str), paging.Key(Organisation.id, int))  # index (kind, name, id)
EDITOR_ROLES = (Role.COORDINATOR, Role.ADMIN)
READER_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.STAFF, Role.MINISTRY)


def can_edit_registry(user) -> bool:
    return user.is_authenticated and user.role in EDITOR_ROLES


def _partner_or_404(partner_id: int) -> Organisation:
    partner = db.session.get(Organisation, partner_id)
    if partner is None or partner.kind != OrganisationKind.PARTNER:
        abort(404)
    return partner


def _audit(action: str, partner: Organisation, changes: dict[str, tuple[Any, Any]]) -> None:
    before, after = changes_before_after(changes)
    add_event(current_user, action, "organisation", partner.id, before=before, after=after)


def _contains(column, code: str):
    """`code` is one of the comma-separated values of `column`."""
    return (literal(",") + func.replace(column, " ", "") + literal(",")).like(f"%,{code},%")


def _display() -> dict[str, Any]:
    language = current_language()
    return {"country_name": lambda code: country_name(code, language),
            "trade_label": lambda code: trade_label(code, language),
            "language_name": lambda code: language_name(code, language),
            "can_edit": can_edit_registry(current_user)}


@bp.get("/")
@roles_required(*READER_ROLES)
def index():
    language = current_language()
    # Choices from the reference catalogues (ISO countries and languages), never a scan of the registry.
    form = PartnerSearchForm(request.args, countries=country_choices(
                                 [country.alpha_2 for country in pycountry.countries], language),
                             trades=trade_choices(language), languages=language_choices(language))
    query = select(Organisation).where(Organisation.kind == OrganisationKind.PARTNER)
    text = (form.q.data or "").strip()
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(Organisation.name).like(pattern),
                                func.lower(Organisation.city).like(pattern)))
    if form.country.data:
        query = query.where(Organisation.country_code == form.country.data.upper())
    if form.trade.data:
        code = form.trade.data.upper()
        sector = sector_of(code)
        condition = _contains(Organisation.trades, code)
        if sector and not code.startswith("S"):  # a partner hosting the whole sector hosts the program too
            condition = or_(condition, _contains(Organisation.trades, f"S{sector}"))
        query = query.where(condition)
    if form.language.data:
        query = query.where(_contains(Organisation.languages, form.language.data.lower()))
    if form.active.data in ("0", "1"):
        query = query.where(Organisation.active.is_(form.active.data == "1"))
    page = paging.fetch(query, REGISTRY_KEYS, lambda partner: (partner.name, partner.id),
                        cursor=request.args.get("cursor"), per_page=PER_PAGE, scalars=True)
    query_args = {key: value for key, value in request.args.items() if key != "cursor" and value}
    return render_template("partners/index.html", partners=page.items, page=page, query_args=query_args,
                           form=form, **_display())


@bp.route("/nouveau", methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def new():
    form = PartnerForm(language=current_language())
    if form.validate_on_submit():
        partner = Organisation(kind=OrganisationKind.PARTNER)
        changes = form.apply_to(partner)
        db.session.add(partner)
        db.session.flush()
        _audit("partner.created", partner, changes)
        db.session.commit()
        flash(_("The partner institution has been added to the registry."), "success")
        return redirect(url_for("partners.show", partner_id=partner.id))
    return render_template("partners/form.html", form=form, partner=None), 200 if request.method == "GET" else 422


@bp.get("/<int:partner_id>")
@roles_required(*READER_ROLES)
def show(partner_id: int):
    partner = _partner_or_404(partner_id)
    years, total = reciprocity.owner_years("partner", partner.id)
    return render_template("partners/show.html", partner=partner, years=years, total=total, **_display())


@bp.route("/<int:partner_id>/modifier", methods=["GET", "POST"])
@roles_required(*EDITOR_ROLES)
def edit(partner_id: int):
    partner = _partner_or_404(partner_id)
    form = PartnerForm(language=current_language(), keep_trades=[code.upper() for code in partner.trade_list])
    if request.method == "GET":
        form.load(partner)
    elif form.validate_on_submit():
        changes = form.apply_to(partner)
        if changes:
            _audit("partner.updated", partner, changes)
        db.session.commit()
        flash(_("The partner institution has been saved."), "success")
        return redirect(url_for("partners.show", partner_id=partner.id))
    status = 200 if request.method == "GET" else 422
    return render_template("partners/form.html", form=form, partner=partner), status

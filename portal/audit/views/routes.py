"""The audit log page: admins and ministry officers read it; there is deliberately no route that changes it."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from portal.audit import journal
from portal.audit.labels import action_label, object_type_label
from portal.audit.views.blueprint import bp
from portal.audit.views.forms import JournalFilterForm
from portal.models import Role
from portal.web.access import roles_required
from portal.web.form_choices import choices


@bp.get("/")
@roles_required(Role.ADMIN, Role.MINISTRY)
def index():
    form = JournalFilterForm(request.args)
    everything = ("", _l("All"))
    form.object_type.choices = choices([everything] + sorted(
        ((code, object_type_label(code)) for code in journal.known_object_types()), key=lambda c: str(c[1])))
    form.action.choices = choices([everything] + sorted(
        ((code, action_label(code)) for code in journal.known_actions()), key=lambda c: str(c[1])))
    filters = journal.JournalFilters()
    status = 200
    if request.args and not form.validate():
        status = 400  # the errors are shown next to the fields; the list stays unfiltered
    elif request.args:
        filters = journal.JournalFilters(
            object_type=form.object_type.data or "", object_id=form.object_id.data,
            actor=(form.actor.data or "").strip(), action=form.action.data or "",
            date_from=form.date_from.data, date_to=form.date_to.data)
    page = journal.page_of_events(filters, request.args.get("cursor") if status == 200 else None)
    query_args = {key: value for key, value in request.args.items() if key not in ("cursor", "submit") and value}
    return render_template("audit/index.html", form=form, page=page, query_args=query_args,
                           changes=journal.changes, action_label=action_label,
                           object_type_label=object_type_label), status

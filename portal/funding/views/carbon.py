"""Carbon of the funded trips per call and per year, for administrators, ministry officers and coordinators."""
from __future__ import annotations

from decimal import Decimal

from flask import render_template

from portal.funding import carbon_report
from portal.funding.views.blueprint import bp
from portal.i18n import current_language
from portal.i18n.formatting import number
from portal.models import Role
from portal.web.access import roles_required


def _kg(value: Decimal) -> str:
    """« 2 241,2 » / "2,241.2"."""
    return number(value, decimals=1)


@bp.get("/carbone")
@roles_required(Role.ADMIN, Role.MINISTRY, Role.COORDINATOR)
def carbon():
    per_call = carbon_report.carbon_by_call()
    return render_template("admin/carbon.html", per_call=per_call, per_year=carbon_report.carbon_by_year(per_call),
                           language=current_language(), kg=_kg)

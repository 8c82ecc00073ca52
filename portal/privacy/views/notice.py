"""The privacy notice: purposes, retention, who sees what, transfers outside Québec, the privacy officer."""
from __future__ import annotations

from flask import current_app, render_template

from portal.privacy import retention
from portal.privacy.views.blueprint import bp


@bp.get("/")
def notice():
    return render_template("privacy/notice.html", rules=retention.rules(),
                           officer=current_app.config.get("PRIVACY_OFFICER") or "")

"""Gives the audit log template its sentences (portal/audit/wording.py), built once per page."""
from __future__ import annotations

from portal.audit.views.blueprint import bp
from portal.audit.wording import Wording


@bp.app_context_processor
def _audit_wording():
    return {"audit_wording": Wording}

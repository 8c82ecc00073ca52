"""The totals kept on the application (requested, approved, carbon), so lists never sum lines per request.

Every operation that changes an application's lines or approved amounts calls ``refresh``; the carbon comes with
each computed budget. Summing here covers one application's few lines, never the table.
"""
from __future__ import annotations

from portal import funding
from portal.models import Application


def refresh(application: Application, carbon: funding.CarbonEstimate | None = None) -> None:
    """Recompute the money totals from the application's lines; record the carbon when a budget gives it."""
    lines = application.funding_lines
    application.requested_total_cents = sum(line.effective_requested_cents for line in lines)
    approved = [line.approved_cents for line in lines if line.approved_cents is not None]
    application.approved_total_cents = sum(approved) if approved else None
    if carbon is not None:
        application.co2_kg = carbon.kg_co2e
        application.offset_cents = carbon.offset_cents

"""Participants' reports after the stay, tracking by staff, and the centre's final report."""
from portal.reports.views import final, participant, tracking  # noqa: F401  (each registers its routes on bp)
from portal.reports.views.blueprint import bp

__all__ = ["bp"]

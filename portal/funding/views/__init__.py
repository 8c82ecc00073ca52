"""Administrators' pages of the funding rules: calls, programs, rate tables, and the carbon report."""
from portal.funding.views import calls, carbon, rates  # noqa: F401  (each registers its routes on bp)
from portal.funding.views.blueprint import bp

__all__ = ["bp"]

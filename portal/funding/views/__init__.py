"""Administrators' pages of the funding rules: calls, programs, rate tables, and the carbon report; and a
project's trip pages (legs, cap exceptions) on their own blueprint."""
from portal.funding.views import calls, carbon, rates, trips  # noqa: F401  (each registers its routes on bp)
from portal.funding.views.blueprint import bp
from portal.funding.views.trips_blueprint import trips_bp

__all__ = ["bp", "trips_bp"]

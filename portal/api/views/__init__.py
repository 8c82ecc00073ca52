"""The read-only API and the administrators' token page."""
from portal.api.views import admin, routes  # noqa: F401  (each registers its routes on bp)
from portal.api.views.blueprint import bp

__all__ = ["bp"]

"""Administration: users and invitations, calls and programs, rate tables, carbon report."""
from . import calls_routes, carbon_routes, rates_routes, routes  # noqa: F401  (registers the routes)

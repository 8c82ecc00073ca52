"""Partner institutions: registry, pairing with applications, the partner's response page, reciprocity."""
from flask import Blueprint

bp = Blueprint("partners", __name__)

from . import pairing_routes, public_routes, reciprocity_routes, routes  # noqa: E402,F401  (registers the routes)

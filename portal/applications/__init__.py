"""School staff: their centre's applications, participants and documents."""
from flask import Blueprint

bp = Blueprint("applications", __name__)

from . import budget_routes, document_routes, participant_routes, routes, stay_routes  # noqa: E402,F401  (registers the routes)

"""Participants' reports after the stay, and the centre's final report (url prefix /rapports)."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import final_routes, routes, tracking_routes  # noqa: E402,F401  (registers the routes)

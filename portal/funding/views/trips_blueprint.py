"""The blueprint of a project's trip pages (legs, cap exceptions), under the projects' URLs."""
from flask import Blueprint

trips_bp = Blueprint("trips", __name__, url_prefix="/projets")

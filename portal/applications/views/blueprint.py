"""The blueprint of the applications pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("applications", __name__, url_prefix="/projets")

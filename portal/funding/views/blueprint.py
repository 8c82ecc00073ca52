"""The blueprint of the funding pages; every view module of this package registers its routes on it."""
from flask import Blueprint

bp = Blueprint("funding", __name__, url_prefix="/admin")
